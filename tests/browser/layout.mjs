// Opens the built report in headless Chromium and counts what a reader of its
// charts suffers, in each mode a reader meets the page (1280 and 390 px wide,
// light and dark, and printed on A4):
//
//   overlap    two visible <text> of one chart SVG whose boxes cross by more
//              than 1 px both ways (a text's own <tspan>s are part of it)
//   clipped    a <text> reaching more than 1 px outside its SVG's box or viewBox
//   cut        a <text> ending with "…" or "..." (a truncated label), or with
//              "…" inside it (a name cut before its value)
//   contrast   a text's fill against what is painted behind it (the page, the
//              SVG's CSS background, then every filled shape drawn before the
//              text under it), WCAG 2.x: under 4.5:1, or 3:1 for large text
//   dark-panel in dark mode, a chart whose panel has relative luminance > 0.4
//   source-ids a chart's source line (in the SVG or its caption) naming a
//              source id of sources.csv or a .csv file
//   first-chart the first chart's top at 1280x900 lower than --max-first-chart
//   table      at 390 px, a table (or its scroll wrapper) that scrolls
//              sideways or passes the screen's edge, and the page's own
//              sideways scroll (every <details> opened first, as a reader would)
//   small-text chart text under 10 CSS px at 390 px, or under 7 pt printed
//              (font size in the SVG's units times the SVG's scale)
//
// Usage: node layout.mjs path/to/index.html [--data DIR] [--max-first-chart PX]
//          [--modes wide-light,wide-dark,narrow-light,narrow-dark,print]
//          [--shots DIR] [--json]
//
// --data names the data folder whose sources.csv gives the source ids; without
// it the ids are read from the page's provenance table (elements id="source-ID").
// --shots saves a PNG of the first findings of each check in each mode.
// --json writes the findings as JSON to stdout (the summary then goes to stderr).
// Exits 1 when any count is not zero, 2 on a usage error.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CHECKS = [
  'overlap',
  'clipped',
  'cut',
  'contrast',
  'dark-panel',
  'source-ids',
  'first-chart',
  'table',
  'small-text',
];

// A4 is 210 mm wide; the report's @page margin is 10 mm each side: 190 mm of
// content, at 96 px to the inch.
const A4_CONTENT_PX = Math.round((190 / 25.4) * 96);

export const MODES = {
  'wide-light': { width: 1280, height: 900, colorScheme: 'light' },
  'wide-dark': { width: 1280, height: 900, colorScheme: 'dark' },
  'narrow-light': { width: 390, height: 900, colorScheme: 'light' },
  'narrow-dark': { width: 390, height: 900, colorScheme: 'dark' },
  print: { width: A4_CONTENT_PX, height: 1047, colorScheme: 'light', print: true },
};

// ---- colour arithmetic (also run inside the page; keep these self-contained)

// [r, g, b, a] with r, g, b in 0..255 and a in 0..1, from #rgb, #rrggbb,
// #rrggbbaa, rgb() or rgba(); null for none, transparent keywords aside.
export function parseColor(text) {
  const s = String(text).trim().toLowerCase();
  if (s === 'none' || s === '' || s.startsWith('url(')) return null;
  if (s === 'transparent') return [0, 0, 0, 0];
  let m = s.match(/^#([0-9a-f]{3,8})$/);
  if (m) {
    let h = m[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const n = (i) => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  m = s.match(/^rgba?\(([^)]*)\)$/);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    const v = parts.map((p, i) =>
      p.endsWith('%') ? (parseFloat(p) / 100) * (i < 3 ? 255 : 1) : parseFloat(p),
    );
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  }
  return undefined; // a colour syntax we do not read
}

// WCAG 2.x relative luminance of an opaque [r, g, b].
export function luminance([r, g, b]) {
  const lin = (c) => {
    const x = c / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a, b) {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

// `top` (with its alpha times `alpha`) painted over the opaque `under`.
export function over(top, under, alpha = 1) {
  const a = (top[3] ?? 1) * alpha;
  return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
}

export function hex([r, g, b]) {
  return '#' + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
}

// ---- what runs in the page

// Measures every visible chart SVG of the page as the mode lays it out.
// Returns { findings: [...], firstChartTop, charts, texts }.
function measurePage(args) {
  const { mode, dark, checks, ids, maxFirstChart } = args;
  const findings = [];
  const add = (check, chart, message, severity, clip, extra = {}) =>
    findings.push({ check, mode, chart, message, severity, clip, ...extra });
  const docRect = (r) => ({ x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height });
  const union = (a, b) => {
    const x = Math.min(a.left, b.left);
    const y = Math.min(a.top, b.top);
    return { left: x, top: y, width: Math.max(a.right, b.right) - x, height: Math.max(a.bottom, b.bottom) - y };
  };
  const short = (s, n = 70) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
  const r1 = (x) => Math.round(x * 10) / 10;
  const r2 = (x) => Math.round(x * 100) / 100;

  // Any CSS colour the page computes, as [r, g, b, a] (a canvas normalises
  // what parseColor does not read, such as color(srgb ...)).
  const canvas = document.createElement('canvas').getContext('2d');
  const color = (text) => {
    const c = parseColor(text);
    if (c !== undefined) return c;
    canvas.fillStyle = '#000';
    canvas.fillStyle = text;
    return parseColor(canvas.fillStyle) ?? null;
  };
  const visible = (el) =>
    el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
    el.getClientRects().length > 0;
  // The opacity an element is painted with: its own times its ancestors' up to the SVG.
  const opacityOf = (el, svg) => {
    let o = 1;
    for (let e = el; e && e !== svg.parentElement; e = e.parentElement) {
      o *= parseFloat(getComputedStyle(e).opacity);
    }
    return o;
  };
  // The page behind an element: each ancestor's background painted in turn
  // over the canvas (white, or the dark canvas of a dark colour scheme).
  const pageBehind = (el) => {
    const layers = [];
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = color(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) layers.push(c);
      if (c && c[3] >= 1) break;
    }
    const canvasColour = dark && !layers.some((c) => c[3] >= 1) ? [18, 18, 18, 1] : [255, 255, 255, 1];
    return layers.reverse().reduce((under, c) => over(c, under), canvasColour);
  };
  // What a chart SVG calls itself in findings: its figure's id and its variant.
  const chartName = (svg, index) => {
    const figure = svg.closest('figure[id], section[id], [id]');
    const base = (figure?.id ?? `svg${index}`).replace(/^chart-/, '');
    const variant = svg.closest('.chart-wide') ? '/wide' : svg.closest('.chart-narrow') ? '/narrow' : '';
    return base + variant;
  };

  const svgs = [...document.querySelectorAll('svg')].filter(
    (s) => !s.parentElement.closest('svg') && s.querySelector('text') && visible(s),
  );
  let firstChartTop = null;
  let textCount = 0;
  const sourceLines = [];

  svgs.forEach((svg, index) => {
    const chart = chartName(svg, index);
    const box = svg.getBoundingClientRect();
    if (firstChartTop === null) firstChartTop = box.top + scrollY;
    const css = getComputedStyle(svg);
    const inner = {
      left: box.left + parseFloat(css.borderLeftWidth),
      top: box.top + parseFloat(css.borderTopWidth),
      right: box.right - parseFloat(css.borderRightWidth),
      bottom: box.bottom - parseFloat(css.borderBottomWidth),
    };
    const ctm = svg.getScreenCTM();
    const vb = svg.viewBox.baseVal;
    const toScreen = (x, y) => new DOMPoint(x, y).matrixTransform(ctm);
    let view = inner;
    if (vb && vb.width > 0 && ctm) {
      const a = toScreen(vb.x, vb.y);
      const b = toScreen(vb.x + vb.width, vb.y + vb.height);
      view = { left: a.x, top: a.y, right: b.x, bottom: b.y };
    }
    const shown = {
      left: Math.max(inner.left, view.left),
      top: Math.max(inner.top, view.top),
      right: Math.min(inner.right, view.right),
      bottom: Math.min(inner.bottom, view.bottom),
    };
    const shownArea = (shown.right - shown.left) * (shown.bottom - shown.top);

    // Painted shapes and texts in paint (document) order.
    const page = pageBehind(svg);
    const svgBg = color(css.backgroundColor);
    const ground = svgBg ? over(svgBg, page) : page;
    const drawn = [...svg.querySelectorAll('rect, path, polygon, circle, ellipse, text')].filter(
      (e) => !e.closest('defs, clipPath, mask, symbol, pattern, marker'),
    );
    const shapes = new Map();
    let panel = ground;
    for (const el of drawn) {
      if (el.tagName === 'text') continue;
      const fill = color(getComputedStyle(el).fill);
      const alpha = parseFloat(getComputedStyle(el).fillOpacity) * opacityOf(el, svg);
      if (!fill || fill[3] * alpha <= 0.001 || !visible(el)) continue;
      const inverse = el.getScreenCTM()?.inverse();
      if (!inverse) continue;
      shapes.set(el, { fill, alpha, inverse });
      // The panel: rects covering nine tenths of what the SVG shows.
      if (el.tagName === 'rect') {
        const r = el.getBoundingClientRect();
        const w = Math.min(r.right, shown.right) - Math.max(r.left, shown.left);
        const h = Math.min(r.bottom, shown.bottom) - Math.max(r.top, shown.top);
        if (w > 0 && h > 0 && w * h >= 0.9 * shownArea) panel = over(fill, panel, alpha);
      }
    }

    if (dark && checks.includes('dark-panel')) {
      const l = luminance(panel);
      if (l > 0.4) {
        add('dark-panel', chart, `panel ${hex(panel)} has luminance ${r2(l)} in dark mode`, l, docRect(box), {
          panel: hex(panel),
          luminance: r2(l),
        });
      }
    }

    // What is painted under a screen point before element `el` (in paint order).
    const backdropAt = (el, x, y) => {
      let c = ground;
      for (const other of drawn) {
        if (other === el) break;
        const s = shapes.get(other);
        if (!s) continue;
        const p = new DOMPoint(x, y).matrixTransform(s.inverse);
        if (other.isPointInFill(p)) c = over(s.fill, c, s.alpha);
      }
      return c;
    };

    const texts = [];
    for (const el of svg.querySelectorAll('text')) {
      if (el.closest('defs, clipPath, mask, symbol, pattern, marker')) continue;
      const text = el.textContent.replace(/\s+/g, ' ').trim();
      if (text === '' || !visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) continue;
      const style = getComputedStyle(el);
      const m = el.getScreenCTM();
      const scale = m ? Math.hypot(m.a, m.b) : 1;
      const sizeUnits = parseFloat(style.fontSize);
      texts.push({
        el,
        text,
        r,
        style,
        px: sizeUnits * scale,
        bold: parseInt(style.fontWeight, 10) >= 700 || style.fontWeight === 'bold',
        units: sizeUnits,
      });
    }
    textCount += texts.length;

    // 1. overlaps
    if (checks.includes('overlap')) {
      for (let i = 0; i < texts.length; i += 1) {
        for (let j = i + 1; j < texts.length; j += 1) {
          const a = texts[i].r;
          const b = texts[j].r;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w <= 1 || h <= 1) continue;
          // The same words drawn twice in one place (a halo under a label) are one label.
          const same =
            texts[i].text === texts[j].text &&
            Math.abs(a.left - b.left) <= 1 &&
            Math.abs(a.top - b.top) <= 1 &&
            Math.abs(a.width - b.width) <= 1;
          if (same) continue;
          add(
            'overlap',
            chart,
            `"${short(texts[i].text, 50)}" and "${short(texts[j].text, 50)}" overlap by ${r1(w)}x${r1(h)} px`,
            w * h,
            docRect(union(a, b)),
            { texts: [texts[i].text, texts[j].text], px: [r1(w), r1(h)] },
          );
        }
      }
    }

    for (const t of texts) {
      const { r } = t;
      // 2. clipped
      if (checks.includes('clipped')) {
        const out = Math.max(shown.left - r.left, r.right - shown.right, shown.top - r.top, r.bottom - shown.bottom);
        if (out > 1) {
          add('clipped', chart, `"${short(t.text)}" reaches ${r1(out)} px outside the chart`, out, docRect(union(r, {
            left: Math.max(r.left, shown.left) - 40, top: r.top, right: Math.min(r.right, shown.right), bottom: r.bottom,
          })), { text: t.text, outside: r1(out) });
        }
      }
      // 3. cut
      // An ellipsis anywhere: a label cut before its value ("Kling AI vid… 101.0M") too.
      if (checks.includes('cut') && /…|\.\.\.(\s|$)/.test(t.text)) {
        add('cut', chart, `"${short(t.text, 90)}" is cut`, t.text.length, docRect(r), { text: t.text });
      }
      // 4. contrast: the worst of five points inside the text's box.
      if (checks.includes('contrast')) {
        const fill = color(t.style.fill);
        if (fill && fill[3] > 0) {
          const alpha = parseFloat(t.style.fillOpacity) * opacityOf(t.el, svg);
          let worst = null;
          for (const [fx, fy] of [[0.5, 0.5], [0.25, 0.3], [0.75, 0.3], [0.25, 0.7], [0.75, 0.7]]) {
            const back = backdropAt(t.el, r.left + fx * r.width, r.top + fy * r.height);
            const ink = over(fill, back, alpha);
            const ratio = contrastRatio(ink, back);
            if (!worst || ratio < worst.ratio) worst = { ratio, ink, back };
          }
          const large = t.px >= 24 || (t.bold && t.px >= 18.66);
          const need = large ? 3 : 4.5;
          if (worst.ratio < need) {
            add(
              'contrast',
              chart,
              `"${short(t.text, 50)}" ${hex(worst.ink)} on ${hex(worst.back)}: ${r2(worst.ratio)}:1, needs ${need}:1 (${r1(t.px)} px${t.bold ? ' bold' : ''})`,
              need - worst.ratio,
              docRect(r),
              { text: t.text, ratio: r2(worst.ratio), fill: hex(worst.ink), background: hex(worst.back), need },
            );
          }
        }
      }
      // 9. small text
      if (checks.includes('small-text')) {
        const least = args.print ? 7 * (96 / 72) : 10;
        if (t.px < least - 0.005) {
          const unit = args.print ? `${r2((t.px * 72) / 96)} pt` : `${r2(t.px)} px`;
          add(
            'small-text',
            chart,
            `"${short(t.text, 50)}" is ${unit} (${r1(t.units)} units at scale ${r2(t.px / t.units)}), under ${args.print ? '7 pt' : '10 px'}`,
            least - t.px,
            docRect(t.r),
            { text: t.text, px: r2(t.px), box: r1(t.r.height) },
          );
        }
      }
    }

    // 6. the source line drawn in the SVG: a text starting "Source" and the
    // lines under it in the same place and style.
    for (let i = 0; i < texts.length; i += 1) {
      if (!/^sources?\b/i.test(texts[i].text)) continue;
      let line = texts[i].text;
      let last = texts[i];
      for (const t of texts.slice(i + 1)) {
        const follows =
          Math.abs(t.r.left - texts[i].r.left) <= 2 &&
          t.style.fontSize === texts[i].style.fontSize &&
          t.style.fill === texts[i].style.fill &&
          t.r.top >= last.r.top + 0.5 * last.r.height &&
          t.r.top <= last.r.bottom + 0.8 * last.r.height;
        if (!follows) continue;
        line += ' ' + t.text;
        last = t;
      }
      sourceLines.push({ chart, where: 'chart', text: line, rect: union(texts[i].r, last.r) });
    }
  });

  // 6. the source lines written in HTML: .source elements, and caption
  // paragraphs that start with "Source".
  const htmlLines = new Set(document.querySelectorAll('.source'));
  for (const p of document.querySelectorAll('figcaption, figcaption p, figcaption div')) {
    if (/^\s*sources?\b/i.test(p.innerText ?? '') && !p.querySelector('.source')) htmlLines.add(p);
  }
  for (const el of htmlLines) {
    if (!visible(el)) continue;
    const owner = el.closest('figure[id], section[id]');
    const chart = (owner?.id ?? 'page').replace(/^chart-/, '');
    sourceLines.push({ chart, where: 'caption', text: el.innerText.replace(/\s+/g, ' ').trim(), rect: el.getBoundingClientRect() });
  }
  if (checks.includes('source-ids')) {
    const boundary = (id) => new RegExp(`(?<![A-Za-z0-9_-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`);
    const patterns = ids.map((id) => [id, boundary(id)]);
    for (const line of sourceLines) {
      const found = patterns
        .map(([id, re]) => [id, line.text.search(re)])
        .filter(([, at]) => at >= 0)
        .sort((a, b) => a[1] - b[1])
        .map(([id]) => id);
      const files = [...new Set(line.text.match(/[A-Za-z0-9_.-]+\.csv\b/gi) ?? [])];
      if (found.length + files.length === 0) continue;
      const named = [
        found.length ? `ids ${found.slice(0, 6).join(', ')}${found.length > 6 ? ` and ${found.length - 6} more` : ''}` : '',
        files.length ? `files ${files.join(', ')}` : '',
      ].filter(Boolean).join('; ');
      add('source-ids', line.chart, `${line.where} source line names ${named}: "${short(line.text, 90)}"`, found.length + files.length, docRect(line.rect), {
        where: line.where,
        ids: found,
        files,
        text: line.text,
      });
    }
  }

  // 7. the first chart's top, in page coordinates.
  if (checks.includes('first-chart')) {
    if (firstChartTop === null) add('first-chart', 'page', 'no chart on the page', 1, null);
    else if (firstChartTop > maxFirstChart) {
      add('first-chart', chartName(svgs[0], 0), `the first chart starts at ${Math.round(firstChartTop)} px, below ${maxFirstChart} px`, firstChartTop - maxFirstChart, {
        x: 0, y: Math.max(0, firstChartTop - 200), width: innerWidth, height: 400,
      }, { top: Math.round(firstChartTop) });
    }
  }
  return { findings, firstChartTop, charts: svgs.length, texts: textCount, sourceLines: sourceLines.length };
}

// 8. tables at a phone's width, with every <details> open as a reader opens
// them (left open: the page is measured last, then closed).
function measureTables(args) {
  const findings = [];
  const docRect = (r) => ({ x: r.left + scrollX, y: r.top + scrollY, width: Math.min(r.width, innerWidth), height: Math.min(r.height, 300) });
  const closed = [...document.querySelectorAll('details:not([open])')];
  closed.forEach((d) => { d.open = true; });
  const width = document.documentElement.clientWidth;
  for (const table of document.querySelectorAll('table')) {
    if (!table.checkVisibility() || table.getClientRects().length === 0) continue;
    let wrap = null;
    for (let e = table.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== 'visible') { wrap = e; break; }
    }
    const el = wrap ?? table;
    const r = el.getBoundingClientRect();
    const scroll = el.scrollWidth - el.clientWidth;
    const past = r.right - width;
    const excess = Math.max(scroll, past);
    if (excess <= 0) continue;
    const owner = table.closest('figure[id], section[id]');
    const label = wrap?.getAttribute('aria-label') ?? table.querySelector('caption')?.innerText ??
      [...table.querySelectorAll('tr:first-child > *')].slice(0, 3).map((cell) => cell.innerText).join(', ');
    const what = scroll > 0 ? `scrolls sideways by ${scroll} px (${el.scrollWidth} in ${el.clientWidth})` : `passes the screen's edge by ${Math.round(past)} px`;
    findings.push({
      check: 'table', mode: args.mode, chart: (owner?.id ?? 'page').replace(/^chart-/, ''),
      message: `table "${label.slice(0, 60)}" ${what}`, severity: excess, clip: docRect(r),
      table: label, excess,
    });
  }
  const page = document.documentElement.scrollWidth - innerWidth;
  if (page > 0) {
    findings.push({ check: 'table', mode: args.mode, chart: 'page', message: `the page scrolls sideways by ${page} px`, severity: page, clip: null, excess: page });
  }
  return findings;
}

const helpers = [parseColor, luminance, contrastRatio, over, hex].map(String).join('\n');
const inPage = (fn, args) => `(() => {\n${helpers}\nreturn (${fn})(${JSON.stringify(args)});\n})()`;

// Checks the page at `url` in each mode; returns { counts, findings, info }.
export async function checkReport(browser, url, options = {}) {
  const modes = options.modes ?? Object.keys(MODES);
  const ids = options.ids ?? null;
  const maxFirstChart = options.maxFirstChart ?? 900;
  const counts = Object.fromEntries(CHECKS.map((c) => [c, Object.fromEntries(modes.map((m) => [m, null]))]));
  const findings = [];
  const info = {};
  for (const mode of modes) {
    const m = MODES[mode];
    if (!m) throw new Error(`unknown mode ${mode}; known: ${Object.keys(MODES).join(', ')}`);
    const checks = CHECKS.filter((c) => {
      if (c === 'dark-panel') return m.colorScheme === 'dark';
      if (c === 'first-chart') return m.width === 1280 && !m.print;
      if (c === 'table') return m.width === 390;
      if (c === 'small-text') return m.width === 390 || m.print;
      return true;
    });
    const context = await browser.newContext({
      viewport: { width: m.width, height: m.height },
      colorScheme: m.colorScheme,
      // Sharper pictures of findings; CSS px and so the layout are the same.
      deviceScaleFactor: options.shots ? 2 : 1,
    });
    const page = await context.newPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      if (m.print) await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => document.fonts.ready.then(() => null));
      let pageIds = ids;
      if (!pageIds) {
        pageIds = await page.evaluate(() =>
          [...document.querySelectorAll('[id^="source-"]')].map((e) => e.id.slice('source-'.length)),
        );
      }
      const args = { mode, dark: m.colorScheme === 'dark', print: !!m.print, checks, ids: pageIds, maxFirstChart };
      const result = await page.evaluate(inPage(measurePage, args));
      const found = result.findings;
      if (options.shots) await shoot(page, mode, found, options.shots, options.shotsPerCheck ?? 5);
      // Last, as it opens every <details> and so moves the charts.
      if (checks.includes('table')) {
        const tables = await page.evaluate(inPage(measureTables, args));
        if (options.shots) await shoot(page, mode, tables, options.shots, options.shotsPerCheck ?? 5);
        found.push(...tables);
      }
      info[mode] = { charts: result.charts, texts: result.texts, sourceLines: result.sourceLines, firstChartTop: result.firstChartTop, idsFrom: ids ? 'data' : 'page', ids: pageIds.length };
      for (const c of checks) counts[c][mode] = found.filter((f) => f.check === c).length;
      findings.push(...found);
    } finally {
      await context.close();
    }
  }
  return { counts, findings, info, modes };
}

// A PNG of each of the first (worst) findings of each check, a margin around it.
async function shoot(page, mode, found, folder, perCheck) {
  fs.mkdirSync(folder, { recursive: true });
  const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
  for (const check of CHECKS) {
    const worst = found.filter((f) => f.check === check && f.clip).sort((a, b) => b.severity - a.severity).slice(0, perCheck);
    for (const [n, f] of worst.entries()) {
      const pad = 40;
      const x = Math.max(0, f.clip.x - pad);
      const y = Math.max(0, f.clip.y - pad);
      const clip = { x, y, width: Math.min(size.w - x, f.clip.width + 2 * pad), height: Math.min(size.h - y, f.clip.height + 2 * pad) };
      if (clip.width <= 0 || clip.height <= 0) continue;
      f.shot = path.join(folder, `${mode}-${check}-${n + 1}.png`);
      await page.screenshot({ path: f.shot, clip, fullPage: true });
    }
  }
}

// The ids of a data folder's sources.csv (its first column; RFC 4180 quoting).
export function readSourceIds(dataDir) {
  const text = fs.readFileSync(path.join(dataDir, 'sources.csv'), 'utf8').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const header = rows.shift() ?? [];
  const col = header.indexOf('id');
  if (col < 0) throw new Error(`${dataDir}/sources.csv has no id column`);
  return rows.map((r) => (r[col] ?? '').trim()).filter(Boolean);
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// The summary table and the findings, worst first, capped per check.
export function describe({ counts, findings, modes, info }, cap = 30) {
  const lines = [];
  const w = Math.max(...modes.map((m) => m.length), 5);
  lines.push(['check'.padEnd(12), ...modes.map((m) => m.padStart(w)), 'total'.padStart(6)].join(' '));
  for (const c of CHECKS) {
    const row = modes.map((m) => (counts[c][m] === null ? '-' : String(counts[c][m])).padStart(w));
    const total = modes.reduce((s, m) => s + (counts[c][m] ?? 0), 0);
    lines.push([c.padEnd(12), ...row, String(total).padStart(6)].join(' '));
  }
  lines.push(
    `charts measured: ${modes.map((m) => `${m} ${info[m].charts} (${info[m].texts} texts)`).join(', ')}; ` +
      `first chart top: ${modes.filter((m) => MODES[m].width === 1280 && !MODES[m].print).map((m) => `${m} ${Math.round(info[m].firstChartTop ?? -1)} px`).join(', ') || 'not measured'}; ` +
      `source ids from ${info[modes[0]].idsFrom} (${info[modes[0]].ids})`,
  );
  for (const c of CHECKS) {
    const mine = findings.filter((f) => f.check === c);
    if (mine.length === 0) continue;
    // One line per finding, the modes it appears in gathered on it.
    const grouped = new Map();
    for (const f of mine) {
      const key = `${f.chart}: ${f.message}`;
      const g = grouped.get(key) ?? { key, severity: f.severity, modes: [], shot: null };
      g.modes.push(f.mode);
      g.shot ??= f.shot ?? null;
      grouped.set(key, g);
    }
    const list = [...grouped.values()].sort((a, b) => b.severity - a.severity);
    lines.push('', `${c}: ${mine.length} (${list.length} distinct)`);
    for (const g of list.slice(0, cap)) lines.push(`  [${g.modes.join(' ')}] ${g.key}${g.shot ? ` (${path.basename(g.shot)})` : ''}`);
    if (list.length > cap) lines.push(`  and ${list.length - cap} more`);
  }
  return lines.join('\n');
}

async function main(argv) {
  const usage = 'usage: node layout.mjs path/to/index.html [--data DIR] [--max-first-chart PX] [--modes a,b] [--shots DIR] [--json]';
  const opts = { json: false, maxFirstChart: 900, modes: Object.keys(MODES), data: null, shots: null, report: null };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--json') opts.json = true;
    else if (a === '--max-first-chart') {
      opts.maxFirstChart = Number(value());
      if (!Number.isFinite(opts.maxFirstChart)) throw new Error('--max-first-chart takes a number of px');
    } else if (a === '--data') opts.data = value();
    else if (a === '--shots') opts.shots = path.resolve(value());
    else if (a === '--modes') opts.modes = value().split(',').filter(Boolean);
    else if (a === '-h' || a === '--help') { console.log(usage); return 0; }
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${usage}`);
    else if (opts.report === null) opts.report = a;
    else throw new Error(`one report at a time\n${usage}`);
  }
  if (opts.report === null) throw new Error(usage);
  const report = path.resolve(opts.report);
  if (!fs.existsSync(report)) throw new Error(`no such file: ${report}`);
  const ids = opts.data ? readSourceIds(opts.data) : null;
  const browser = await launch();
  let result;
  try {
    result = await checkReport(browser, pathToFileURL(report).href, { modes: opts.modes, ids, maxFirstChart: opts.maxFirstChart, shots: opts.shots });
  } finally {
    await browser.close();
  }
  const text = `layout of ${report}\n${describe(result)}`;
  if (opts.json) {
    console.error(text);
    const { counts, findings, info, modes } = result;
    process.stdout.write(JSON.stringify({ report, modes, counts, info, findings }, null, 2) + '\n');
  } else console.log(text);
  return result.findings.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`error: ${error.message}`);
      process.exit(2);
    },
  );
}
