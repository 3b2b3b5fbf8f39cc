// briefing default theme: dark-mode toggle and timeline filters.
// Loaded as a plain script (works from file://); the page is fully readable without it.
(function () {
  "use strict";
  var root = document.documentElement;
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
      button.title = dark ? "Switch to light mode" : "Switch to dark mode";
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
      out.textContent = (tag || actor || source) ? shown + " of " + events.length + " events" : "";
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
        a.setAttribute("data-copied", "Link copied");
        history.replaceState(null, "", a.getAttribute("href"));
        setTimeout(function () { a.removeAttribute("data-copied"); }, 1500);
      }, function () { window.location.hash = a.getAttribute("href"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupToggle();
    setupFilters();
    setupCopyLinks();
  });
})();
