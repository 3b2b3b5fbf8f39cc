// Browser tests of the chain of evidence (issue 15): a citation lands on the
// quoted words, highlighted, with the translation beside them — by mouse,
// keyboard and touch, from file:// and over HTTP under a subpath; the note
// preview; the parallel-text control (with and without JavaScript); the
// timeline's order by `after`; and how much of a brief its notes take.
//
// Called by run.mjs with its helpers; the site is any built briefing site
// (the checks adapt to what it has and skip what it lacks).

const NOTES_SHARE_MAX = 0.2; // notes heading → end of page, at 1280 px

// In the page: folds text as the generator does for matching quotes (no
// white space, CJK punctuation as ASCII, lower case).
function foldInPage(s) {
  const map = { "、": ",", "。": ".", "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"' };
  let out = "";
  for (const c of s) {
    if (/\s/.test(c)) continue;
    let d = map[c] || c;
    const code = d.codePointAt(0);
    if (code >= 0xff01 && code <= 0xff5e) d = String.fromCodePoint(code - 0xfee0);
    out += d.toLowerCase();
  }
  return out;
}

// The briefs, and the first citation of a foreign quote on the first brief
// that has one.
async function findCitation(page, url) {
  await page.goto(url, { waitUntil: "load" });
  return page.evaluate(() => {
    for (const a of document.querySelectorAll("sup.cite a[data-note]")) {
      const note = document.getElementById(a.getAttribute("data-note"));
      const q = note && note.querySelector("q");
      if (q && q.lang && !q.lang.startsWith(document.documentElement.lang)) {
        return { marker: a.closest("sup").id, href: a.getAttribute("href"), quote: q.textContent };
      }
    }
    return null;
  });
}

// After landing: the target is a quote whose words fold to the note's
// quote, highlighted, with the paragraph's translation shown beside it.
async function landed(page, quote, wide) {
  return page.evaluate(
    ({ quote, wide, foldSrc }) => {
      const fold = new Function(`return (${foldSrc})`)();
      const problems = [];
      const id = decodeURIComponent(location.hash.slice(1));
      const el = document.getElementById(id);
      if (!el) return [`no element #${id}`];
      if (!el.classList.contains("quote")) problems.push(`#${id} is not a quote element`);
      if (!el.matches(":target")) problems.push(`#${id} is not the :target`);
      if (fold(el.textContent) !== fold(quote)) problems.push(`marked words ${JSON.stringify(el.textContent)} are not the quote ${JSON.stringify(quote)}`);
      const bg = getComputedStyle(el).backgroundColor;
      if (!bg || bg === "rgba(0, 0, 0, 0)" || bg === "transparent") problems.push("the quoted words are not highlighted");
      const pair = el.closest(".pair");
      const tr = pair && pair.querySelector(".translation");
      if (!tr) {
        problems.push("no translation beside the quoted words");
      } else {
        const t = tr.getBoundingClientRect();
        const o = el.closest(".orig").getBoundingClientRect();
        if (t.width === 0 || getComputedStyle(tr).display === "none") problems.push("the translation is hidden");
        else if (wide && !(t.left >= o.right - 1 && t.top < o.bottom)) problems.push("on a wide screen the translation is not beside the original");
        else if (!wide && !(t.top >= o.bottom - 1)) problems.push("on a narrow screen the translation does not follow the original");
      }
      const r = el.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight) problems.push("the quoted words are not scrolled into view");
      return problems;
    },
    { quote, wide, foldSrc: foldInPage.toString() },
  );
}

export async function stepEvidence(context, launch, h) {
  const { fileUrl, origin, PREFIX, check, section, exists, briefs } = h;
  section("7. evidence: citations land on the quoted words");
  if (!briefs.length) {
    console.log("SKIP evidence: no briefs");
    return;
  }
  const page = await context.newPage();
  // Phones and pages without JavaScript need contexts of their own.
  const browser = await launch();
  try {
    // Find a brief with a foreign quote, and the longest brief.
    let found = null;
    for (const b of briefs) {
      found = await findCitation(page, fileUrl(b));
      if (found) {
        found.brief = b;
        break;
      }
    }
    if (!found) {
      console.log("SKIP landing: no citation of a foreign quote");
    } else {
      // Mouse, from file:// at 1280 px.
      await page.goto(fileUrl(found.brief), { waitUntil: "load" });
      await Promise.all([page.waitForURL(/\/sources\/.*#/), page.click(`#${found.marker} a`)]);
      check("evidence", `mouse: ${found.brief} #${found.marker} (file://)`, await landed(page, found.quote, true));

      // Hover: the preview shows the note (source, ¶, quote, gloss).
      await page.goto(fileUrl(found.brief), { waitUntil: "load" });
      await page.hover(`#${found.marker} a`);
      const tip = await page.waitForSelector(".cite-preview[role=tooltip]", { timeout: 2000 }).catch(() => null);
      const tipText = tip ? await tip.textContent() : "";
      check("evidence", "hover shows the note as a preview", tip && tipText.includes(found.quote.slice(0, 4)) && /¶/.test(tipText) ? [] : [`preview: ${JSON.stringify(tipText)}`]);

      // Keyboard: focus shows the preview (described by it); Escape hides
      // it; Enter follows the link.
      await page.goto(fileUrl(found.brief), { waitUntil: "load" });
      await page.focus(`#${found.marker} a`);
      const described = await page.$eval(`#${found.marker} a`, (a) => {
        const id = a.getAttribute("aria-describedby");
        const tipEl = id && document.getElementById(id);
        return tipEl ? tipEl.textContent : null;
      });
      await page.keyboard.press("Escape");
      const gone = await page.$(".cite-preview");
      check("evidence", "keyboard focus shows the preview, Escape hides it", described && !gone ? [] : [`described: ${described}, still shown: ${!!gone}`]);
      await page.focus(`#${found.marker} a`);
      await Promise.all([page.waitForURL(/\/sources\/.*#/), page.keyboard.press("Enter")]);
      check("evidence", "keyboard: Enter lands on the quoted words", await landed(page, found.quote, true));

      // Marker: a hit area of at least 24×24 px, and no extra line height.
      await page.goto(fileUrl(found.brief), { waitUntil: "load" });
      const target = await page.$eval(`#${found.marker} a`, (a) => {
        const r = a.getBoundingClientRect();
        const cx = r.left + r.width / 2;
        const cy = r.top + r.height / 2;
        const probes = [[cx - 11, cy], [cx + 11, cy], [cx, cy - 11], [cx, cy + 11]];
        const misses = probes.filter(([x, y]) => {
          const el = document.elementFromPoint(x, y);
          return !(el && el.closest("sup.cite a") === a);
        });
        const p = a.closest("p, li");
        const before = p.getBoundingClientRect().height;
        const clone = p.cloneNode(true);
        clone.querySelectorAll("sup.cite").forEach((s) => s.remove());
        clone.removeAttribute("id");
        p.after(clone);
        const after = clone.getBoundingClientRect().height;
        clone.remove();
        return { misses: misses.length, before, after };
      });
      check("evidence", "marker: 24×24 px hit area, line spacing unchanged", [
        ...(target.misses ? [`${target.misses} of 4 points 11 px from the centre miss the marker`] : []),
        ...(Math.abs(target.before - target.after) > 1 ? [`paragraph ${target.before}px with markers, ${target.after}px without`] : []),
      ]);

      // Over HTTP under a subpath.
      await page.goto(`${origin}${PREFIX}${found.brief}`, { waitUntil: "load" });
      await Promise.all([page.waitForURL(/\/sources\/.*#/), page.click(`#${found.marker} a`)]);
      check("evidence", `mouse: ${found.brief} over HTTP under ${PREFIX}`, await landed(page, found.quote, true));
    }

    // Touch, on a phone-sized screen.
    if (found) {
      const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
      try {
        const p = await phone.newPage();
        await p.goto(fileUrl(found.brief), { waitUntil: "load" });
        await Promise.all([p.waitForURL(/\/sources\/.*#/), p.tap(`#${found.marker} a`)]);
        check("evidence", "touch at 375 px lands on the quoted words, translation below", await landed(p, found.quote, false));
      } finally {
        await phone.close();
      }
    }

    // The parallel-text control, with JavaScript and without.
    const sources = h.sources.filter((s) => s !== "sources/index.html");
    let parallel = null;
    for (const s of sources) {
      await page.goto(fileUrl(s), { waitUntil: "load" });
      if (await page.$(".source-text.parallel")) {
        parallel = s;
        break;
      }
    }
    if (!parallel) {
      console.log("SKIP parallel text: no translated source");
    } else {
      const shown = () =>
        page.evaluate(() => {
          const vis = (sel) => Array.from(document.querySelectorAll(sel)).filter((e) => getComputedStyle(e).display !== "none").length;
          return { orig: vis(".pair:has(.translation) .orig"), tr: vis(".translation") };
        });
      const both = await shown();
      await page.click("label:has(#view-orig)");
      const orig = await shown();
      await page.click("label:has(#view-tr)");
      const tr = await shown();
      await page.click("label:has(#view-both)");
      check("evidence", `parallel text control on ${parallel}`, [
        ...(both.orig && both.tr ? [] : [`both: ${JSON.stringify(both)}`]),
        ...(orig.orig && !orig.tr ? [] : [`original only: ${JSON.stringify(orig)}`]),
        ...(!tr.orig && tr.tr ? [] : [`translation only: ${JSON.stringify(tr)}`]),
      ]);
      const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
      try {
        const p = await nojs.newPage();
        await p.goto(fileUrl(parallel), { waitUntil: "load" });
        const counts = await p.evaluate(() => ({
          orig: Array.from(document.querySelectorAll(".orig")).filter((e) => getComputedStyle(e).display !== "none").length,
          tr: Array.from(document.querySelectorAll(".translation")).filter((e) => getComputedStyle(e).display !== "none").length,
        }));
        await p.click("label:has(#view-orig)");
        const after = await p.evaluate(() => Array.from(document.querySelectorAll(".translation")).filter((e) => getComputedStyle(e).display !== "none").length);
        check("evidence", "without JavaScript both texts show, and the control still works", counts.orig && counts.tr && after === 0 ? [] : [`before ${JSON.stringify(counts)}, translations shown after choosing the original: ${after}`]);
      } finally {
        await nojs.close();
      }
    }

    // The timeline: an event never before one it is said to follow.
    if (exists("timeline/index.html")) {
      await page.goto(fileUrl("timeline/index.html"), { waitUntil: "load" });
      const wrong = await page.evaluate(() => {
        const order = Array.from(document.querySelectorAll("li.event[id]"), (e) => e.id);
        const out = [];
        for (const e of document.querySelectorAll("li.event[data-after]")) {
          for (const a of e.getAttribute("data-after").split(" ").filter(Boolean)) {
            if (order.indexOf(a) < 0 || order.indexOf(a) > order.indexOf(e.id)) out.push(`${e.id} is listed before ${a}, which it follows`);
          }
        }
        return out;
      });
      check("evidence", "timeline: every event after those it follows", wrong);
    }

    // The notes take at most a fifth of the longest brief.
    let longest = null;
    for (const b of briefs) {
      await page.goto(fileUrl(b), { waitUntil: "load" });
      const m = await page.evaluate(() => {
        const notes = document.getElementById("notes-title");
        const total = document.documentElement.scrollHeight;
        return { total, from: notes ? notes.getBoundingClientRect().top + scrollY : total };
      });
      if (!longest || m.total > longest.total) longest = { ...m, brief: b };
    }
    const share = (longest.total - longest.from) / longest.total;
    console.log(`    notes share of ${longest.brief}: ${(share * 100).toFixed(1)} % of ${longest.total} px`);
    check("evidence", `notes take at most ${NOTES_SHARE_MAX * 100} % of the longest brief (${longest.brief})`, share <= NOTES_SHARE_MAX ? [] : [`${(share * 100).toFixed(1)} %`]);
  } finally {
    await page.close();
    await browser.close();
  }
}
