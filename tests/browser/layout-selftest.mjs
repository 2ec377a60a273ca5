// Tests layout.mjs on tiny pages whose faults are known: its colour
// arithmetic against worked WCAG figures, then the count of each check on
// each page, and a few measured values (a ratio, a panel's luminance).
//
// Usage: node layout-selftest.mjs   (exits 1 on any mismatch)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkReport, contrastRatio, launch, luminance, over, parseColor, CHECKS } from './layout.mjs';

const failures = [];
const expect = (what, got, want) => {
  const ok = typeof want === 'number' && typeof got === 'number' ? Math.abs(got - want) < 0.006 : got === want;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(got)}${ok ? '' : `, expected ${JSON.stringify(want)}`}`);
  if (!ok) failures.push(what);
};
const round2 = (x) => Math.round(x * 100) / 100;

// ---- arithmetic, worked by hand
// #777777: 0x77/255 = 0.4667, linearised ((0.4667 + 0.055) / 1.055)^2.4 = 0.1845;
// (1 + 0.05) / (0.1845 + 0.05) = 4.48.
expect('black on white', contrastRatio(parseColor('#000'), parseColor('#ffffff')), 21);
expect('#777 on white', round2(contrastRatio(parseColor('#777777'), parseColor('#fff'))), 4.48);
expect('#E69F00 on white', round2(contrastRatio(parseColor('#E69F00'), parseColor('#fff'))), 2.25);
expect('luminance of white', luminance(parseColor('rgb(255, 255, 255)')), 1);
expect('black at half opacity over white is #808080', over(parseColor('rgba(0, 0, 0, 0.5)'), [255, 255, 255, 1])[0], 127.5);
expect('none is no colour', parseColor('none'), null);

// ---- pages
const svgOpen = (attrs = '', style = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200" style="display:block;${style}" font-family="DejaVu Sans" ${attrs}>`;
const page = (body, head = '') =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><style>body{margin:8px;background:#fff}${head}</style></head><body>${body}</body></html>`;

const cases = [
  {
    name: 'geometry',
    modes: ['wide-light'],
    // Two labels crossing; two whose boxes (24 px high at 20 px) share
    // 0.5 px, under the 1 px allowed; a text with its own tspans; a hidden text over a
    // label; a label past the right edge; two cut labels; a hidden drawing
    // (the other variant) full of overlaps.
    html: page(`<figure id="chart-geo">${svgOpen()}
      <rect width="400" height="200" fill="#ffffff"/>
      <text x="10" y="40" font-size="20">AAAA</text>
      <text x="40" y="45" font-size="20">BBBB</text>
      <text x="10" y="40" font-size="20" style="display:none">hidden</text>
      <text x="200" y="40" font-size="20">near</text>
      <text x="200" y="63.5" font-size="20">miss</text>
      <text x="10" y="100" font-size="16">C<tspan dx="2">DE</tspan><tspan x="10" dy="4">F</tspan></text>
      <text x="330" y="100" font-size="16">far right text</text>
      <text x="150" y="150" font-size="14">Long label…</text>
      <text x="150" y="180" font-size="14">Kling… 101M</text>
      <text x="10" y="180" font-size="14">x...</text>
      </svg></figure>
      <div style="display:none">${svgOpen()}<text x="10" y="40">one</text><text x="10" y="40">two</text></svg></div>`),
    want: { overlap: 1, clipped: 1, cut: 3, contrast: 0, 'source-ids': 0, 'first-chart': 0 },
  },
  {
    name: 'contrast',
    modes: ['wide-light'],
    // Passing: black on white, #777 large (30 px) and bold large (20 px bold),
    // white on a black bar, light text on a dark page under a transparent
    // SVG. Failing: #777 at 16 px (4.48), #E69F00 (2.25), a custom property
    // #999 (2.85), black at half opacity (3.98), #444 on the dark page.
    html: page(`${svgOpen('id="c1"')}
      <rect width="400" height="200" fill="#ffffff"/>
      <rect x="200" y="0" width="200" height="60" fill="#000000"/>
      <text x="10" y="20" font-size="16" fill="#000">black</text>
      <text x="10" y="45" font-size="16" fill="#777777">grey 777</text>
      <text x="10" y="85" font-size="30" fill="#777777">large</text>
      <text x="120" y="85" font-size="20" font-weight="bold" fill="#777777">bold</text>
      <text x="210" y="30" font-size="16" fill="#ffffff">white on bar</text>
      <text x="10" y="120" font-size="16" fill="#E69F00">orange</text>
      <text x="10" y="150" font-size="16" class="muted">muted</text>
      <text x="10" y="180" font-size="16" fill="#000" opacity="0.5">half</text>
      </svg>
      <div style="background:#222222;padding:4px">${svgOpen('id="c2"')}
      <text x="10" y="30" font-size="16" fill="#eeeeee">light on dark page</text>
      <text x="10" y="80" font-size="16" fill="#444444">dark on dark page</text>
      </svg></div>`, ':root{--muted:#999999}.muted{fill:var(--muted)}'),
    want: { overlap: 0, clipped: 0, cut: 0, contrast: 5 },
    values: (findings) => {
      const ratio = (text) => findings.find((f) => f.check === 'contrast' && f.text === text)?.ratio;
      expect('contrast: "grey 777" ratio', ratio('grey 777'), 4.48);
      expect('contrast: "orange" ratio', ratio('orange'), 2.25);
      expect('contrast: "muted" ratio (var(--muted) #999)', ratio('muted'), 2.85);
      expect('contrast: "half" ratio (black at 0.5 on white)', ratio('half'), 3.98);
    },
  },
  {
    name: 'dark panels',
    modes: ['wide-dark'],
    // A white panel rect, a panel of a custom property that turns dark, and
    // no rect but a white CSS background: two glaring panels.
    html: page(`${svgOpen()}<rect width="400" height="200" fill="#ffffff"/><text x="10" y="30" fill="#000">white rect</text></svg>
      ${svgOpen('class="themed"')}<rect width="400" height="200" class="surface"/><text x="10" y="30" class="ink">themed</text></svg>
      ${svgOpen('', 'background:#ffffff')}<text x="10" y="30" fill="#000">css background</text></svg>`,
      ':root{--surface:#fff;--text:#111}@media (prefers-color-scheme: dark){:root{--surface:#1f2123;--text:#ececec}body{background:#151617}}.surface{fill:var(--surface)}.ink{fill:var(--text)}'),
    want: { 'dark-panel': 2, contrast: 0, overlap: 0 },
    values: (findings) => expect('dark panel: luminance of white', findings.find((f) => f.check === 'dark-panel')?.luminance, 1),
  },
  {
    name: 'phone',
    modes: ['narrow-light'],
    ids: ['a1', 'seed-agent-stack', 'c7'],
    // The SVG is 800 units drawn in 374 px: 16 units is 7.5 px (small), 24
    // units 11.2 px. Source lines: an id in the SVG's, a .csv in a caption,
    // and near misses (a10, seed-agent-stacks, c7x). A table wider than its
    // scroll wrapper, and a narrow one.
    html: page(`<figure id="chart-phone" style="margin:0"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400" style="display:block;width:100%;height:auto" font-family="DejaVu Sans">
      <rect width="800" height="400" fill="#fff"/>
      <text x="10" y="40" font-size="16">tiny</text>
      <text x="10" y="120" font-size="24">Big enough</text>
      <text x="10" y="380" font-size="24">Source: Fixture, citing a1 and a10</text>
      </svg><figcaption><p class="source">Source: prices.csv via a publisher</p>
      <p class="source">Source: Publisher, seed-agent-stacks and c7x</p></figcaption></figure>
      <div class="table-wrap" style="overflow-x:auto"><table><tr><td style="white-space:nowrap">${'wide cell '.repeat(12)}</td></tr></table></div>
      <div style="overflow-x:auto"><table><tr><td>narrow</td></tr></table></div>`),
    want: { 'small-text': 1, 'source-ids': 2, table: 1, overlap: 0, clipped: 0 },
  },
  {
    name: 'first chart below the first screen',
    modes: ['wide-light'],
    html: page(`<div style="height:1200px">intro</div>${svgOpen()}<text x="10" y="30">late</text></svg>`),
    want: { 'first-chart': 1 },
  },
  {
    name: 'first chart allowed lower',
    modes: ['wide-light'],
    maxFirstChart: 1500,
    html: page(`<div style="height:1200px">intro</div>${svgOpen()}<text x="10" y="30">late</text></svg>`),
    want: { 'first-chart': 0 },
  },
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layout-selftest-'));
const browser = await launch();
try {
  for (const [n, c] of cases.entries()) {
    const file = path.join(dir, `case${n}.html`);
    fs.writeFileSync(file, c.html);
    const result = await checkReport(browser, pathToFileURL(file).href, {
      modes: c.modes,
      ids: c.ids ?? [],
      maxFirstChart: c.maxFirstChart,
    });
    for (const [check, want] of Object.entries(c.want)) {
      if (!CHECKS.includes(check)) throw new Error(`no check ${check}`);
      expect(`${c.name}: ${check} (${c.modes[0]})`, result.counts[check][c.modes[0]], want);
    }
    if (c.values) c.values(result.findings);
    for (const f of result.findings) console.log(`     ${f.check}: ${f.chart}: ${f.message}`);
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`${failures.length} self-test failures`);
  process.exit(1);
}
console.log('layout.mjs self-test passed');
