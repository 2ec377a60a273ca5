// Opens the built report in headless Chromium and fails on anything a reader
// would suffer from: a console error, any network request, an axe-core
// violation of impact serious or critical, a page wider than a 390 px
// screen, or a bar whose hover value is not on top. Saves full-page
// screenshots (390 and 1280 px, light and dark) and a printed PDF beside this
// script, in screenshots/.
//
// Usage: node check.mjs [path/to/index.html] [screenshot folder]

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const report = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'output', 'index.html'));
const shots = path.resolve(process.argv[3] ?? path.join(here, 'screenshots'));
const reportUrl = pathToFileURL(report).href;
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

fs.mkdirSync(shots, { recursive: true });
const failures = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

try {
  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark']) {
      const label = `${width}px ${colorScheme}`;
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') failures.push(`${label}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => failures.push(`${label}: page error: ${error.message}`));
      page.on('request', (request) => {
        if (request.url() !== reportUrl) failures.push(`${label}: network request: ${request.url()}`);
      });
      await page.goto(reportUrl, { waitUntil: 'load' });

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) failures.push(`${label}: the page scrolls sideways by ${overflow} px`);

      // axe-core runs in the page through the DevTools protocol, which the
      // page's Content-Security-Policy does not govern.
      await page.evaluate(axeSource);
      const results = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { resultTypes: ['violations'] }),
      );
      for (const violation of results.violations) {
        const where = violation.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
        const line = `${label}: axe ${violation.impact}: ${violation.id}: ${violation.help} (${where})`;
        if (violation.impact === 'serious' || violation.impact === 'critical') failures.push(line);
        else console.log(`note: ${line}`);
      }

      // Hover values: the centre of each bar of the surprise chart, in the
      // drawing shown at this width, is its tip (on top, so its title shows).
      const covered = await page.evaluate(() => {
        const svg = [...document.querySelectorAll('#chart-revenue_surprise svg')].find(
          (s) => s.getBoundingClientRect().width > 0,
        );
        if (!svg) return null;
        svg.scrollIntoView();
        const tips = [...svg.querySelectorAll('.tips > rect')];
        const hidden = tips.filter((tip) => {
          const r = tip.getBoundingClientRect();
          return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) !== tip;
        });
        window.scrollTo(0, 0);
        return { tips: tips.length, hidden: hidden.map((tip) => tip.textContent) };
      });
      if (covered === null) failures.push(`${label}: no revenue surprise chart to point at`);
      else if (covered.tips === 0) failures.push(`${label}: the revenue surprise chart has no hover values`);
      else if (covered.hidden.length > 0) failures.push(`${label}: hover values under other marks: ${covered.hidden.join('; ')}`);

      await page.screenshot({ path: path.join(shots, `report-${width}-${colorScheme}.png`), fullPage: true });
      if (width === 1280 && colorScheme === 'light') {
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: path.join(shots, 'report-print.pdf'), format: 'A4', printBackground: true });
      }
      console.log(`checked ${label}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`error: ${failure}`);
  console.error(`${failures.length} problems in ${report}`);
  process.exit(1);
}
console.log(`browser checks passed for ${report}; screenshots in ${shots}`);
