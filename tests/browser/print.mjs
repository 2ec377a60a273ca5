// Prints the built report to PDF in headless Chromium, on A4 and on Letter,
// and fails when the print takes too many pages or splits a chart: each
// chart's title (the first line of its SVG title, drawn as text) and its
// source line must be on the same page. Reads each page's text with pdfjs.
// Saves the PDFs in the given folder.
//
// Usage: node print.mjs [path/to/index.html] [pdf folder] [most pages]

import { chromium } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const report = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'output', 'index.html'));
const folder = path.resolve(process.argv[3] ?? path.join(here, 'screenshots'));
// The shipped report printed on 19 pages before its print layout; it must stay below.
const mostPages = Number(process.argv[4] ?? 18);
fs.mkdirSync(folder, { recursive: true });

// Text as compared: no white space, since the PDF breaks lines where the page does.
const squeeze = (text) => text.replace(/\s+/g, '');

const failures = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});

try {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  // Each chart in page order: its name, the first line of its title as drawn
  // in the printed (wide) SVG, and its source line.
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll('figure.chart')].map((figure) => ({
      name: figure.id,
      title: figure.querySelector('.chart-wide svg > text')?.textContent.trim() ?? '',
      source: figure.querySelector('.source')?.innerText.trim() ?? '',
    })),
  );
  if (charts.length === 0) failures.push('no charts on the page');

  for (const format of ['A4', 'Letter']) {
    const file = path.join(folder, `report-print-${format.toLowerCase()}.pdf`);
    await page.pdf({ path: file, format });
    const pdf = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
    // The text of every page, joined, with where each page starts.
    let text = '';
    const starts = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      starts.push(text.length);
      text += squeeze(content.items.map((item) => item.str).join(''));
    }
    const pageAt = (offset) => starts.findLastIndex((start) => start <= offset) + 1;
    console.log(`${format}: ${pdf.numPages} pages`);
    if (pdf.numPages > mostPages) {
      failures.push(`${format}: ${pdf.numPages} pages, more than ${mostPages}`);
    }
    // Charts are found in order, each source after its own title, so a source
    // line that several charts share is matched to the right one.
    let from = 0;
    for (const chart of charts) {
      const title = text.indexOf(squeeze(chart.title), from);
      if (title < 0) {
        failures.push(`${format}: ${chart.name}: title "${chart.title}" not found in the PDF`);
        continue;
      }
      const source = text.indexOf(squeeze(chart.source), title);
      if (source < 0) {
        failures.push(`${format}: ${chart.name}: source line not found after its title`);
        continue;
      }
      if (pageAt(title) !== pageAt(source)) {
        failures.push(
          `${format}: ${chart.name}: title on page ${pageAt(title)}, source line on page ${pageAt(source)}`,
        );
      }
      from = source;
    }
    await pdf.destroy();
  }
} finally {
  await browser.close();
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`error: ${failure}`);
  console.error(`${failures.length} problems printing ${report}`);
  process.exit(1);
}
console.log(`print checks passed for ${report}; PDFs in ${folder}`);
