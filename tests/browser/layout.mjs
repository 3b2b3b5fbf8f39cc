// Browser tests of the page's layout (issue 19), at 375 px (a phone) and
// 1280 px: a one-row header with tap targets of at least 24 px on phones, a
// breadcrumb without a stray separator, date ranges in titles that do not
// break, a legible timeline chart on phones, a measure of 65–75 characters,
// the contents of a long page kept in view in the margin on wide screens,
// and the highlighting stylesheet only where there is code.
//
// Called by run.mjs with its helpers; the site is any built briefing site
// (checks skip what it lacks).

const MIN_TAP = 24; // px, WCAG 2.2 target size (minimum)
const MEASURE = [65, 75]; // characters a line of prose
const MIN_CHART_LABEL = 10; // px, rendered height of the chart's labels on a phone

// In the page: the header, the breadcrumb and the date ranges of titles.
function headerFacts() {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && cs.visibility !== "hidden" && cs.display !== "none";
  };
  const header = document.querySelector(".site-header");
  const targets = Array.from(document.querySelectorAll(".site-header a, .site-header button")).filter(visible);
  const small = targets
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.height < 24 || r.width < 24)
    .map(({ el, r }) => `${el.textContent.trim() || el.getAttribute("aria-label")} ${r.width.toFixed(0)}×${r.height.toFixed(0)}`);
  const tops = new Set(targets.map((el) => Math.round(el.getBoundingClientRect().top / 8)));
  // A breadcrumb line must not start with a separator.
  const crumbs = Array.from(document.querySelectorAll(".breadcrumbs li")).filter(visible);
  const firstOnLine = [];
  let lastTop = null;
  for (const li of crumbs) {
    const top = Math.round(li.getBoundingClientRect().top);
    if (top !== lastTop) firstOnLine.push(li);
    lastTop = top;
  }
  const strayAt = firstOnLine.filter((li) => getComputedStyle(li, "::before").content.includes("›")).map((li) => li.textContent.trim());
  // Date ranges (digits–digits) in the brand and the page title sit on one line.
  const broken = [];
  for (const el of document.querySelectorAll(".brand, h1")) {
    if (!visible(el)) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.data.matchAll(/\d{4}\u2060?[–-]\u2060?\d{4}/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0].replace(/\u2060/g, ""));
      }
    }
  }
  return { height: header ? header.getBoundingClientRect().height : 0, rows: tops.size, small, strayAt, broken, n: targets.length };
}

// In the page: the median number of characters on the full lines of the
// longest paragraphs of English prose (lines found character by character;
// the last line of a paragraph, and note markers, do not count).
function measureFacts() {
  const paras = Array.from(document.querySelectorAll(".prose > p"))
    .filter((p) => p.getBoundingClientRect().width > 0)
    .filter((p) => (p.textContent.match(/[\u3400-\u9fff]/g) || []).length < p.textContent.length / 50)
    .sort((a, b) => b.textContent.length - a.textContent.length)
    .slice(0, 3);
  const counts = [];
  for (const p of paras) {
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest("sup")) continue;
      for (let i = 0; i < n.data.length; i++) {
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        const key = Math.round(r.bottom / 4);
        lines.set(key, (lines.get(key) || 0) + 1);
      }
    }
    const full = [...lines.entries()].sort((a, b) => a[0] - b[0]).slice(0, -1).map(([, c]) => c);
    counts.push(...full);
  }
  if (counts.length < 3) return null;
  counts.sort((a, b) => a - b);
  return { lines: counts.length, perLine: counts[Math.floor(counts.length / 2)] };
}

export async function stepLayout(context, h) {
  const { fileUrl, check, section, exists, briefs } = h;
  section("9. layout at 375 px and 1280 px");
  const page = await context.newPage();
  const pages = ["index.html", ...(briefs.length ? [briefs[0]] : []), "timeline/index.html", "sources/index.html"].filter(exists);
  try {
    // Phones.
    await page.setViewportSize({ width: 375, height: 740 });
    for (const target of pages) {
      await page.goto(fileUrl(target), { waitUntil: "load" });
      const f = await page.evaluate(headerFacts);
      const problems = [];
      if (f.rows > 1) problems.push(`the header's ${f.n} links and buttons stand on ${f.rows} rows`);
      if (f.height > 64) problems.push(`the header is ${f.height.toFixed(0)} px tall (${((100 * f.height) / 740).toFixed(0)} % of the screen)`);
      if (f.small.length) problems.push(`tap targets smaller than ${MIN_TAP} px: ${f.small.join(", ")}`);
      if (f.strayAt.length) problems.push(`a breadcrumb line starts with "›" (before ${f.strayAt.join(", ")})`);
      if (f.broken.length) problems.push(`a date range breaks across lines: ${f.broken.join(", ")}`);
      check("layout", `${target} at 375 px: one-row header, tap targets, breadcrumb, titles`, problems);
    }
    if (exists("timeline/index.html")) {
      await page.goto(fileUrl("timeline/index.html"), { waitUntil: "load" });
      const labels = await page.evaluate(() => Array.from(document.querySelectorAll(".overview text"), (t) => t.getBoundingClientRect().height));
      const problems = [];
      if (labels.length) {
        const least = Math.min(...labels);
        console.log(`  timeline chart at 375 px: smallest label ${least.toFixed(1)} px tall`);
        if (least < MIN_CHART_LABEL) problems.push(`the chart's labels are ${least.toFixed(1)} px tall, less than ${MIN_CHART_LABEL}`);
      }
      check("layout", "timeline chart legible at 375 px", problems);
    }

    // Wide screens.
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const target of pages) {
      await page.goto(fileUrl(target), { waitUntil: "load" });
      const problems = [];
      const m = await page.evaluate(measureFacts);
      if (m) {
        console.log(`  ${target} at 1280 px: ${m.perLine.toFixed(0)} characters a line`);
        if (m.perLine < MEASURE[0] || m.perLine > MEASURE[1]) problems.push(`prose runs ${m.perLine.toFixed(0)} characters a line, not ${MEASURE[0]}–${MEASURE[1]}`);
      }
      const f = await page.evaluate(headerFacts);
      if (f.broken.length) problems.push(`a date range breaks across lines: ${f.broken.join(", ")}`);
      // The highlighting stylesheet only where there is code.
      const css = await page.evaluate(() => ({
        linked: !!document.querySelector('link[href$="highlight.css"]'),
        code: !!document.querySelector("pre.code"),
      }));
      if (css.linked !== css.code) problems.push(css.linked ? "links highlight.css but has no code" : "has code but no highlight.css");
      check("layout", `${target} at 1280 px: measure, titles, stylesheets`, problems);
    }
    // A long page's contents: beside the text, and still in view further down.
    const withToc = [];
    for (const b of briefs) {
      await page.goto(fileUrl(b), { waitUntil: "load" });
      if (await page.evaluate(() => !!document.querySelector(".with-toc > .toc"))) {
        withToc.push(b);
        break;
      }
    }
    if (withToc.length) {
      const problems = [];
      const before = await page.evaluate(() => {
        const t = document.querySelector(".with-toc > .toc").getBoundingClientRect();
        const p = document.querySelector(".with-toc > .prose").getBoundingClientRect();
        return { tocRight: t.right, tocLeft: t.left, proseLeft: p.left, proseHeight: p.height };
      });
      if (before.tocLeft < 0 || before.tocRight > before.proseLeft) problems.push(`the contents (${before.tocLeft.toFixed(0)}–${before.tocRight.toFixed(0)} px) are not in the margin left of the text (from ${before.proseLeft.toFixed(0)} px)`);
      await page.evaluate(() => window.scrollTo(0, document.querySelector(".with-toc > .prose").getBoundingClientRect().top + window.scrollY + 1200));
      const after = await page.evaluate(() => {
        const r = document.querySelector(".with-toc > .toc").getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      });
      if (after.top < 0 || after.top > 800) problems.push(`scrolled 1200 px into the text, the contents are at ${after.top.toFixed(0)} px, out of view`);
      check("layout", `${withToc[0]} at 1280 px: the contents stay in view in the margin`, problems);
    }
  } finally {
    await page.close();
  }
}
