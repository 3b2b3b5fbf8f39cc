// briefing default theme: dark-mode toggle, timeline filters, citation
// previews, the source view control and highlights of split quotes.
// Loaded as a plain script (works from file://); the page is fully readable
// and every link works without it. Its words are the site's language's,
// from data- attributes the templates fill (see word()).
(function () {
  "use strict";
  var root = document.documentElement;

  // A word of the theme from an element's data-<name> attribute: JSON, a
  // text or a counted phrase's plural forms (picked for n by the CLDR rules
  // of the page's language, as the generator picks them); {name}
  // placeholders filled from args.
  var plurals = null;
  function word(el, name, args, n) {
    var v = "";
    try { v = JSON.parse((el && el.getAttribute("data-" + name)) || '""'); } catch (e) { v = ""; }
    if (v && typeof v === "object") {
      if (!plurals) {
        try { plurals = new Intl.PluralRules(root.lang || "en"); } catch (e) { plurals = { select: function () { return "other"; } }; }
      }
      v = v[plurals.select(n)] || v.other || "";
    }
    return String(v).replace(/\{([a-z][a-z0-9_]*)\}/g, function (m, k) {
      return args && Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : m;
    });
  }
  var stored = null;
  try { stored = window.localStorage.getItem("briefing-theme"); } catch (e) { stored = null; }
  if (stored === "dark" || stored === "light") { root.setAttribute("data-theme", stored); }

  function current() {
    var t = root.getAttribute("data-theme");
    if (t) { return t; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function setupToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) { return; }
    button.hidden = false;
    var update = function () {
      var dark = current() === "dark";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.title = word(button, dark ? "to-light" : "to-dark");
    };
    update();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { window.localStorage.setItem("briefing-theme", next); } catch (e) { /* private mode: not remembered */ }
      update();
    });
  }

  function setupFilters() {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    form.hidden = false;
    var events = Array.prototype.slice.call(document.querySelectorAll("li.event"));
    var years = Array.prototype.slice.call(document.querySelectorAll("section.year"));
    var out = form.querySelector(".filter-count");
    var has = function (el, attr, value) {
      return !value || (" " + (el.getAttribute(attr) || "") + " ").indexOf(" " + value + " ") >= 0;
    };
    var apply = function () {
      var tag = form.elements.tag.value, actor = form.elements.actor.value, source = form.elements.source.value;
      var shown = 0;
      events.forEach(function (el) {
        var ok = has(el, "data-tags", tag) && has(el, "data-actors", actor) && has(el, "data-sources", source);
        el.hidden = !ok;
        if (ok) { shown += 1; }
      });
      years.forEach(function (y) { y.hidden = !y.querySelector("li.event:not([hidden])"); });
      out.textContent = (tag || actor || source) ? word(form, "count", { shown: shown, total: events.length }, events.length) : "";
    };
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  }

  // "Copy link" on the ¶ of each paragraph: copies the paragraph's address
  // (the link still works as a plain link without JavaScript).
  function setupCopyLinks() {
    document.addEventListener("click", function (e) {
      var a = e.target && e.target.closest ? e.target.closest("a.plink") : null;
      if (!a || !navigator.clipboard || !window.isSecureContext) { return; }
      e.preventDefault();
      navigator.clipboard.writeText(a.href).then(function () {
        a.setAttribute("data-copied", word(a.closest("[data-copied-word]"), "copied-word"));
        history.replaceState(null, "", a.getAttribute("href"));
        setTimeout(function () { a.removeAttribute("data-copied"); }, 1500);
      }, function () { window.location.hash = a.getAttribute("href"); });
    });
  }

  // Citation previews: hovering or focusing a note marker shows its note
  // (source, paragraph, quote, gloss) beside it. The marker stays a plain
  // link to the quoted words; the preview is a copy of the note, which is
  // on the page already.
  function setupPreviews() {
    var tip = null, owner = null, hideTimer = null;
    var hide = function () {
      if (hideTimer) { clearTimeout(hideTimer); hideTimer = null; }
      if (tip) { tip.remove(); tip = null; }
      if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
    };
    var show = function (a) {
      var note = document.getElementById(a.getAttribute("data-note") || "");
      if (!note || owner === a) { return; }
      hide();
      tip = document.createElement("div");
      tip.className = "cite-preview";
      tip.id = "cite-preview";
      tip.setAttribute("role", "tooltip");
      // The note's source and paragraph, and the quote this marker cites.
      var item = note.closest("li") || note;
      var src = item.querySelector(".note-src");
      // The punctuation after it is the page's (the language's colon).
      var after = src && src.nextSibling && src.nextSibling.nodeType === 3 ? src.nextSibling.textContent : " ";
      if (src) { tip.appendChild(src.cloneNode(true)); tip.appendChild(document.createTextNode(after)); }
      tip.appendChild(note.cloneNode(true));
      tip.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      tip.querySelectorAll(".backrefs").forEach(function (el) { el.remove(); });
      tip.addEventListener("mouseenter", function () { if (hideTimer) { clearTimeout(hideTimer); hideTimer = null; } });
      tip.addEventListener("mouseleave", function () { hideSoon(); });
      document.body.appendChild(tip);
      var r = a.getBoundingClientRect();
      var width = Math.min(352, document.documentElement.clientWidth - 16);
      var left = Math.max(8, Math.min(r.left + window.scrollX - 16, window.scrollX + document.documentElement.clientWidth - width - 8));
      tip.style.width = width + "px";
      tip.style.left = left + "px";
      tip.style.top = (r.bottom + window.scrollY + 6) + "px";
      a.setAttribute("aria-describedby", tip.id);
      owner = a;
    };
    var hideSoon = function () {
      if (hideTimer) { clearTimeout(hideTimer); }
      hideTimer = setTimeout(hide, 200);
    };
    var marker = function (e) {
      return e.target && e.target.closest ? e.target.closest("sup.cite a[data-note]") : null;
    };
    document.addEventListener("mouseover", function (e) {
      var a = marker(e);
      if (a) { if (hideTimer) { clearTimeout(hideTimer); hideTimer = null; } show(a); }
    });
    document.addEventListener("mouseout", function (e) { if (marker(e)) { hideSoon(); } });
    document.addEventListener("focusin", function (e) { var a = marker(e); if (a) { show(a); } else if (tip && !tip.contains(e.target)) { hide(); } });
    document.addEventListener("focusout", function (e) { if (marker(e)) { hideSoon(); } });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  }

  // A quote that crosses another is split: its first piece is the target
  // (highlighted by CSS); its other pieces are highlighted here.
  function setupSplitQuotes() {
    var mark = function () {
      document.querySelectorAll(".quote-cont.quote-target").forEach(function (el) { el.classList.remove("quote-target"); });
      var id = decodeURIComponent(window.location.hash.slice(1));
      if (!id) { return; }
      document.querySelectorAll(".quote-cont").forEach(function (el) {
        if (el.getAttribute("data-quote") === id) { el.classList.add("quote-target"); }
      });
    };
    mark();
    window.addEventListener("hashchange", mark);
  }

  // The source view (original, translation or both) is chosen with radio
  // buttons that work by CSS alone; the choice is remembered here.
  function setupSourceView() {
    var radios = document.querySelectorAll("input[name=source-view]");
    if (!radios.length) { return; }
    var stored = null;
    try { stored = window.localStorage.getItem("briefing-source-view"); } catch (e) { stored = null; }
    radios.forEach(function (r) {
      if (stored && r.value === stored) { r.checked = true; }
      r.addEventListener("change", function () {
        try { window.localStorage.setItem("briefing-source-view", r.value); } catch (e) { /* not remembered */ }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupToggle();
    setupFilters();
    setupCopyLinks();
    setupPreviews();
    setupSplitQuotes();
    setupSourceView();
  });
})();
