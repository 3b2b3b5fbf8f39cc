// briefing search: runs entirely in the page from window.BRIEFING_SEARCH
// (loaded by a plain <script>, so it works from file://). Every string put
// into the page goes through textContent or escape(): nothing from the index
// or the query is ever parsed as HTML.
(function () {
  "use strict";
  var data = window.BRIEFING_SEARCH;
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!data || !input || !results) { return; }

  var KINDS = [["brief", "Briefs"], ["summary", "Summaries"], ["page", "Pages"], ["home", "Pages"],
    ["event", "Events"], ["term", "Terms"], ["source", "Sources"]];
  var PER_GROUP = 20;

  function isHan(c) {
    var u = c.codePointAt(0);
    return (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) || (u >= 0x20000 && u <= 0x2FA1F);
  }
  function fold(c) {
    var u = c.codePointAt(0);
    if (u >= 0xFF01 && u <= 0xFF5E) { return String.fromCodePoint(u - 0xFEE0); }
    return c;
  }
  function isWordChar(c) { return /[\p{L}\p{N}]/u.test(c); }

  // Query parts: {han: "稀土"} runs and {word: "rare"} words.
  function parse(q) {
    var parts = [], word = "", han = "";
    Array.from(q).forEach(function (ch) {
      var c = fold(ch);
      if (isHan(c)) {
        if (word) { parts.push({ word: word }); word = ""; }
        han += c;
      } else if (isWordChar(c)) {
        if (han) { parts.push({ han: han }); han = ""; }
        word += c.toLowerCase();
      } else {
        if (han) { parts.push({ han: han }); han = ""; }
        if (word) { parts.push({ word: word }); word = ""; }
      }
    });
    if (han) { parts.push({ han: han }); }
    if (word) { parts.push({ word: word }); }
    // A single Latin letter matches nearly everything: wait for the second.
    return parts.filter(function (p) { return p.han || Array.from(p.word).length > 1; });
  }

  var keys = data.keys, post = data.post;
  function lowerBound(k) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < k) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  function exact(k) { var i = lowerBound(k); return i < keys.length && keys[i] === k ? post[i] : []; }
  function prefix(k) {
    var out = [];
    for (var i = lowerBound(k); i < keys.length && keys[i].lastIndexOf(k, 0) === 0; i++) { out.push(post[i]); }
    return union(out);
  }
  var byChar = null;
  function containing(ch) {
    // Keys holding one Han character: itself and the bigrams it is part of
    // (the map from characters to keys is built on first use).
    if (!byChar) {
      byChar = new Map();
      for (var i = 0; i < keys.length; i++) {
        Array.from(keys[i]).forEach(function (c) {
          if (isHan(c)) { (byChar.get(c) || byChar.set(c, []).get(c)).push(i); }
        });
      }
    }
    return union((byChar.get(ch) || []).map(function (i) { return post[i]; }));
  }
  // Union of ascending lists, ascending: one pass over a mark array.
  var marks = new Uint8Array(data.paras.length);
  function union(lists) {
    if (lists.length === 1) { return lists[0]; }
    var out = [];
    lists.forEach(function (l) { for (var i = 0; i < l.length; i++) { if (!marks[l[i]]) { marks[l[i]] = 1; out.push(l[i]); } } });
    out.forEach(function (x) { marks[x] = 0; });
    return out.sort(function (a, b) { return a - b; });
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) { i++; } else { j++; }
    }
    return out;
  }
  function candidates(part) {
    if (part.word) { return prefix(part.word); }
    var h = Array.from(part.han);
    if (h.length === 1) { return containing(h[0]); }
    var set = null;
    for (var i = 0; i + 1 < h.length; i++) {
      var l = exact(h[i] + h[i + 1]);
      set = set === null ? l : intersect(set, l);
      if (!set.length) { break; }
    }
    return set || [];
  }
  function normalise(text) { return Array.from(text).map(fold).join("").toLowerCase(); }

  function search(q) {
    var parts = parse(q);
    if (!parts.length) { return { parts: parts, hits: [] }; }
    var set = null;
    for (var i = 0; i < parts.length; i++) {
      var c = candidates(parts[i]);
      set = set === null ? c : intersect(set, c);
      if (!set.length) { break; }
    }
    // Words and runs of up to two Han characters are exact in the index;
    // longer runs are checked against the text (their bigrams may be apart).
    var check = parts.filter(function (part) { return part.han && Array.from(part.han).length > 2; });
    // (Han characters are untouched by case and width folding: no need to fold the text.)
    var hits = !check.length ? (set || []) : (set || []).filter(function (p) {
      var text = data.paras[p][2];
      return check.every(function (part) { return text.indexOf(part.han) >= 0; });
    });
    return { parts: parts, hits: hits };
  }

  function escape(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // A snippet around the first match, with every match marked; built from
  // escaped pieces only.
  function snippet(text, parts) {
    var chars = Array.from(text);
    var lower = Array.from(normalise(text));
    var needles = parts.map(function (p) { return Array.from(p.han || p.word); });
    var marks = new Array(chars.length).fill(false);
    var first = -1;
    needles.forEach(function (n) {
      for (var i = 0; i + n.length <= lower.length; i++) {
        var ok = true;
        for (var j = 0; j < n.length; j++) { if (lower[i + j] !== n[j]) { ok = false; break; } }
        if (ok) {
          for (var k = 0; k < n.length; k++) { marks[i + k] = true; }
          if (first < 0 || i < first) { first = i; }
        }
      }
    });
    var start = Math.max(0, first - 50), end = Math.min(chars.length, Math.max(first, 0) + 110);
    var html = start > 0 ? "…" : "", open = false;
    for (var i = start; i < end; i++) {
      if (marks[i] && !open) { html += "<mark>"; open = true; }
      if (!marks[i] && open) { html += "</mark>"; open = false; }
      html += escape(chars[i]);
    }
    if (open) { html += "</mark>"; }
    if (end < chars.length) { html += "…"; }
    return html;
  }

  var rootPrefix = "../";
  function render(q) {
    var t0 = performance.now();
    var r = search(q);
    results.textContent = "";
    if (!r.parts.length) { status.textContent = ""; return; }
    var groups = {};
    r.hits.forEach(function (p) {
      var doc = data.docs[data.paras[p][0]];
      var kind = doc[0] === "home" ? "page" : doc[0];
      (groups[kind] = groups[kind] || []).push(p);
    });
    var total = r.hits.length;
    status.textContent = total === 0 ? "No results for “" + q + "”." :
      total + " paragraph" + (total === 1 ? "" : "s") + " match “" + q + "” (" + Math.round(performance.now() - t0) + " ms).";
    var done = {};
    KINDS.forEach(function (k) {
      var kind = k[0] === "home" ? "page" : k[0];
      if (done[kind] || !groups[kind]) { return; }
      done[kind] = true;
      var section = document.createElement("section");
      section.className = "result-group";
      section.setAttribute("data-kind", kind);
      var h = document.createElement("h2");
      h.textContent = k[1] + " (" + groups[kind].length + ")";
      section.appendChild(h);
      var ol = document.createElement("ol");
      groups[kind].slice(0, PER_GROUP).forEach(function (p) {
        var para = data.paras[p], doc = data.docs[para[0]];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.className = "result-link";
        a.href = rootPrefix + doc[2] + (para[1] ? "#" + encodeURIComponent(para[1]) : "");
        a.textContent = doc[1];
        var s = document.createElement("p");
        s.className = "snippet";
        s.innerHTML = snippet(para[2], r.parts);
        li.appendChild(a);
        li.appendChild(s);
        ol.appendChild(li);
      });
      section.appendChild(ol);
      if (groups[kind].length > PER_GROUP) {
        var more = document.createElement("p");
        more.textContent = (groups[kind].length - PER_GROUP) + " more; refine the query to see them.";
        section.appendChild(more);
      }
      results.appendChild(section);
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      render(input.value.trim());
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value.trim())); } catch (e) { /* file:// in some browsers */ }
    }, 60);
  });
  document.getElementById("search-form").addEventListener("submit", function (e) { e.preventDefault(); render(input.value.trim()); });
  // Arrow keys move between the input and the results.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    var links = Array.prototype.slice.call(results.querySelectorAll("a.result-link"));
    if (!links.length) { return; }
    var i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown") {
      e.preventDefault();
      (i < 0 ? links[0] : links[Math.min(i + 1, links.length - 1)]).focus();
    } else if (i >= 0) {
      e.preventDefault();
      if (i === 0) { input.focus(); } else { links[i - 1].focus(); }
    }
  });
  var m = /[?&]q=([^&]*)/.exec(window.location.search);
  if (m) {
    try { input.value = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { input.value = ""; }
    render(input.value.trim());
  }
  input.focus();
})();
