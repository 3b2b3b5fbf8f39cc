// Browser tests of paper (issue 19): the print edition and a single page,
// printed to PDF by Chromium (A4), then read back with pdf.js: the page
// count, the page size, margins, the running header with the briefing's
// title, page numbers "n / N", the edition's date on the cover, each part
// on a new page, a compact timeline, notes with their heading, no
// navigation arrows, and the appendix of source texts with paragraph
// numbers (and translations where the site has them).
//
// Called by run.mjs with its helpers; the site is any built briefing site.

import fs from "node:fs";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const A4 = { w: 595.28, h: 841.89 }; // points
const EDGE = 28; // no text within 10 mm of a sheet's edge
// The running header and the page number sit in the page margins (the
// theme's are 18 mm at the head, 20 mm at the foot): their baselines lie
// above 50 pt from the top and below 56 pt from the bottom.
const HEAD = 50;
const FOOT = 56;
const MIN_EVENTS_PER_PAGE = 3;
const ARROWS = /[←↑→↓↩↪⇧]/;

// The PDF's pages as lists of text items: { str, x, y (from the top), w }.
async function readPdf(bytes) {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const p = await doc.getPage(i);
    const vp = p.getViewport({ scale: 1 });
    const tc = await p.getTextContent();
    const items = tc.items
      .filter((it) => it.str && it.str.trim())
      .map((it) => ({ str: it.str, x: it.transform[4], y: vp.height - it.transform[5], w: it.width }));
    items.sort((a, b) => a.y - b.y || a.x - b.x);
    pages.push({ width: vp.width, height: vp.height, items });
  }
  await doc.destroy();
  return pages;
}

// The text of a page's body (without the header and footer bands), in
// reading order, with white space squeezed.
const squeeze = (s) => s.replace(/\s+/g, " ").trim();
const bodyText = (pg) => squeeze(pg.items.filter((it) => it.y > HEAD && it.y < pg.height - FOOT).map((it) => it.str).join(" "));
const allText = (pg) => squeeze(pg.items.map((it) => it.str).join(" "));
// Text as pdf.js gives it may split words and ligatures ("fi"): compare
// without spaces.
const flat = (s) => s.replace(/\s+/g, "").replace(/\uFB01/g, "fi").replace(/\uFB02/g, "fl");

// What every printed page must have: A4, margins, the page number, and
// (after the first) the running header.
function pageSetup(pages, title, problems) {
  pages.forEach((pg, i) => {
    const n = i + 1;
    if (Math.abs(pg.width - A4.w) > 1 || Math.abs(pg.height - A4.h) > 1) problems.push(`page ${n} is ${pg.width.toFixed(0)}×${pg.height.toFixed(0)} pt, not A4`);
    const near = pg.items.filter((it) => it.x < EDGE || it.x + it.w > pg.width - EDGE || it.y < EDGE || it.y > pg.height - EDGE / 2);
    if (near.length) problems.push(`page ${n}: text within 10 mm of the edge: ${JSON.stringify(near[0].str)} at (${near[0].x.toFixed(0)}, ${near[0].y.toFixed(0)})`);
    const foot = squeeze(pg.items.filter((it) => it.y > pg.height - FOOT).map((it) => it.str).join(" "));
    if (!foot.includes(`${n} / ${pages.length}`)) problems.push(`page ${n}: no page number "${n} / ${pages.length}" at the foot (found ${JSON.stringify(foot)})`);
    if (n > 1) {
      const head = squeeze(pg.items.filter((it) => it.y < HEAD).map((it) => it.str).join(" "));
      if (flat(head) !== flat(title)) problems.push(`page ${n}: running header ${JSON.stringify(head)}, expected the title ${JSON.stringify(title)}`);
    }
  });
}

async function printPdf(page, url) {
  await page.emulateMedia({ media: "print", colorScheme: "light" });
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  return page.pdf({ format: "A4", printBackground: false });
}

export async function stepPrint(context, h) {
  const { fileUrl, check, section, exists, artifacts, briefs } = h;
  section("8. paper: the print edition and a single page, printed to PDF (A4) by Chromium");
  if (!exists("print/index.html")) {
    console.log("  SKIP: no print edition");
    return;
  }
  const page = await context.newPage();
  try {
    // What the page says it holds, read from its HTML.
    await page.goto(fileUrl("print/index.html"), { waitUntil: "load" });
    const dom = await page.evaluate(() => ({
      title: document.documentElement.dataset.runningTitle || "",
      edition: (document.querySelector(".edition-date") || {}).textContent || "",
      parts: Array.from(document.querySelectorAll(".part-title"), (e) => e.textContent.trim()),
      sectionsWithNotes: document.querySelectorAll(".print-notes h3").length,
      events: document.querySelectorAll(".print-event").length,
      firstEvent: (document.querySelector(".print-event h3") || {}).textContent || "",
      lastEvent: (Array.from(document.querySelectorAll(".print-event h3")).pop() || {}).textContent || "",
      appendix: document.querySelectorAll(".ap-block").length,
      translation: ((document.querySelector(".ap-tr") || {}).textContent || "").trim().split(/\s+/).slice(0, 6).join(" "),
    }));
    const pdf = await printPdf(page, fileUrl("print/index.html"));
    fs.writeFileSync(path.join(artifacts, "print-edition-a4.pdf"), pdf);
    const pages = await readPdf(pdf);
    console.log(`  print edition: ${pages.length} A4 pages (${dom.parts.length} parts, ${dom.events} events, ${dom.appendix} source paragraphs)`);

    const setup = [];
    if (!dom.title) setup.push("the page gives no running title (data-running-title on <html>)");
    pageSetup(pages, dom.title, setup);
    check("print", `print edition: A4, margins, running header, page numbers on all ${pages.length} pages`, setup.slice(0, 12));

    const cover = [];
    const first = allText(pages[0]);
    if (!dom.edition.trim()) cover.push("no edition date on the page (.edition-date; set `updated` in briefing.toml)");
    else if (!flat(first).includes(flat(dom.edition))) cover.push(`the cover does not show ${JSON.stringify(dom.edition)}`);
    if (!flat(first).includes(flat(dom.title))) cover.push("the cover does not show the title");
    check("print", "the cover has the title and the edition's date", cover);

    // Each part (overview, briefs, timeline, appendix) opens a page.
    const parts = [];
    const opens = pages.map((pg) => flat(bodyText(pg)));
    for (const t of dom.parts) {
      if (!opens.some((o) => o.startsWith(flat(t)))) parts.push(`"${t}" does not start a page`);
    }
    check("print", `each of the ${dom.parts.length} parts starts a new page`, parts);

    // The timeline: from the page its first event is on to the page of its last.
    const timeline = [];
    const at = (s) => opens.findIndex((o) => o.includes(flat(s)));
    const from = at(dom.firstEvent);
    const to = opens.findLastIndex((o) => o.includes(flat(dom.lastEvent)));
    if (from < 0 || to < 0) timeline.push("the timeline's first or last event is not in the PDF");
    else {
      const span = to - from + 1;
      const per = dom.events / span;
      console.log(`  timeline: ${dom.events} events on ${span} pages (${per.toFixed(1)} a page)`);
      if (per < MIN_EVENTS_PER_PAGE) timeline.push(`${dom.events} events on ${span} pages: fewer than ${MIN_EVENTS_PER_PAGE} a page`);
    }
    check("print", "the timeline is compact", timeline);

    const text = pages.map(allText).join("\n");
    const rest = [];
    const arrow = text.match(ARROWS);
    if (arrow) rest.push(`a navigation arrow "${arrow[0]}" is printed: …${text.slice(Math.max(0, arrow.index - 40), arrow.index + 10)}…`);
    const notes = (text.match(/\bNotes\b/g) || []).length;
    if (notes < dom.sectionsWithNotes) rest.push(`${notes} "Notes" headings printed, ${dom.sectionsWithNotes} in the page`);
    if (dom.appendix) {
      if (!/¶ ?1\b/.test(text)) rest.push("the appendix's paragraph numbers (¶ 1 …) are not printed");
      if (dom.translation && !flat(text).includes(flat(dom.translation))) rest.push(`the first translation ("${dom.translation}…") is not printed`);
    }
    for (const w of ["Skip to content", "Print edition ·"]) if (text.includes(w)) rest.push(`site furniture printed: "${w}"`);
    check("print", "notes with their heading, the appendix with ¶ numbers and translations, no arrows or site furniture", rest);

    // A single page prints with the same page setup, without the site's furniture.
    const single = briefs[0] || "about/index.html";
    if (exists(single)) {
      const spdf = await printPdf(page, fileUrl(single));
      const spages = await readPdf(spdf);
      const problems = [];
      pageSetup(spages, dom.title, problems);
      const stext = spages.map(allText).join("\n");
      const nav = await page.evaluate(() => Array.from(document.querySelectorAll(".site-header nav a"), (a) => a.textContent.trim()));
      if (nav.length && nav.every((w) => stext.includes(w))) problems.push("the site's navigation is printed");
      if (ARROWS.test(stext)) problems.push("a navigation arrow is printed");
      console.log(`  ${single}: ${spages.length} A4 pages`);
      check("print", `${single} prints with margins, running header and page numbers`, problems.slice(0, 12));
    }
  } finally {
    await page.emulateMedia({ media: "screen" });
    await page.close();
  }
}
