// What search shows, to compare two builds (a change meant to be faster must
// show the same): in Chromium from file://, the screen of each query typed key
// by key on a fresh page, of each query run once on a fresh page, and of some
// queries paged four times (status, every result's HTML, the "more" button).
//
// Usage: node bench/search_compare.mjs <site-dir> > a.json, the same for the
// other build, then `cmp a.json b.json` (or diff them).
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../tests/browser/package.json"));
const { chromium } = require("playwright-core");
const site = process.argv[2];
if (!site) { console.error("usage: node bench/search_compare.mjs <site-dir>"); process.exit(2); }
const queries = ["ra","rar","rare","rare e","rare ea","rare earth","cr","cri","critical","critical mi","critical minerals","critical minerals su","critical minerals sup","critical minerals supply","ma","mag","magnet","magnets","mi","min","mining","su","sup","supply chain","稀","稀土","稀土元","关","关键","关键矿","关键矿产","供","供应","供应链","与印","与三","矿产","产业链","国防","journal","rare erth","critcal","magent","suply","g7","forge","msp","lithium","gallium","germanium","tariffs","export controls","china","stockpile","refining capacity","2024","2025 march","de","an","the","of the","serra verde","securitisation","稀土 rare","price 稀土"];
const paged = ["ra","critical minerals","稀土","关键矿产","magnet","critical minerals su","供应链","de"];
const b = await chromium.launch({ executablePath: process.env.BRIEFING_CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const out = {};
const url = pathToFileURL(path.join(path.resolve(site), "search/index.html")).href;
const grab = () => ({ status: document.getElementById("search-status").textContent, items: Array.from(document.querySelectorAll("#search-results li.result, #search-results .search-suggest")).map((li) => li.outerHTML), more: (document.querySelector(".search-more") || {}).textContent || "" });
async function run(page, q) {
  return page.evaluate(async (q) => {
    const input = document.getElementById("search-input"), results = document.getElementById("search-results");
    input.value = q;
    document.getElementById("search-form").dispatchEvent(new Event("submit", { cancelable: true }));
    while (results.getAttribute("aria-busy") !== "false") await new Promise((r) => setTimeout(r, 5));
  }, q);
}
async function more(page) {
  return page.evaluate(async () => {
    const results = document.getElementById("search-results"), m = document.querySelector(".search-more");
    if (!m) return false;
    m.click();
    while (results.getAttribute("aria-busy") !== "false") await new Promise((r) => setTimeout(r, 5));
    return true;
  });
}
// Each case on a fresh page: `act` types into it, then what it shows is kept.
async function fresh(key, act) {
  const page = await b.newPage();
  await page.goto(url, { waitUntil: "load" });
  await act(page);
  out[key] = await page.evaluate(grab);
  await page.close();
}
// Typed as a reader does (each prefix), then the final screen.
for (const q of queries) {
  const chars = [...q];
  await fresh("typed:" + q, async (page) => {
    for (let n = 1; n <= chars.length; n++) await run(page, chars.slice(0, n).join(""));
  });
}
// Cold (one query on a fresh page).
for (const q of queries) await fresh("cold:" + q, (page) => run(page, q));
// Paged through four times.
for (const q of paged) {
  await fresh("paged:" + q, async (page) => {
    await run(page, q);
    for (let i = 0; i < 4 && (await more(page)); i++);
  });
}
await b.close();
console.log(JSON.stringify(out, null, 1));
