#!/usr/bin/env node
// Lighthouse scores of a built briefing site: one page of each kind, served
// over HTTP under /briefing/ (as GitHub Pages would), audited by Lighthouse
// in Debian's Chromium ($BRIEFING_CHROMIUM, by default /usr/bin/chromium)
// with its default mobile emulation and simulated throttling (`--desktop`
// for the desktop preset).
//
//   (cd bench/lighthouse && npm ci)
//   node bench/lighthouse/run.mjs <site-dir> [--desktop] [--json FILE]
//
// Prints a table of the four scores per page and exits 1 when a page is
// under the targets of issue 19: performance, accessibility and best
// practices at least 0.95, SEO at least 0.9. Timings vary with the machine's
// load: this is a measurement to run by hand, not a test of `cargo test`.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const TARGETS = { performance: 0.95, accessibility: 0.95, "best-practices": 0.95, seo: 0.9 };
const PREFIX = "/briefing/";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
};

const args = process.argv.slice(2);
const siteArg = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--json");
const desktop = args.includes("--desktop");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
if (!siteArg || !fs.existsSync(path.join(siteArg, "index.html"))) {
  console.error("usage: node bench/lighthouse/run.mjs <site-dir> [--desktop] [--json FILE]");
  process.exit(2);
}
const SITE = fs.realpathSync(siteArg);

// One page of each kind that the site has.
function firstIn(folder) {
  const dir = path.join(SITE, folder);
  if (!fs.existsSync(dir)) return null;
  const sub = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "index.html")))
    .map((e) => e.name)
    .sort()[0];
  return sub ? `${folder}/${sub}/index.html` : null;
}
const PAGES = [
  "index.html",
  "briefs/index.html",
  firstIn("briefs"),
  firstIn("summaries"),
  "timeline/index.html",
  "sources/index.html",
  firstIn("sources"),
  "terms/index.html",
  firstIn("terms"),
  "tags/index.html",
  "search/index.html",
  "print/index.html",
  "about/index.html",
].filter((p) => p && fs.existsSync(path.join(SITE, p)));

function serve() {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!p.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    p = path.posix.normalize(p.slice(PREFIX.length));
    let abs = path.join(SITE, p);
    if (p.startsWith("..")) abs = "";
    if (abs && fs.existsSync(abs) && fs.statSync(abs).isDirectory()) abs = path.join(abs, "index.html");
    if (abs && fs.existsSync(abs) && fs.statSync(abs).isFile()) {
      // Compressed, as GitHub Pages serves text.
      const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] || "");
      const body = fs.readFileSync(abs);
      res.writeHead(200, {
        "content-type": TYPES[path.extname(abs)] || "application/octet-stream",
        "cache-control": "max-age=600",
        ...(gzip ? { "content-encoding": "gzip" } : {}),
      });
      res.end(gzip ? zlib.gzipSync(body) : body);
    } else {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.existsSync(path.join(SITE, "404.html")) ? fs.readFileSync(path.join(SITE, "404.html")) : "not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const chrome = await chromeLauncher.launch({
  chromePath: process.env.BRIEFING_CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const rows = [];
let under = 0;
try {
  for (const page of PAGES) {
    const url = `${origin}${PREFIX}${page}`;
    const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: Object.keys(TARGETS) };
    const config = desktop ? (await import("lighthouse/core/config/desktop-config.js")).default : undefined;
    const result = await lighthouse(url, flags, config);
    const cats = result.lhr.categories;
    const scores = Object.fromEntries(Object.keys(TARGETS).map((k) => [k, cats[k] ? cats[k].score : null]));
    const low = Object.entries(TARGETS).filter(([k, t]) => scores[k] === null || scores[k] < t);
    // The audits that cost the most, for a page under a target.
    const hints = low.length
      ? Object.values(result.lhr.audits)
          .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable")
          .slice(0, 4)
          .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`)
      : [];
    under += low.length ? 1 : 0;
    rows.push({ page, ...scores, lcp: result.lhr.audits["largest-contentful-paint"]?.displayValue, low: low.map(([k]) => k), hints });
    const f = (v) => (v === null ? " n/a" : v.toFixed(2));
    console.log(
      `${page.padEnd(48)} perf ${f(scores.performance)}  a11y ${f(scores.accessibility)}  bp ${f(scores["best-practices"])}  seo ${f(scores.seo)}  LCP ${rows.at(-1).lcp || "?"}${low.length ? `  UNDER: ${low.map(([k]) => k).join(", ")}; ${hints.join(", ")}` : ""}`,
    );
  }
} finally {
  await chrome.kill();
  server.close();
}
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ desktop, pages: rows }, null, 2));
console.log(`\n${PAGES.length - under} passed, ${under} failed (${desktop ? "desktop" : "mobile"} preset; targets: performance, accessibility, best practices ≥ 0.95, SEO ≥ 0.9)`);
process.exitCode = under ? 1 : 0;
