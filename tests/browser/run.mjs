#!/usr/bin/env node
// Browser tests for a built briefing site.
//
//   node tests/browser/run.mjs <site-dir> [--steps validate,file,http,search,evidence,print,layout,words,axe,screenshots]
//
// <site-dir> is the output of `briefing build --output <site-dir>`. Steps:
//   1. html-validate on every HTML page;
//   2. every page opened from file://: no console or page errors, every internal
//      link (a[href], link[href], script[src], img[src]) resolves to a FILE in the
//      site, and its #fragment is an id on the target page;
//   3. the site served over HTTP under /briefing/ (GitHub-Pages-like, 404.html for
//      missing paths): breadth-first crawl from the home page, every internal link
//      answers 200, no console errors; a missing deep path renders the styled 404
//      page whose home link works;
//   4. search (search/index.html), from file:// and over HTTP: queries whose
//      results all resolve, with clean snippets; ranking (a term's name,
//      abbreviation, alias, Chinese name or a misspelling puts its page in
//      the top three); words from lists and tables, and from translations
//      (labelled); suggestions when nothing is found; labels, "more", escaping of a hostile query, result
//      navigation, keyboard;
//   5. axe-core on one page of each kind: no serious or critical violation;
//   6. full-page screenshots at 375px and 1280px to tests/browser/artifacts/;
//   7. the chain of evidence (evidence.mjs): citations land on the quoted
//      words with the translation beside them (mouse, keyboard, touch; file://
//      and HTTP), note previews, the parallel-text control with and without
//      JavaScript, the timeline's `after` order, the notes' share of a brief;
//   8. paper (print.mjs): the print edition and a brief printed to PDF (A4)
//      and read back with pdf.js: page count, A4, margins, running header,
//      page numbers, the cover's date, parts on new pages, a compact
//      timeline, notes, the appendix, no arrows or site furniture;
//   9. layout (layout.mjs) at 375 and 1280 px: a one-row header with tap
//      targets of 24 px, breadcrumbs, unbroken date ranges, a legible chart,
//      the measure, the contents in the margin, highlight.css only with code;
//  10. the scripts' words (words.mjs), from file://: the dark-mode button's
//      title, the timeline filters' count, the search status and kinds of
//      result are the language file's, filled, in the page's plural form, and
//      hold no English word on a Chinese page.
// Exit code 0 only if every check passed; the last line is `N passed, M failed`.
// `--steps` runs only the steps named (default: all). Search, evidence, axe
// and the screenshots know the shipped briefing's pages and words; a fixture site
// runs the others: tests/browser/fixtures/unicode (names and tags in
// Chinese and accented Latin) with `--steps validate,file,http`, and
// tests/browser/fixtures/zh-hans (a site in Simplified Chinese, with Chinese
// tags) with `--steps validate,file,http,words`.
//
// The browser is $BRIEFING_CHROMIUM, by default /usr/bin/chromium (Debian's package
// `chromium`); the script downloads nothing. CI on GitHub, where Ubuntu's chromium
// is a snap shim, sets it to Playwright's build (.github/workflows/ci.yml).

import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { HtmlValidate } from "html-validate";
import { stepEvidence } from "./evidence.mjs";
import { stepPrint } from "./print.mjs";
import { stepLayout } from "./layout.mjs";
import { stepWords } from "./words.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts");
const CHROMIUM = process.env.BRIEFING_CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const PREFIX = "/briefing/";
const NAV_TIMEOUT = 15000;
const PARALLEL = 3; // pages open at once while crawling (2 cores)

// ---------------------------------------------------------------- results

let passed = 0;
let failed = 0;
const failures = [];

function pass() {
  passed += 1;
}
function fail(step, what, problems) {
  failed += 1;
  const list = Array.isArray(problems) ? problems : [problems];
  failures.push({ step, what, problems: list });
  console.log(`FAIL [${step}] ${what}`);
  for (const p of list) console.log(`    ${p}`);
}
function check(step, what, problems) {
  if (problems.length) fail(step, what, problems);
  else pass();
}
function section(title) {
  console.log(`\n== ${title}`);
}

// ---------------------------------------------------------------- site files

const ALL_STEPS = ["validate", "file", "http", "search", "evidence", "print", "layout", "words", "axe", "screenshots"];
const siteArg = process.argv[2];
const stepsAt = process.argv.indexOf("--steps");
const STEPS = new Set(stepsAt > 0 ? (process.argv[stepsAt + 1] || "").split(",") : ALL_STEPS);
if (!siteArg || siteArg.startsWith("--") || [...STEPS].some((s) => !ALL_STEPS.includes(s))) {
  console.error(`usage: node tests/browser/run.mjs <site-dir> [--steps ${ALL_STEPS.join(",")}]`);
  process.exit(2);
}
const SITE = fs.realpathSync(path.resolve(siteArg));
if (!fs.statSync(SITE).isDirectory() || !fs.existsSync(path.join(SITE, "index.html"))) {
  console.error(`${SITE}: not a built site (no index.html)`);
  process.exit(2);
}

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
const rel = (abs) => path.relative(SITE, abs).split(path.sep).join("/");
const HTML_PAGES = walk(SITE)
  .filter((f) => f.endsWith(".html"))
  .map(rel)
  .sort((a, b) => (a === "index.html" ? -1 : b === "index.html" ? 1 : a.localeCompare(b)));
const fileUrl = (relPath) => pathToFileURL(path.join(SITE, relPath)).href;
const isFile = (abs) => {
  try {
    return fs.statSync(abs).isFile();
  } catch {
    return false;
  }
};
const exists = (relPath) => isFile(path.join(SITE, relPath));

function decodeFragment(hash) {
  const raw = hash.replace(/^#/, "");
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

// ---------------------------------------------------------------- browser helpers

// Runs `fn(item, page)` over items with PARALLEL pages of the shared context.
async function pool(context, items, fn) {
  let next = 0;
  const workers = [];
  for (let w = 0; w < Math.min(PARALLEL, items.length); w++) {
    workers.push(
      (async () => {
        const page = await context.newPage();
        try {
          while (next < items.length) {
            const item = items[next++];
            await fn(item, page);
          }
        } finally {
          await page.close();
        }
      })(),
    );
  }
  await Promise.all(workers);
}

// Opens url in page and returns the errors it logs while loading, the
// response of the main document, and what `collect` evaluated in the page.
// `ignoreMainStatus` skips the console error Chromium logs for a main
// document answered with an error status (the 404 page).
async function visit(page, url, { ignoreMainStatus = false } = {}) {
  const errors = [];
  const badResponses = new Set(); // subresources already reported by status
  const onConsole = (msg) => {
    if (msg.type() !== "error") return;
    const loc = msg.location();
    if (ignoreMainStatus && loc && loc.url === url && /status of 404/.test(msg.text())) return;
    // "Failed to load resource" for a response already reported below.
    if (loc && badResponses.has(loc.url) && /^Failed to load resource/.test(msg.text())) return;
    errors.push(`console error: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
  };
  const onPageError = (err) => errors.push(`page error: ${err.message}`);
  const onResponse = (res) => {
    if (res.url() === url || res.request().isNavigationRequest()) return;
    if (res.status() >= 400) {
      badResponses.add(res.url());
      errors.push(`subresource ${res.url()} answered ${res.status()}`);
    }
  };
  const onRequestFailed = (req) => {
    if (req.url() === url || badResponses.has(req.url())) return;
    // A request cancelled by the next navigation (the previous page's icon,
    // fetched late) is no missing file: those fail as ERR_FILE_NOT_FOUND or
    // with a status, and every linked file is checked to exist below.
    if (req.failure()?.errorText === "net::ERR_ABORTED") return;
    errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  };
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("response", onResponse);
  page.on("requestfailed", onRequestFailed);
  let response = null;
  try {
    response = await page.goto(url, { waitUntil: "load", timeout: NAV_TIMEOUT });
  } catch (e) {
    errors.push(`navigation failed: ${e.message.split("\n")[0]}`);
  }
  let info = { ids: [], links: [] };
  try {
    info = await page.evaluate(collectPage);
  } catch (e) {
    errors.push(`could not read page: ${e.message.split("\n")[0]}`);
  }
  // Let late errors (deferred scripts, DOMContentLoaded handlers) arrive.
  await page.waitForTimeout(20);
  page.off("console", onConsole);
  page.off("pageerror", onPageError);
  page.off("response", onResponse);
  page.off("requestfailed", onRequestFailed);
  return { errors, response, ...info };
}

// In the page: every id, and every link with its attribute value and the URL
// the browser resolved it to.
function collectPage() {
  const ids = Array.from(document.querySelectorAll("[id]"), (el) => el.id);
  const links = [];
  const sel = "a[href], link[href], script[src], img[src], source[src], iframe[src]";
  for (const el of document.querySelectorAll(sel)) {
    const attr = el.hasAttribute("href") ? "href" : "src";
    const raw = el.getAttribute(attr);
    let resolved = null;
    try {
      resolved = new URL(raw, document.baseURI).href;
    } catch {
      resolved = null;
    }
    const tag = el.tagName.toLowerCase();
    const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "";
    links.push({ el: `<${tag}${cls ? " class=" + cls.slice(1) : ""}> ${attr}="${raw}"`, raw, resolved });
  }
  return { ids, links };
}

// ---------------------------------------------------------------- 1. html-validate

// html-validate:recommended, less rules that only object to the style of
// minified output or to choices that are not validity errors.
const VALIDATE_CONFIG = {
  extends: ["html-validate:recommended"],
  rules: {
    // Minified output drops quotes where HTML allows it.
    "attr-quotes": "off",
    // Minified output writes void elements as <br>, not <br/>; both are valid.
    "void-style": "off",
    // Minified output omits optional end tags (</li>, </p>, </head>, </body>); valid HTML.
    "no-implicit-close": "off",
    // Whitespace is a formatting matter; minified output has none to speak of.
    "no-trailing-whitespace": "off",
    // Page titles are "<title> · <site title>"; length is editorial, not validity.
    "long-title": "off",
    // <!doctype html> in lower case is what minifiers write; case is not significant.
    "doctype-style": "off",
    // The templates write type="submit"; minify-html drops it because it is the default.
    "no-implicit-button-type": "off",
    // HTML allows ids that start with a digit (timeline ids are dated "2017-…");
    // relaxed mode still rejects empty ids and ids with whitespace.
    "valid-id": ["error", { relaxed: true }],
  },
};

async function stepValidate() {
  section(`1. html-validate (${HTML_PAGES.length} pages)`);
  const hv = new HtmlValidate(VALIDATE_CONFIG);
  for (const page of HTML_PAGES) {
    const text = await fsp.readFile(path.join(SITE, page), "utf8");
    const report = await hv.validateString(text, page);
    const problems = [];
    for (const r of report.results) {
      for (const m of r.messages) {
        const where = m.selector ? ` at ${m.selector}` : "";
        problems.push(`${page}:${m.line}:${m.column}: ${m.ruleId}: ${m.message}${where}`);
      }
    }
    check("validate", page, problems);
  }
}

// ---------------------------------------------------------------- 2. file://

const pageIds = new Map(); // site-relative HTML path -> Set of ids (from the live DOM)

function idsOf(relPath) {
  if (pageIds.has(relPath)) return pageIds.get(relPath);
  // Not visited in the browser (e.g. a non-HTML target): scan the file.
  const set = new Set();
  try {
    const text = fs.readFileSync(path.join(SITE, relPath), "utf8");
    for (const m of text.matchAll(/\sid=(?:"([^"]*)"|'([^']*)'|([^\s>"'=<`]+))/g)) set.add(m[1] ?? m[2] ?? m[3]);
  } catch {
    /* missing: reported elsewhere */
  }
  return set;
}

// A file:// link inside the site: must name an existing file, and its
// fragment an id on that page. Returns a problem string or null.
function checkFileLink(fromRel, link) {
  const { el, raw, resolved } = link;
  if (!resolved) return `${el}: not a valid URL`;
  // The 404 page is only ever served by a web server, at any depth: its links
  // start from the base path (checked over HTTP in step 3).
  if (fromRel === "404.html" && raw.startsWith("/")) return null;
  const u = new URL(resolved);
  if (u.protocol !== "file:") return null; // external (http, mailto, data...)
  const abs = fileURLToPath(u);
  const target = path.relative(SITE, abs);
  if (target.startsWith("..") || path.isAbsolute(target)) return `${el}: points outside the site (${abs})`;
  const targetRel = target.split(path.sep).join("/");
  if (!isFile(abs)) {
    if (fs.existsSync(abs)) return `${el}: resolves to the folder ${targetRel || "."}/, not a file (breaks from file://)`;
    return `${el}: missing file ${targetRel}`;
  }
  if (u.hash && u.hash !== "#") {
    const id = decodeFragment(u.hash);
    if (targetRel.endsWith(".html") && !idsOf(targetRel).has(id)) {
      return `${el}: no id="${id}" on ${targetRel}`;
    }
  }
  return null;
}

async function stepFile(context) {
  section(`2. file:// (${HTML_PAGES.length} pages)`);
  const visits = new Map();
  await pool(context, HTML_PAGES, async (relPath, page) => {
    const v = await visit(page, fileUrl(relPath));
    visits.set(relPath, v);
    pageIds.set(relPath, new Set(v.ids));
  });
  for (const relPath of HTML_PAGES) {
    const v = visits.get(relPath);
    const problems = [...v.errors];
    const dupIds = v.ids.filter((id, i) => v.ids.indexOf(id) !== i);
    for (const id of new Set(dupIds)) problems.push(`duplicate id="${id}"`);
    const seen = new Set();
    for (const link of v.links) {
      const p = checkFileLink(relPath, link);
      if (p && !seen.has(p)) {
        seen.add(p);
        problems.push(p);
      }
    }
    check("file", relPath, problems);
  }
}

// ---------------------------------------------------------------- 3. HTTP under /briefing/

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".woff2": "font/woff2",
};

// GitHub-Pages-like: the site lives under /briefing/; a folder answers with
// its index.html (a folder without the trailing slash is redirected); a
// missing path answers 404 with the site's 404.html. Anything outside
// /briefing/ is a bare 404.
function startServer() {
  const server = http.createServer((req, res) => {
    const send = (status, body, type, extra = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...extra });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(400, "bad request", "text/plain");
    }
    if (!pathname.startsWith(PREFIX)) return send(404, "not found", "text/plain");
    const relPath = path.posix.normalize(pathname.slice(PREFIX.length));
    if (relPath.startsWith("..") || relPath.includes("\0")) return send(404, "not found", "text/plain");
    let abs = path.join(SITE, relPath);
    try {
      if (fs.statSync(abs).isDirectory()) {
        if (!pathname.endsWith("/")) return send(301, "", "text/plain", { location: pathname + "/" });
        abs = path.join(abs, "index.html");
      }
    } catch {
      /* missing: below */
    }
    if (isFile(abs)) {
      return send(200, fs.readFileSync(abs), TYPES[path.extname(abs).toLowerCase()] || "application/octet-stream");
    }
    const notFound = path.join(SITE, "404.html");
    if (isFile(notFound)) return send(404, fs.readFileSync(notFound), TYPES[".html"]);
    return send(404, "not found", "text/plain");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.request(url, { method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"] || "" }));
    });
    req.on("error", (e) => resolve({ status: 0, type: "", error: e.message }));
    req.end();
  });
}

async function stepHttp(context, origin) {
  const home = `${origin}${PREFIX}index.html`;
  section(`3. HTTP crawl from ${home}`);
  const statusCache = new Map(); // URL without hash -> Promise<{status,type}>
  const statusOf = (u) => {
    if (!statusCache.has(u)) statusCache.set(u, httpStatus(u));
    return statusCache.get(u);
  };
  const visited = new Map(); // URL -> visit result
  const idsByUrl = new Map();
  let frontier = [home];
  const queued = new Set(frontier);
  while (frontier.length) {
    const batch = frontier;
    frontier = [];
    await pool(context, batch, async (url, page) => {
      const v = await visit(page, url);
      visited.set(url, v);
      idsByUrl.set(url, new Set(v.ids));
      for (const link of v.links) {
        if (!link.resolved) continue;
        const u = new URL(link.resolved);
        if (u.origin !== origin) continue;
        u.hash = "";
        const bare = u.href;
        if (queued.has(bare)) continue;
        const { status, type } = await statusOf(bare);
        if (status === 200 && type.startsWith("text/html") && !queued.has(bare)) {
          queued.add(bare);
          frontier.push(bare);
        }
      }
    });
  }
  for (const [url, v] of visited) {
    const problems = [...v.errors];
    if (!v.response || v.response.status() !== 200) problems.push(`page answered ${v.response ? v.response.status() : "nothing"}`);
    const seen = new Set();
    for (const link of v.links) {
      let p = null;
      if (!link.resolved) p = `${link.el}: not a valid URL`;
      else {
        const u = new URL(link.resolved);
        if (u.origin !== origin) continue;
        const hash = u.hash;
        u.hash = "";
        const { status, error } = await statusOf(u.href);
        if (status !== 200) p = `${link.el}: ${u.pathname} answered ${status || error}`;
        else if (hash && hash !== "#" && idsByUrl.has(u.href) && !idsByUrl.get(u.href).has(decodeFragment(hash))) {
          p = `${link.el}: no id="${decodeFragment(hash)}" on ${u.pathname}`;
        }
      }
      if (p && !seen.has(p)) {
        seen.add(p);
        problems.push(p);
      }
    }
    check("http", url.slice(origin.length), problems);
  }
  const reached = new Set([...visited.keys()].map((u) => decodeURIComponent(new URL(u).pathname.slice(PREFIX.length))));
  const unreached = HTML_PAGES.filter((p) => p !== "404.html" && !reached.has(p) && !reached.has(p.replace(/index\.html$/, "")));
  console.log(`crawled ${visited.size} pages over HTTP; ${unreached.length} HTML files not reachable by links${unreached.length ? ": " + unreached.slice(0, 10).join(", ") + (unreached.length > 10 ? ", …" : "") : ""}`);

  // The 404 page at a deep missing path.
  const missing = `${origin}${PREFIX}no/such/page/`;
  const page = await context.newPage();
  try {
    const problems = [];
    // The browser's own defaults, to tell a styled page from a bare one.
    await page.goto("about:blank");
    await page.setContent("<!doctype html><title>x</title><body><h1>x</h1>");
    const plain = await page.evaluate(bodyStyle);
    const v = await visit(page, missing, { ignoreMainStatus: true });
    problems.push(...v.errors);
    const status = v.response ? v.response.status() : 0;
    if (status !== 404) problems.push(`${missing} answered ${status}, expected 404`);
    const style = await page.evaluate(bodyStyle);
    if (!style.heading) problems.push("no visible <h1> heading");
    if (style.fontFamily === plain.fontFamily && style.margin === plain.margin && style.background === plain.background) {
      problems.push(
        `body has the browser's default style (font-family ${JSON.stringify(style.fontFamily)}, margin ${style.margin}): the page's styles did not load at a deep path`,
      );
    }
    // Its home link: a link to the home page (in any language), else one
    // whose text mentions "home".
    const links = await page.evaluate(() =>
      Array.from(document.querySelectorAll("a[href]"), (a) => ({ href: a.href, raw: a.getAttribute("href"), text: a.textContent.trim() })),
    );
    const homeLink = links.find((l) => l.href === home || l.href === `${origin}${PREFIX}`) || links.find((l) => /home/i.test(l.text)) || null;
    if (!homeLink) problems.push("404 page has no link to the home page");
    else {
      const { status: hs } = await httpStatus(homeLink.href.replace(/#.*/, ""));
      const okTarget = homeLink.href === home || homeLink.href === `${origin}${PREFIX}`;
      if (hs !== 200 || !okTarget) {
        problems.push(`home link "${homeLink.text}" href="${homeLink.raw}" resolves to ${homeLink.href} (status ${hs}), expected ${home}`);
      } else {
        // Follow it like a person would.
        await Promise.all([page.waitForURL((u) => u.href !== missing, { timeout: NAV_TIMEOUT }), page.click(`a[href="${homeLink.raw}"]`)]).catch((e) =>
          problems.push(`clicking the home link did not navigate: ${e.message.split("\n")[0]}`),
        );
        if (page.url() !== homeLink.href) problems.push(`clicking the home link landed on ${page.url()}`);
      }
    }
    // Every other same-origin link of the 404 page must work from a deep path too.
    for (const l of links) {
      if (l === homeLink) continue;
      const u = new URL(l.href);
      if (u.origin !== origin) continue;
      u.hash = "";
      const { status: ls } = await httpStatus(u.href);
      if (ls !== 200) problems.push(`link "${l.text}" href="${l.raw}" resolves to ${u.pathname} (status ${ls})`);
    }
    check("http", `404 page at ${missing.slice(origin.length)}`, problems);
    await page.goto(missing, { waitUntil: "load" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(ARTIFACTS, "404-deep-1280.png"), fullPage: true });
  } finally {
    await page.close();
  }
}

function bodyStyle() {
  const cs = getComputedStyle(document.body);
  const h1 = document.querySelector("h1");
  let sheets = 0;
  for (const s of document.styleSheets) {
    try {
      sheets += s.cssRules.length;
    } catch {
      /* cross-origin */
    }
  }
  return {
    fontFamily: cs.fontFamily,
    margin: cs.margin,
    background: cs.backgroundColor,
    color: cs.color,
    sheets,
    heading: !!(h1 && h1.getBoundingClientRect().height > 0 && h1.textContent.trim()),
  };
}

// ---------------------------------------------------------------- 4. search

// Queries that must find something, every result linking to a page of the
// site.
const QUERIES = [
  { q: "rare earth", min: 10 },
  { q: "稀土", min: 3 },
  { q: "关键矿产", min: 1 },
  { q: "供应链", min: 1 },
];
// Ranking on the shipped site: a term's name, abbreviation, alias or
// Chinese name — or a misspelling of it — puts its page in the top three.
const RANKING = [
  { q: "G7", top: "terms/g7/index.html" },
  { q: "FORGE", top: "terms/forge/index.html" },
  { q: "MSP", top: "terms/minerals-security-partnership/index.html" },
  { q: "Minerals Security Partnership", top: "terms/minerals-security-partnership/index.html" },
  { q: "稀土", top: "terms/rare-earths/index.html" },
  { q: "rare erth", top: "terms/rare-earths/index.html" },
];
// Words that sit only in list items or table rows (each its own hit, with
// the id the renderer gives it).
const FROM_LISTS = [
  { q: "Serra Verde", want: "briefs/alliances/index.html" },
  { q: "gallium", want: "index.html" },
  { q: "Latin American", want: "briefs/china-position-and-countermeasures/index.html" },
];
// A word only the site's translation of a source block holds: the block is
// found, its snippet taken from the translation and labelled so.
const TRANSLATED = { q: "roped", want: "sources/netease-g7-production-alliance/index.html", label: "Translation" };
// A query with no result: the closest terms are suggested.
const NO_RESULTS = { q: "lithum batteries", suggest: "terms/lithium/index.html" };
const HOSTILE = "<img src=x onerror=window.__xss=1>";
const KNOWN_KINDS = new Set(["brief", "summary", "page", "source", "event", "term"]);

// Waits until the search has drawn what it found (search.js sets
// aria-busy="false" on #search-results then) and nothing changes any more.
async function settle(page, { wantResults = true } = {}) {
  if (wantResults) {
    await page
      .waitForFunction(() => document.querySelectorAll("#search-results a.result-link").length > 0, null, { timeout: 5000 })
      .catch(() => {});
  }
  let last = null;
  for (let i = 0; i < 40; i++) {
    const now = await page.evaluate(() => {
      const r = document.getElementById("search-results");
      const s = document.getElementById("search-status");
      return (r ? r.innerHTML + r.getAttribute("aria-busy") : "") + "\u0000" + (s ? s.textContent : "");
    });
    if (now === last && now.includes("false\u0000")) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

// The results as drawn: kind, label, site-relative target, snippet text
// (without the label of a snippet from a translation, which is `from`).
function readResults() {
  const snippetText = (p) => {
    if (!p) return "";
    const c = p.cloneNode(true);
    c.querySelectorAll(".snippet-label").forEach((l) => l.remove());
    return c.textContent.replace(/^ /, "");
  };
  const site = new URL("../", location.href).href;
  const items = Array.from(document.querySelectorAll("#search-results li.result"), (li) => {
    const a = li.querySelector("a.result-link");
    return {
      kind: li.getAttribute("data-kind"),
      label: a.textContent,
      href: a.href,
      target: a.href.startsWith(site) ? a.href.slice(site.length).replace(/#.*/, "") : a.href,
      snippet: snippetText(li.querySelector(".snippet")),
      from: (li.querySelector(".snippet .snippet-label") || { textContent: "" }).textContent,
      marks: li.querySelectorAll(".snippet mark").length,
      lang: (li.querySelector(".snippet") || li).closest("[lang]")?.getAttribute("lang") || "",
    };
  });
  const suggestions = Array.from(document.querySelectorAll("#search-results .search-suggest a"), (a) => a.href.slice(site.length));
  return { items, suggestions, status: document.getElementById("search-status").textContent, more: !!document.querySelector("#search-results button.search-more") };
}

async function openSearch(page, url, errors) {
  const v = await visit(page, url);
  errors.push(...v.errors);
  await page.waitForSelector("#search-input", { timeout: 5000 });
  await page.click("#search-input");
}

async function typeQuery(page, q) {
  // Typed key by key (Chinese characters are inserted as text), like a person.
  await page.locator("#search-input").pressSequentially(q, { delay: 15 });
}

async function search(page, url, q, problems, opts) {
  await openSearch(page, url, problems);
  await typeQuery(page, q);
  await settle(page, opts);
  return page.evaluate(readResults);
}

// Every hit's text as the index stores it (read from the text shards), to
// check that a snippet starts and ends between words.
function indexTexts() {
  const dir = path.join(SITE, "assets/search");
  const texts = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith("t-"))) {
    const code = fs.readFileSync(path.join(dir, f), "utf8");
    const m = /^window\.BRIEFING_SEARCH_SHARD\((.*)\);\n$/s.exec(code);
    // The text, and a source block's translation and translator's note.
    if (m) for (const h of JSON.parse(`[${m[1]}]`)[4]) for (const t of [h[2], h[4], h[5]]) if (t) texts.push(t);
  }
  return texts;
}
const WORD = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;
// Problems of a snippet: a gap the page does not have, or a word cut.
function snippetProblems(snippet, texts) {
  const out = [];
  if (/ {2}| [.,;:!?)]|\p{Script=Han} \p{Script=Han}/u.test(snippet)) out.push(`stray gap in ${JSON.stringify(snippet)}`);
  const body = snippet.replace(/^…/, "").replace(/…$/, "");
  const text = texts.find((t) => t.includes(body));
  if (!text) return [...out, `snippet not from any indexed text: ${JSON.stringify(snippet)}`];
  const at = text.indexOf(body), end = at + body.length;
  // Within a word: letters, or a hyphen or apostrophe inside it (rare-earth).
  const inWord = (c) => WORD.test(c) || /[-'\u2019]/.test(c);
  const cut = (a, b) => a && b && inWord(a) && inWord(b) && !HAN.test(a) && !HAN.test(b);
  if (cut(text[at - 1], text[at])) out.push(`starts inside a word: ${JSON.stringify(snippet.slice(0, 40))}`);
  if (cut(text[end - 1], text[end])) out.push(`ends inside a word: ${JSON.stringify(snippet.slice(-40))}`);
  return out;
}

async function stepSearch(context, mode, searchUrl, resolveLink) {
  section(`4. search (${mode}) ${searchUrl}`);
  const page = await context.newPage();
  const errors = [];
  const onConsole = (msg) => msg.type() === "error" && errors.push(`console error: ${msg.text()}`);
  const onPageError = (err) => errors.push(`page error: ${err.message}`);
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  const texts = indexTexts();
  const show = (r) => r.items.slice(0, 5).map((it, i) => `${i + 1}. [${it.kind}] ${it.label}`).join(" | ");
  try {
    for (const { q, min } of QUERIES) {
      const problems = [];
      const r = await search(page, searchUrl, q, problems);
      const value = await page.inputValue("#search-input");
      if (value !== q) problems.push(`input holds ${JSON.stringify(value)} after typing`);
      if (r.items.length < Math.min(min, 10)) problems.push(`${r.items.length} results drawn, expected at least ${Math.min(min, 10)}`);
      const found = Number((/\d+/.exec(r.status) || ["0"])[0]);
      if (found < min) problems.push(`status "${r.status}": expected at least ${min} results`);
      const targets = new Set();
      for (const it of r.items) {
        if (!KNOWN_KINDS.has(it.kind)) problems.push(`unknown result kind "${it.kind}"`);
        const p = await resolveLink(it.href);
        if (p) problems.push(`result "${it.label}" → ${p}`);
        // One result per paragraph: no two results link to the same place.
        if (targets.has(it.href)) problems.push(`two results link to ${it.href}`);
        targets.add(it.href);
        problems.push(...snippetProblems(it.snippet, texts));
      }
      problems.push(...errors.splice(0));
      console.log(`  ${JSON.stringify(q)}: ${r.status} ${show(r)}`);
      check(`search ${mode}`, `query ${JSON.stringify(q)}`, problems);
    }

    for (const { q, top } of RANKING) {
      const problems = [];
      const r = await search(page, searchUrl, q, problems);
      const rank = r.items.findIndex((it) => it.target === top) + 1;
      if (rank < 1 || rank > 3) problems.push(`${top} is ${rank ? `result ${rank}` : "not among the first results"}; first: ${show(r)}`);
      problems.push(...errors.splice(0));
      console.log(`  ranking ${JSON.stringify(q)}: ${top} is ${rank ? `#${rank}` : "missing"}`);
      check(`search ${mode}`, `${JSON.stringify(q)} puts ${top} in the top three`, problems);
    }

    for (const { q, want } of FROM_LISTS) {
      const problems = [];
      const r = await search(page, searchUrl, q, problems, { wantResults: false });
      if (!r.items.some((it) => it.target === want)) problems.push(`no result links to ${want}; results: ${show(r) || r.status}`);
      problems.push(...errors.splice(0));
      check(`search ${mode}`, `words from lists: ${JSON.stringify(q)} finds ${want}`, problems);
    }

    {
      const { q, want, label } = TRANSLATED;
      const problems = [];
      const r = await search(page, searchUrl, q, problems);
      const hit = r.items.find((it) => it.target === want);
      if (!hit) problems.push(`no result links to ${want}; results: ${show(r) || r.status}`);
      else {
        if (hit.from !== label) problems.push(`snippet labelled ${JSON.stringify(hit.from)}, expected ${JSON.stringify(label)}: ${JSON.stringify(hit.snippet)}`);
        if (!hit.marks) problems.push(`no match marked in ${JSON.stringify(hit.snippet)}`);
        problems.push(...snippetProblems(hit.snippet, texts));
      }
      problems.push(...errors.splice(0));
      console.log(`  ${JSON.stringify(q)}: ${hit ? `${hit.label} — ${hit.from}: ${hit.snippet.slice(0, 80)}` : "not found"}`);
      check(`search ${mode}`, `words of a translation: ${JSON.stringify(q)} finds ${want}, its snippet labelled ${label}`, problems);
    }

    // A snippet carries the language of its text: a source's Chinese
    // paragraph is marked zh-Hans, an English one is not.
    {
      const problems = [];
      const r = await search(page, searchUrl, "稀土", problems);
      let zh = 0;
      for (const it of r.items) {
        const letters = it.snippet.match(/\p{L}/gu) || [];
        const han = letters.filter((c) => HAN.test(c)).length / Math.max(1, letters.length);
        const isZh = it.lang.startsWith("zh");
        if (han > 0.6 && !isZh) problems.push(`Chinese snippet with lang=${JSON.stringify(it.lang)}: ${JSON.stringify(it.snippet.slice(0, 40))}`);
        if (han < 0.1 && isZh) problems.push(`English snippet with lang=${JSON.stringify(it.lang)}: ${JSON.stringify(it.snippet.slice(0, 40))}`);
        if (han > 0.6 && isZh) zh++;
      }
      if (!zh) problems.push(`no Chinese snippet among ${r.items.length} results: ${show(r)}`);
      problems.push(...errors.splice(0));
      console.log(`  "稀土": ${zh} of ${r.items.length} snippets in Chinese, marked zh-Hans`);
      check(`search ${mode}`, "a snippet carries the language of its text (Chinese: zh-Hans)", problems);
    }

    // Nothing found: the status says so and the closest terms are offered.
    {
      const problems = [];
      const r = await search(page, searchUrl, NO_RESULTS.q, problems);
      if (r.items.length) problems.push(`${r.items.length} results: ${show(r)}`);
      if (!r.status.includes(NO_RESULTS.q)) problems.push(`status "${r.status}" does not name the query`);
      if (r.suggestions[0] !== NO_RESULTS.suggest) problems.push(`suggestions ${JSON.stringify(r.suggestions)}, expected ${NO_RESULTS.suggest} first`);
      problems.push(...errors.splice(0));
      console.log(`  ${JSON.stringify(NO_RESULTS.q)}: ${r.status} suggests ${r.suggestions.join(", ")}`);
      check(`search ${mode}`, "a query without results suggests the closest terms", problems);
    }

    // Results are labelled "Page › Section" when they sit under a heading,
    // and a button draws the next ones.
    {
      const problems = [];
      const lynas = await search(page, searchUrl, "Lynas", problems);
      const paragraph = (it) => it.kind === "brief" && it.href.includes("#");
      if (!lynas.items.some((it) => paragraph(it) && it.label.includes(" › "))) problems.push(`no paragraph of a brief labelled with its section: ${show(lynas)}`);
      const r = await search(page, searchUrl, "China", problems);
      if (!r.more) problems.push("no button for more results");
      else {
        await page.click("#search-results button.search-more");
        await settle(page);
        const after = await page.evaluate(() => ({
          n: document.querySelectorAll("#search-results li.result").length,
          focus: Array.from(document.querySelectorAll("#search-results a.result-link")).indexOf(document.activeElement),
        }));
        if (after.n <= r.items.length) problems.push(`${after.n} results after "more", ${r.items.length} before`);
        if (after.focus !== r.items.length) problems.push(`focus on result ${after.focus}, not the first new one (${r.items.length})`);
      }
      problems.push(...errors.splice(0));
      check(`search ${mode}`, "results are labelled Page › Section, and more can be shown", problems);
    }

    // Hostile query: must be shown as text, never parsed as HTML.
    {
      const problems = [];
      await openSearch(page, searchUrl, problems);
      await page.evaluate(() => {
        delete window.__xss;
      });
      await typeQuery(page, HOSTILE);
      await settle(page, { wantResults: false });
      await page.waitForTimeout(200);
      const res = await page.evaluate(() => ({
        imgs: document.querySelectorAll("#search-results img").length,
        anyX: document.querySelectorAll('img[src="x"]').length,
        xss: typeof window.__xss,
        status: document.getElementById("search-status").textContent,
      }));
      if (res.imgs) problems.push(`${res.imgs} <img> element(s) inside #search-results`);
      if (res.anyX) problems.push(`${res.anyX} <img src="x"> element(s) in the page`);
      if (res.xss !== "undefined") problems.push(`window.__xss is ${res.xss}: the query ran as script`);
      if (!res.status.includes(HOSTILE)) problems.push(`status "${res.status}" does not show the query as text`);
      problems.push(...errors.splice(0));
      check(`search ${mode}`, "hostile query stays text", problems);
    }

    // The first result of 稀土 leads to an existing place.
    {
      const problems = [];
      await search(page, searchUrl, "稀土 供应", problems);
      const first = page.locator("#search-results a.result-link").first();
      if ((await first.count()) === 0) problems.push("no result link to click");
      else {
        const href = await first.getAttribute("href");
        await Promise.all([page.waitForURL((u) => u.href !== searchUrl && !u.href.startsWith(searchUrl + "?"), { timeout: NAV_TIMEOUT, waitUntil: "load" }), first.click()]).catch(
          (e) => problems.push(`clicking the first result (href="${href}") did not navigate: ${e.message.split("\n")[0]}`),
        );
        const at = await page.evaluate(() => {
          let id = location.hash.slice(1);
          try {
            id = decodeURIComponent(id);
          } catch {
            /* keep raw */
          }
          return { url: location.href, id, found: !!(id && document.getElementById(id)) };
        });
        if (!at.id) problems.push(`landed on ${at.url} with no #fragment`);
        else if (!at.found) problems.push(`landed on ${at.url}: no element with id="${at.id}"`);
      }
      problems.push(...errors.splice(0));
      check(`search ${mode}`, "first result of 稀土 供应 opens an existing paragraph", problems);
    }

    // Keyboard: ArrowDown from the input focuses the first result; ArrowDown
    // again the next; Tab from the input reaches a result link too.
    {
      const problems = [];
      await openSearch(page, searchUrl, problems);
      await page.focus("#search-input");
      await typeQuery(page, "rare earth");
      await settle(page);
      const focused = () =>
        page.evaluate(() => {
          const a = document.activeElement;
          const links = Array.from(document.querySelectorAll("#search-results a.result-link"));
          return { index: links.indexOf(a), tag: a ? a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") : "none", n: links.length };
        });
      await page.keyboard.press("ArrowDown");
      let f = await focused();
      if (f.index !== 0) problems.push(`ArrowDown from the input: focus is on ${f.tag}, not the first result link`);
      if (f.n > 1) {
        await page.keyboard.press("ArrowDown");
        f = await focused();
        if (f.index !== 1) problems.push(`second ArrowDown: focus is on ${f.tag} (result index ${f.index}), not the second result link`);
      }
      await page.focus("#search-input");
      let reached = false;
      for (let i = 0; i < 5 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = (await focused()).index >= 0;
      }
      if (!reached) problems.push(`Tab from the input does not reach a result link within 5 presses (focus on ${(await focused()).tag})`);
      problems.push(...errors.splice(0));
      check(`search ${mode}`, "keyboard moves focus to the results", problems);
    }
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
    await page.close();
  }
}

// ---------------------------------------------------------------- 5. axe

function firstChild(folder) {
  const re = new RegExp(`^${folder}/[^/]+/index\\.html$`);
  return HTML_PAGES.find((p) => re.test(p)) || null;
}

async function stepAxe(context, hasSearch) {
  const targets = [
    "index.html",
    "timeline/index.html",
    "sources/index.html",
    firstChild("sources") || "sources/*/index.html",
    "terms/index.html",
    firstChild("terms") || "terms/*/index.html",
    "briefs/index.html",
    firstChild("briefs") || "briefs/*/index.html",
    "about/index.html",
    ...(exists("print/index.html") ? ["print/index.html"] : []),
    ...(hasSearch ? ["search/index.html"] : []),
    "404.html",
  ];
  section(`5. axe-core (${targets.length} pages, light and dark colour schemes)`);
  const axeSource = await fsp.readFile(path.join(HERE, "node_modules/axe-core/axe.min.js"), "utf8");
  const page = await context.newPage();
  try {
    for (const target of targets) {
      if (!exists(target)) {
        fail("axe", target, `page missing from the site`);
        continue;
      }
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(fileUrl(target), { waitUntil: "load" });
        if (target === "search/index.html") {
          // Check the page with results shown, not just the empty form.
          await page.click("#search-input");
          await typeQuery(page, "稀土");
          await settle(page);
        }
        // page.evaluate is not subject to the page's CSP (script-src 'self'),
        // which blocks page.addScriptTag({content}).
        if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          // preload: false — axe would fetch the stylesheets, which the CSP forbids.
          const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
          return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), impact: n.impact, summary: n.failureSummary })),
          }));
        });
        const problems = [];
        const minor = [];
        for (const v of violations) {
          const bad = v.nodes.filter((n) => n.impact === "serious" || n.impact === "critical");
          if (!bad.length && !(v.impact === "serious" || v.impact === "critical")) {
            minor.push(`${v.id} (${v.impact}, ${v.nodes.length} node(s))`);
            continue;
          }
          const nodes = bad.length ? bad : v.nodes;
          const shown = nodes.slice(0, 5).map((n) => n.target).join(" | ");
          problems.push(`${v.id} [${v.impact}] ${v.help}: ${nodes.length} node(s): ${shown}${nodes.length > 5 ? " | …" : ""}`);
          const detail = nodes[0].summary ? nodes[0].summary.replace(/\s+/g, " ").slice(0, 300) : "";
          if (detail) problems.push(`    e.g. ${detail}`);
        }
        if (minor.length) console.log(`  note ${target} (${scheme}): minor/moderate: ${minor.join(", ")}`);
        check("axe", `${target} (${scheme})`, problems);
      }
    }
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- 6. screenshots

async function stepScreenshots(context, hasSearch) {
  const shots = [
    ["home", "index.html"],
    ["timeline", "timeline/index.html"],
    ["source-ciss", "sources/ciss-us-rare-earth-strategy/index.html"],
    ["term-china", "terms/china/index.html"],
    ...(hasSearch ? [["search", "search/index.html"]] : []),
  ];
  section(`6. screenshots → ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme: "light" });
  try {
    for (const [name, target] of shots) {
      if (!exists(target)) {
        fail("screenshot", target, "page missing from the site");
        continue;
      }
      for (const width of [375, 1280]) {
        const problems = [];
        await page.setViewportSize({ width, height: 800 });
        await page.goto(fileUrl(target), { waitUntil: "load" });
        if (name === "search") {
          await page.click("#search-input");
          await typeQuery(page, "稀土");
          await settle(page);
        }
        await page.evaluate(() => document.fonts.ready);
        const file = path.join(ARTIFACTS, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        // A page must not scroll sideways on a phone.
        const overflow = await page.evaluate(() => {
          const w = document.documentElement.clientWidth;
          const sw = document.documentElement.scrollWidth;
          if (sw <= w + 1) return null;
          const wide = Array.from(document.querySelectorAll("body *"))
            .filter((el) => el.getBoundingClientRect().right > w + 1)
            .slice(0, 3)
            .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""));
          return { w, sw, wide };
        });
        if (overflow) problems.push(`page is ${overflow.sw}px wide in a ${overflow.w}px viewport (scrolls sideways); wide elements: ${overflow.wide.join(", ")}`);
        console.log(`  ${path.basename(file)}`);
        check("screenshot", `${target} at ${width}px`, problems);
      }
    }
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  console.log(`site: ${SITE} (${HTML_PAGES.length} HTML pages)`);

  if (STEPS.has("validate")) await stepValidate();

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "briefing-chromium-"));
  const server = await startServer();
  const origin = `http://127.0.0.1:${server.address().port}`;
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    context.setDefaultTimeout(NAV_TIMEOUT);
    for (const p of context.pages()) await p.close().catch(() => {});

    if (STEPS.has("file")) await stepFile(context);
    if (STEPS.has("http")) await stepHttp(context, origin);

    const hasSearch = exists("search/index.html");
    if (!STEPS.has("search")) {
      console.log("\nSKIP search: not among --steps");
    } else if (!hasSearch) {
      console.log("\nSKIP search: no search page");
    } else {
      await stepSearch(context, "file", fileUrl("search/index.html"), async (href) => {
        if (!href.startsWith("file:")) return `not a file:// link: ${href}`;
        return checkFileLink("search/index.html", { el: "result link", raw: href, resolved: href });
      });
      const searchHttp = `${origin}${PREFIX}search/index.html`;
      await stepSearch(context, "http", searchHttp, async (href) => {
        const u = new URL(href);
        if (u.origin !== origin) return `leaves the site: ${href}`;
        u.hash = "";
        const { status } = await httpStatus(u.href);
        return status === 200 ? null : `${u.pathname} answered ${status}`;
      });
    }

    if (STEPS.has("evidence")) await stepEvidence(context, () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }), {
      fileUrl,
      origin,
      PREFIX,
      check,
      section,
      exists,
      briefs: HTML_PAGES.filter((p) => /^briefs\/[^/]+\/index\.html$/.test(p)),
      sources: HTML_PAGES.filter((p) => /^sources\/[^/]+\/index\.html$/.test(p)),
    });

    if (STEPS.has("print")) {
      await stepPrint(context, {
        fileUrl,
        check,
        section,
        exists,
        artifacts: ARTIFACTS,
        briefs: HTML_PAGES.filter((p) => /^briefs\/[^/]+\/index\.html$/.test(p)),
      });
    }

    if (STEPS.has("layout")) {
      await stepLayout(context, { fileUrl, check, section, exists, briefs: HTML_PAGES.filter((p) => /^briefs\/[^/]+\/index\.html$/.test(p)) });
    }

    if (STEPS.has("words")) await stepWords(context, { fileUrl, check, section, exists });
    if (STEPS.has("axe")) await stepAxe(context, hasSearch);
    if (STEPS.has("screenshots")) await stepScreenshots(context, hasSearch);
  } finally {
    if (context) await context.close().catch(() => {});
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`\n== ${failures.length} failed check(s):`);
    for (const f of failures) console.log(`  [${f.step}] ${f.what}: ${f.problems.length} problem(s)`);
  }
  console.log(`\nfinished in ${secs} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
