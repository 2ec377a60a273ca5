// Keeps a page of `aimarket serve` open in headless Chromium while the data
// changes: the page must reload by itself after an edit, show the problems
// when the data breaks, and the report again once fixed, with no console
// error (a script the page's Content-Security-Policy refused would be one),
// and no serious accessibility violation (axe-core) on the problems page.
// Prints the time from each save to the reloaded page.
//
// Usage: node serve.mjs [path/to/aimarket] [data folder to copy]

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const binary = path.resolve(process.argv[2] ?? path.join(root, 'target', 'debug', 'aimarket'));
const source = path.resolve(process.argv[3] ?? path.join(root, 'data'));
const patienceMs = 30_000;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aimarket-serve-'));
const data = path.join(work, 'data');
fs.cpSync(source, data, { recursive: true });
const companiesPath = path.join(data, 'companies.csv');
const companies = fs.readFileSync(companiesPath, 'utf8');
if (!companies.includes('\ntencent,Tencent,china,')) throw new Error('companies.csv has no Tencent row to edit');

// Run in the copy's folder: no project file (aimarket.toml) of the repository applies.
const server = spawn(binary, ['serve', '--data', data, '--port', '0'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
const url = await new Promise((resolve, reject) => {
  const lines = readline.createInterface({ input: server.stderr });
  lines.on('line', (line) => {
    if (line.startsWith('serving ')) resolve(line.slice('serving '.length));
  });
  server.on('exit', () => reject(new Error('aimarket serve stopped before serving')));
  setTimeout(() => reject(new Error('aimarket serve printed no address')), patienceMs);
});

const failures = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});

/// Saves `text` as companies.csv, then waits until the open page (reloaded by
/// itself) passes `test`; returns the milliseconds from save to that page.
async function saveAndWait(page, text, what, test) {
  const loads = [];
  page.on('load', () => loads.push(Date.now()));
  const saved = Date.now();
  fs.writeFileSync(companiesPath, text);
  while (Date.now() - saved < patienceMs) {
    try {
      if (loads.length > 0 && (await page.evaluate(test))) {
        const ms = loads[loads.length - 1] - saved;
        console.log(`${what}: page reloaded ${ms} ms after the save`);
        return;
      }
    } catch {
      // The page is being reloaded: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  failures.push(`${what}: the open page did not change within ${patienceMs} ms`);
}

try {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  await page.goto(url, { waitUntil: 'load' });
  // A reader opens the page, then goes to the data: the first save comes a
  // moment later, not while the browser is still settling the page it loaded.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  if (!(await page.title()).startsWith('The AI market')) failures.push(`first page: title ${await page.title()}`);

  await saveAndWait(page, companies.replace('\ntencent,Tencent,', '\ntencent,Tencent Holdings,'), 'a name edited',
    () => document.body.innerText.includes('Tencent Holdings'));
  await saveAndWait(page, companies.replace('\ntencent,Tencent,china,', '\ntencent,Tencent,mars,'), 'the data broken',
    () => document.title === 'The report cannot be built' &&
      document.querySelector('pre').innerText.includes('companies.csv:3: bloc: expected western or china, found "mars"'));
  // The problems page must read well too: axe-core runs in the page through
  // the DevTools protocol, which the page's policy does not govern.
  await page.evaluate(axeSource);
  // eslint-disable-next-line no-undef
  const results = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  for (const violation of results.violations) {
    const line = `problems page: axe ${violation.impact}: ${violation.id}: ${violation.help}`;
    if (violation.impact === 'serious' || violation.impact === 'critical') failures.push(line);
    else console.log(`note: ${line}`);
  }
  await saveAndWait(page, companies, 'the data fixed',
    () => document.title.startsWith('The AI market') && !document.body.innerText.includes('Tencent Holdings'));
} finally {
  await browser.close();
  server.kill('SIGINT');
  const { code, signal } = await exited;
  if (code !== 0) failures.push(`aimarket serve ended with status ${code} (signal ${signal}) on Ctrl-C`);
  fs.rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`error: ${failure}`);
  process.exit(1);
}
console.log('the served page reloaded on each change');
