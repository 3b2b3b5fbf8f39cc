// Times search-as-you-type on a built site's index, the way the browser runs
// it: loads assets/search-index.js and assets/search.js into a minimal DOM
// stand-in and measures each keystroke of a few queries.
// Usage: node bench/search.mjs <site-dir>
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const site = process.argv[2];
if (!site) { console.error("usage: node bench/search.mjs <site-dir>"); process.exit(2); }
const indexJs = fs.readFileSync(path.join(site, "assets/search-index.js"), "utf8");
const searchJs = fs.readFileSync(path.join(site, "assets/search.js"), "utf8");

// A tiny DOM: enough for search.js (elements, textContent, innerHTML, classList-free).
function el(tag) {
  return {
    tag, children: [], attrs: {}, textContent: "", innerHTML: "", className: "", style: {}, value: "", href: "",
    appendChild(c) { this.children.push(c); return c; },
    setAttribute(k, v) { this.attrs[k] = v; }, getAttribute(k) { return this.attrs[k]; },
    addEventListener(type, fn) { (this.listeners ||= {})[type] = fn; },
    querySelectorAll() { return []; }, focus() {},
  };
}
const input = el("input"), results = el("div"), status = el("p"), form = el("form");
const ids = { "search-input": input, "search-results": results, "search-status": status, "search-form": form };
const ctx = {
  window: { location: { search: "" } }, performance, history: { replaceState() {} },
  document: { getElementById: (id) => ids[id], createElement: el, addEventListener() {}, activeElement: null },
  setTimeout: (fn) => fn(), clearTimeout() {}, console,
};
ctx.window.BRIEFING_SEARCH = undefined;
vm.createContext(ctx);
const t0 = performance.now();
vm.runInContext(indexJs.replace("window.BRIEFING_SEARCH=", "window.BRIEFING_SEARCH="), ctx);
const loadMs = performance.now() - t0;
vm.runInContext(searchJs, ctx);

const queries = ["rare earth", "critical minerals supply", "稀土", "关键矿产", "供应链", "magnet"];
const times = [];
for (const q of queries) {
  for (let n = 1; n <= [...q].length; n++) {
    input.value = [...q].slice(0, n).join("");
    results.children = [];
    const t = performance.now();
    input.listeners.input();
    times.push({ q: input.value, ms: performance.now() - t, hits: status.textContent });
  }
}
times.sort((a, b) => a.ms - b.ms);
const p = (x) => times[Math.min(times.length - 1, Math.floor(x * times.length))].ms.toFixed(1);
const bytes = fs.statSync(path.join(site, "assets/search-index.js")).size;
console.log(`index ${(bytes / 1048576).toFixed(1)} MiB, parsed in ${loadMs.toFixed(0)} ms`);
console.log(`${times.length} keystrokes: median ${p(0.5)} ms, p90 ${p(0.9)} ms, max ${times[times.length - 1].ms.toFixed(1)} ms ("${times[times.length - 1].q}")`);
