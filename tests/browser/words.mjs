// Browser tests of the theme's words in the page's language (issue 16): the
// words the scripts show (the dark-mode button's title, the timeline
// filters' count, the search page's status and kinds of result) are the
// language file's, filled and in the plural form the page's language takes
// (Intl.PluralRules, the CLDR rules the generator uses); on a page whose
// language is Chinese none of them holds an English word. From file://, so
// that a site opened from disk speaks its language too.
//
// Called by run.mjs with its helpers; works on any built site (the checks
// adapt to what it has).

// In the page: the word `name` of element `el` (JSON in data-<name>), for
// the number n, with its placeholders filled from args — what the theme's
// scripts show, worked out independently of them.
function expectedWord(el, name, n, args) {
  let v = JSON.parse(el.getAttribute(`data-${name}`));
  if (v && typeof v === "object") v = v[new Intl.PluralRules(document.documentElement.lang).select(n)] || v.other;
  return v.replace(/\{([a-z_]+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

// Problems of a text the page shows in its language.
function problemsOf(text, what, lang) {
  const problems = [];
  if (!text || !text.trim()) problems.push(`${what} is empty`);
  if (/\{[a-z_]+\}/.test(text)) problems.push(`${what} has an unfilled placeholder: ${JSON.stringify(text)}`);
  if (/^zh/.test(lang) && /[A-Za-z]{2,}/.test(text.replace(/“[^”]*”/g, ""))) problems.push(`${what} holds English words on a ${lang} page: ${JSON.stringify(text)}`);
  return problems;
}

export async function stepWords(context, h) {
  const { fileUrl, check, section, exists } = h;
  section("10. the scripts' words in the page's language (file://)");
  const page = await context.newPage();
  try {
    // The dark-mode button, on the home page.
    await page.goto(fileUrl("index.html"), { waitUntil: "load" });
    const lang = await page.evaluate(() => document.documentElement.lang);
    const toggle = await page.evaluate(
      ({ src }) => {
        const expectedWord = new Function(`return (${src})`)();
        const b = document.querySelector(".theme-toggle");
        if (!b) return null;
        const dark = document.documentElement.getAttribute("data-theme") === "dark" || matchMedia("(prefers-color-scheme: dark)").matches;
        return { title: b.title, expected: expectedWord(b, dark ? "to-light" : "to-dark", 1, {}), label: b.getAttribute("aria-label") };
      },
      { src: expectedWord.toString() },
    );
    if (toggle) {
      const problems = problemsOf(toggle.title, "the dark-mode button's title", lang);
      if (toggle.title !== toggle.expected) problems.push(`title ${JSON.stringify(toggle.title)}, expected ${JSON.stringify(toggle.expected)}`);
      problems.push(...problemsOf(toggle.label, "its name", lang));
      console.log(`dark-mode button: ${JSON.stringify(toggle.title)}`);
      check("words", `dark-mode button (${lang})`, problems);
    }

    // The timeline's filters: the count of the events shown.
    if (exists("timeline/index.html")) {
      await page.goto(fileUrl("timeline/index.html"), { waitUntil: "load" });
      const r = await page.evaluate(
        ({ src }) => {
          const expectedWord = new Function(`return (${src})`)();
          const form = document.querySelector("form.filters");
          const select = form && form.elements.tag;
          if (!select || select.options.length < 2) return null;
          select.value = select.options[1].value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          const all = document.querySelectorAll("li.event").length;
          const shown = document.querySelectorAll("li.event:not([hidden])").length;
          return {
            text: form.querySelector(".filter-count").textContent,
            expected: expectedWord(form, "count", all, { shown, total: all }),
            shown,
            all,
            option: select.options[1].textContent,
          };
        },
        { src: expectedWord.toString() },
      );
      if (r) {
        const problems = problemsOf(r.text, "the filters' count", lang);
        if (r.text !== r.expected) problems.push(`count ${JSON.stringify(r.text)}, expected ${JSON.stringify(r.expected)}`);
        if (!r.text.includes(String(r.shown)) || !r.text.includes(String(r.all))) problems.push(`count ${JSON.stringify(r.text)} lacks ${r.shown} or ${r.all}`);
        console.log(`timeline filter "${r.option}": ${JSON.stringify(r.text)}`);
        check("words", `timeline filter count for "${r.option}" (${lang})`, problems);
      }
    }

    // Han, kana and Hangul have no italics: on a page in Chinese, Japanese
    // or Korean no text of the page's language is slanted ("(date inferred)"
    // and emphasis are set upright).
    if (/^(zh|ja|ko)\b/.test(lang) && exists("timeline/index.html")) {
      await page.goto(fileUrl("timeline/index.html"), { waitUntil: "load" });
      const slanted = await page.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((e) => /^(zh|ja|ko)\b/.test(e.closest("[lang]").lang) && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
          .filter((e) => getComputedStyle(e).fontStyle !== "normal")
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${JSON.stringify(e.textContent.trim().slice(0, 30))}`),
      );
      const inferred = await page.evaluate(() => document.querySelectorAll(".inferred").length);
      console.log(`slanted CJK text on the timeline: ${slanted.length} (of ${inferred} "date inferred" labels)`);
      check("words", `no CJK text in italics on the timeline (${lang})`, inferred === 0 ? ["no inferred date on the timeline to look at"] : slanted);
    }

    // Search: the status line and the kinds of result, for a term's name.
    if (exists("search/index.html") && exists("terms/index.html")) {
      await page.goto(fileUrl("terms/index.html"), { waitUntil: "load" });
      const q = await page.evaluate(() => {
        const a = document.querySelector("dl.glossary dt a");
        return a ? a.textContent.trim() : null;
      });
      if (q) {
        await page.goto(`${fileUrl("search/index.html")}?q=${encodeURIComponent(q)}`, { waitUntil: "load" });
        await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false", null, { timeout: 10000 }).catch(() => {});
        const r = await page.evaluate(() => ({
          status: document.getElementById("search-status").textContent,
          kinds: Array.from(document.querySelectorAll("#search-results .result-kind, #search-results .snippet-label"), (e) => e.textContent.trim()),
          results: document.querySelectorAll("#search-results a.result-link").length,
        }));
        const problems = problemsOf(r.status, "the search status", lang);
        if (!r.status.includes(q)) problems.push(`status ${JSON.stringify(r.status)} does not name the query ${JSON.stringify(q)}`);
        if (!r.results) problems.push(`no result for ${JSON.stringify(q)}`);
        for (const k of new Set(r.kinds)) problems.push(...problemsOf(k, `the kind of result ${JSON.stringify(k)}`, lang));
        console.log(`search for "${q}": ${JSON.stringify(r.status)}; kinds ${JSON.stringify([...new Set(r.kinds)])}`);
        check("words", `search for "${q}" (${lang})`, problems);
      }
    }
  } finally {
    await page.close();
  }
}
