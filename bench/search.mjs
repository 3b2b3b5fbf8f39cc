// Times search-as-you-type on a built site the way the browser runs it: loads
// assets/search/index.js and assets/search.js into a minimal DOM stand-in in
// a fresh context per query (as a visitor opening the search page), types the
// query key by key, and times each keystroke from the input event until the
// results are drawn — including the shards it loads. A shard is loaded as the
// browser does when search.js inserts its <script>: the file is read and run
// in the page's context, then the element's onload fires (asynchronously).
// Timers fire on the next turn of the event loop (without their delay), and
// between keystrokes the page gets one turn, as it gets a frame in the
// browser: work search.js leaves for after a screen is drawn (the rest of a
// ranking) runs there, untimed, as --chromium's "drawn" leaves it out.
//
// With --chromium the same keystrokes run in Chromium (/usr/bin/chromium, via
// tests/browser's playwright-core) on the file:// site: each is timed from
// render (the form's submit, so without the 60 ms typing debounce) until the
// results are drawn, and until the next frame.
//
// Usage: node bench/search.mjs <site-dir> [--queries "q1|q2|…"] [--chromium] [--json] [-v]
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const args = process.argv.slice(2);
const site = args.find((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1] === "--queries"));
if (!site) {
  console.error('usage: node bench/search.mjs <site-dir> [--queries "q1|q2|…"] [--json]');
  process.exit(2);
}
const qi = args.indexOf("--queries");
const queries = qi >= 0 ? args[qi + 1].split("|") : ["rare earth", "critical minerals supply", "稀土", "关键矿产", "供应链", "magnet"];
const dir = path.join(site, "assets/search");
const searchJs = fs.readFileSync(path.join(site, "assets/search.js"), "utf8");
const headPath = path.join(dir, "index.js");

// The words the search page gives search.js (data-* attributes of
// #search-status and #search-results), read from the built page.
const searchPage = (() => {
  try { return fs.readFileSync(path.join(site, "search/index.html"), "utf8"); } catch { return ""; }
})();
function attrsOf(id) {
  const m = new RegExp(`<[a-z]+[^>]*\\bid=["']?${id}\\b[^>]*>`).exec(searchPage);
  const out = {};
  if (m) for (const a of m[0].matchAll(/(data-[a-z-]+)=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) out[a[1]] = a[2] ?? a[3] ?? a[4];
  return out;
}

// A tiny DOM: enough for search.js.
function el(tag, onAttr, onAppend) {
  return {
    tag, children: [], attrs: {}, _text: "", get textContent() { return this._text; }, set textContent(v) { this._text = v; this.children = []; }, innerHTML: "", className: "", style: {}, value: "", href: "", parentNode: null,
    appendChild(c) { this.children.push(c); c.parentNode = this; if (onAppend) onAppend(c); return c; },
    removeChild(c) { this.children = this.children.filter((x) => x !== c); c.parentNode = null; return c; },
    insertBefore(c, ref) { const i = this.children.indexOf(ref); this.children.splice(i < 0 ? this.children.length : i, 0, c); c.parentNode = this; return c; },
    get firstChild() { return this.children[0] || null; },
    setAttribute(k, v) { this.attrs[k] = v; if (onAttr) onAttr(k, v); }, getAttribute(k) { return this.attrs[k]; },
    addEventListener(type, fn) { (this.listeners ||= {})[type] = fn; },
    querySelectorAll() { return []; }, focus() {},
  };
}

let loadedBytes = 0;
let loadedFiles = 0;
// A fresh page: the head script, then search.js.
function openPage() {
  let done = null;
  let first = null;
  const input = el("input"), status = el("p"), form = el("form");
  Object.assign(status.attrs, attrsOf("search-status"));
  const results = el(
    "div",
    (k, v) => { if (k === "aria-busy" && v === "false" && done) { const d = done; done = null; d(); } },
    () => { if (first === null) first = performance.now(); },
  );
  Object.assign(results.attrs, attrsOf("search-results"));
  const ids = { "search-input": input, "search-results": results, "search-status": status, "search-form": form };
  const docHead = el("head");
  const ctx = {
    performance, history: { replaceState() {} }, console,
    // Timers run on the next turn of the event loop, without their delay
    // (so the 60 ms typing debounce is not timed), as later tasks, as in
    // the browser.
    setTimeout: (fn) => { setImmediate(fn); return 0; }, clearTimeout() {},
  };
  ctx.window = ctx;
  ctx.location = { search: "" };
  ctx.document = {
    getElementById: (id) => ids[id], createElement: (t) => el(t), createTextNode: (t) => el("#text"), addEventListener() {}, activeElement: null, head: docHead,
  };
  // Loading a script: read and run it in the page, then fire onload, on a
  // later turn of the event loop (as the browser does).
  docHead.appendChild = function (c) {
    el("x").appendChild.call(this, c);
    if (c.tag === "script") {
      setImmediate(() => {
        const rel = decodeURIComponent(c.src.replace(/^\.\.\//, ""));
        let code;
        try { code = fs.readFileSync(path.join(site, rel), "utf8"); } catch { c.onerror(); return; }
        loadedBytes += Buffer.byteLength(code);
        loadedFiles++;
        vm.runInContext(code, ctx, { filename: rel });
        c.onload();
      });
    }
    return c;
  };
  vm.createContext(ctx);
  const t0 = performance.now();
  vm.runInContext(fs.readFileSync(headPath, "utf8"), ctx);
  const headMs = performance.now() - t0;
  vm.runInContext(searchJs, ctx);
  // Types `text` (replacing the value) and resolves when its results are
  // drawn, with the time the first one was.
  function type(text) {
    return new Promise((resolve) => {
      first = null;
      done = () => resolve(first);
      input.value = text;
      input.listeners.input();
    });
  }
  return { type, headMs, status, results };
}

const sizeOf = (p) => fs.statSync(p).size;
const files = fs.readdirSync(dir);
const total = files.reduce((n, f) => n + sizeOf(path.join(dir, f)), 0);
let html = 0;
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".html")) html += sizeOf(p);
  }
})(site);

if (args.includes("--chromium")) {
  await chromiumRun();
  process.exit(0);
}

const times = [];
const heads = [];
// One turn of the event loop: what the page queued (its first shards, work
// left for after a screen is drawn) runs, as between a browser's frames.
const turn = () => new Promise((resolve) => setImmediate(resolve));
for (const q of queries) {
  const page = openPage();
  heads.push(page.headMs);
  await turn();
  await turn();
  const chars = [...q];
  for (let n = 1; n <= chars.length; n++) {
    const text = chars.slice(0, n).join("");
    const b0 = loadedBytes, f0 = loadedFiles;
    const t = performance.now();
    const first = await page.type(text);
    const ms = performance.now() - t;
    times.push({ q: text, ms, first: first === null ? ms : first - t, files: loadedFiles - f0, bytes: loadedBytes - b0, status: page.status.textContent });
    await turn();
  }
  const last = times[times.length - 1];
  if (!args.includes("--json")) console.log(`  ${JSON.stringify(q)}: ${last.status}`);
}
const sorted = [...times].sort((a, b) => a.ms - b.ms);
const p = (x) => sorted[Math.min(sorted.length - 1, Math.floor(x * sorted.length))].ms;
const firsts = times.map((t) => t.first).sort((a, b) => a - b);
const pf = (x) => firsts[Math.min(firsts.length - 1, Math.floor(x * firsts.length))];
const mib = (b) => (b / 1048576).toFixed(1);
const kib = (b) => (b / 1024).toFixed(1);
const max = sorted[sorted.length - 1];
const maxBytes = times.reduce((m, t) => Math.max(m, t.bytes), 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = {
  headBytes: sizeOf(headPath), headMs: median(heads), files: files.length, totalBytes: total, htmlBytes: html,
  keystrokes: times.length, median: p(0.5), p90: p(0.9), max: max.ms, maxQuery: max.q,
  first: { median: pf(0.5), p90: pf(0.9), max: firsts[firsts.length - 1] }, loadedBytes, loadedFiles, maxBytesPerKeystroke: maxBytes,
};
if (args.includes("--json")) {
  console.log(JSON.stringify(summary));
} else {
  console.log(`index: head ${kib(summary.headBytes)} KiB (parsed in ${summary.headMs.toFixed(1)} ms), ${files.length} files, ${mib(total)} MiB in all (all HTML ${mib(html)} MiB: index = ${(total / html).toFixed(2)} × HTML)`);
  console.log(`${times.length} keystrokes, ${queries.length} queries each on a fresh page:`);
  console.log(`  all results drawn: median ${p(0.5).toFixed(1)} ms, p90 ${p(0.9).toFixed(1)} ms, max ${max.ms.toFixed(1)} ms ("${max.q}")`);
  console.log(`  first result drawn: median ${pf(0.5).toFixed(1)} ms, p90 ${pf(0.9).toFixed(1)} ms, max ${firsts[firsts.length - 1].toFixed(1)} ms`);
  console.log(`loaded ${loadedFiles} shards, ${mib(loadedBytes)} MiB in all; at most ${kib(maxBytes)} KiB for one keystroke`);
  if (args.includes("-v")) for (const t of times) console.log(`    ${t.ms.toFixed(1).padStart(7)} ms (first ${t.first.toFixed(1).padStart(5)}) ${String(t.files).padStart(4)} files ${kib(t.bytes).padStart(8)} KiB  ${JSON.stringify(t.q)}`);
}

async function chromiumRun() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(path.join(here, "../tests/browser/package.json"));
  const { chromium } = require("playwright-core");
  const profile = fs.mkdtempSync(path.join((await import("node:os")).tmpdir(), "briefing-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.BRIEFING_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const url = pathToFileURL(path.join(path.resolve(site), "search/index.html")).href;
  const rows = [];
  const errors = [];
  try {
    for (const q of queries) {
      const page = await context.newPage();
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url, { waitUntil: "load" });
      const chars = [...q];
      for (let n = 1; n <= chars.length; n++) {
        const text = chars.slice(0, n).join("");
        const [drawn, frame, status, first] = await page.evaluate(async (text) => {
          const input = document.getElementById("search-input");
          const results = document.getElementById("search-results");
          const form = document.getElementById("search-form");
          let first = null;
          const watch = new MutationObserver(() => {
            if (first === null && results.querySelector("a.result-link")) first = performance.now() - t0;
          });
          watch.observe(results, { childList: true, subtree: true });
          const t0 = performance.now();
          input.value = text;
          form.dispatchEvent(new Event("submit", { cancelable: true }));
          if (results.getAttribute("aria-busy") !== "false") {
            await new Promise((resolve) => {
              new MutationObserver((m, o) => {
                if (results.getAttribute("aria-busy") === "false") { o.disconnect(); resolve(); }
              }).observe(results, { attributes: true });
            });
          }
          const drawn = performance.now() - t0;
          await Promise.resolve();
          watch.disconnect();
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          return [drawn, performance.now() - t0, document.getElementById("search-status").textContent, first === null ? drawn : first];
        }, text);
        rows.push({ q: text, drawn, frame, status, first });
      }
      if (!args.includes("--json")) console.log(`  ${JSON.stringify(q)}: ${rows[rows.length - 1].status}`);
      await page.close();
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const stat = (key) => {
    const s = rows.map((r) => r[key]).sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], p90: s[Math.min(s.length - 1, Math.floor(0.9 * s.length))], max: s[s.length - 1] };
  };
  const d = stat("drawn"), f = stat("frame"), fr = stat("first");
  const worst = rows.reduce((a, b) => (b.drawn > a.drawn ? b : a));
  if (args.includes("--json")) {
    console.log(JSON.stringify({ keystrokes: rows.length, drawn: d, first: fr, frame: f, errors }));
    return;
  }
  console.log(`Chromium, file://, ${rows.length} keystrokes, ${queries.length} queries each on a fresh page:`);
  console.log(`  all results drawn: median ${d.median.toFixed(1)} ms, p90 ${d.p90.toFixed(1)} ms, max ${d.max.toFixed(1)} ms ("${worst.q}")`);
  console.log(`  first result drawn: median ${fr.median.toFixed(1)} ms, p90 ${fr.p90.toFixed(1)} ms, max ${fr.max.toFixed(1)} ms`);
  console.log(`  next frame: median ${f.median.toFixed(1)} ms, p90 ${f.p90.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`);
  if (errors.length) console.log(`  console errors: ${errors.join("; ")}`);
  if (args.includes("-v")) for (const r of rows) console.log(`    ${r.drawn.toFixed(1).padStart(7)} ms (first ${r.first.toFixed(1).padStart(5)}, frame ${r.frame.toFixed(1).padStart(5)})  ${JSON.stringify(r.q)}`);
}
