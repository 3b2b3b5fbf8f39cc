// briefing search: runs entirely in the page. assets/search/index.js (a plain
// <script> of the page) describes the index; the shards a query needs are
// loaded on demand by inserting <script> elements, which works from file://
// (no fetch, no WebAssembly). src/search.rs documents the format. Every string
// put into the page goes through textContent or escape(): nothing from the
// index or the query is ever parsed as HTML.
(function () {
  "use strict";
  var head = window.BRIEFING_SEARCH;
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!head || head.v !== 1 || !input || !results) { return; }

  var LABELS = { brief: "Briefs", summary: "Summaries", page: "Pages", event: "Events", term: "Terms", source: "Sources" };
  var PER_GROUP = 20;
  var ROOT = "../"; // the search page is search/index.html
  var DIR = ROOT + "assets/search/";

  // Numbers are base-32 digits: "#".."B" ends a number, "]".."|" continues it.
  function numbers(s) {
    var out = [], v = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 93) { v = v * 32 + c - 93; } else { out.push(v * 32 + c - 35); v = 0; }
    }
    return out;
  }

  var N = head.n, W = (N + 31) >>> 5;
  var kinds = head.kinds; // [kind, first paragraph], in display order
  var keyFirst = head.k; // first key of each key shard
  var textFirst = []; // first paragraph of each text shard
  numbers(head.t).reduce(function (at, gap) { at += gap; textFirst.push(at); return at; }, 0);

  // ---- Loading shards: one <script> per shard, each calls BRIEFING_SEARCH_SHARD.
  var shards = {}, waiting = {};
  window.BRIEFING_SEARCH_SHARD = function (type, i, a, b, c) {
    shards[type + i] = type === "k" ?
      { keys: a.split(" "), post: b.split("!"), pos: c ? c.split("!") : null } :
      { docs: a, paras: b };
  };
  function fileOf(id) {
    var type = id.charAt(0), i = +id.slice(1), names = type === "k" ? head.kh : head.th;
    return DIR + type + "-" + i + "-" + names.slice(i * 8, i * 8 + 8) + ".js";
  }
  // Calls done(ok) once every shard of ids is loaded (at once if they all
  // are), and arrived() as each one arrives.
  function load(ids, done, arrived) {
    var left = 0, ok = true;
    function one(good) {
      ok = ok && good;
      if (good && arrived) { arrived(); }
      if (--left === 0) { done(ok); }
    }
    ids.forEach(function (id) {
      if (shards[id]) { return; }
      left++;
      if (waiting[id]) { waiting[id].push(one); return; }
      waiting[id] = [one];
      var s = document.createElement("script");
      var finish = function (good) {
        var calls = waiting[id];
        delete waiting[id];
        if (s.parentNode) { s.parentNode.removeChild(s); }
        // A shard that ran but did not register is of another build.
        calls.forEach(function (f) { f(good && !!shards[id]); });
      };
      s.onload = function () { finish(true); };
      s.onerror = function () { finish(false); };
      s.src = fileOf(id);
      document.head.appendChild(s);
    });
    if (!left) { done(true); }
  }

  // ---- Query parsing
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
    // A single Latin letter matches nearly everything (and is not indexed).
    return parts.filter(function (p) { return p.han || Array.from(p.word).length > 1; });
  }

  // ---- Keys: a word or one Han character is a prefix; longer Han runs are
  // their bigrams at consecutive positions.
  function startsWith(s, p) { return s.lastIndexOf(p, 0) === 0; }
  function lowerBound(keys, k) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < k) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  // The key shards that may hold k (exact) or keys starting with k.
  function shardsFor(k, exact) {
    if (!keyFirst.length) { return []; }
    var s = lowerBound(keyFirst, k);
    if (keyFirst[s] !== k) { s = Math.max(0, s - 1); }
    var out = ["k" + s];
    if (!exact) { for (s++; s < keyFirst.length && startsWith(keyFirst[s], k); s++) { out.push("k" + s); } }
    return out;
  }
  function pairs(h) {
    var out = [];
    for (var i = 0; i + 1 < h.length; i++) { out.push(h[i] + h[i + 1]); }
    return out;
  }
  function shardsOf(parts) {
    var ids = [];
    parts.forEach(function (part) {
      var h = part.han ? Array.from(part.han) : null;
      if (!h || h.length === 1) { ids.push.apply(ids, shardsFor(part.word || part.han, false)); return; }
      pairs(h).forEach(function (k) { ids.push.apply(ids, shardsFor(k, true)); });
    });
    return ids;
  }

  // ---- Sets of paragraphs are bitsets (Int32Array of W words).
  function addPostings(bits, s) {
    for (var i = 0, v = 0, p = -1; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 93) { v = v * 32 + c - 93; } else { p += v * 32 + c - 34; bits[p >>> 5] |= 1 << (p & 31); v = 0; }
    }
  }
  function prefixBits(k) {
    var bits = new Int32Array(W);
    shardsFor(k, false).forEach(function (id) {
      var sh = shards[id];
      for (var i = lowerBound(sh.keys, k); i < sh.keys.length && startsWith(sh.keys[i], k); i++) { addPostings(bits, sh.post[i]); }
    });
    return bits;
  }
  function entry(k) {
    var sh = shards[shardsFor(k, true)[0]];
    var i = sh ? lowerBound(sh.keys, k) : 0;
    return sh && sh.keys[i] === k ? { post: sh.post[i], pos: sh.pos ? sh.pos[i] : "" } : null;
  }
  // Positions (see src/search.rs): from t[i], the index after the end of one
  // posting's list; and that list (into out).
  function skipPositions(t, i) {
    for (var more = false; i < t.length; i++) {
      var c = t.charCodeAt(i);
      if (c >= 93) { more = true; } else if (!more && c === 35) { return i + 1; } else { more = false; }
    }
    return i;
  }
  function readPositions(t, i, out) {
    out.length = 0;
    for (var v = 0, at = 0; i < t.length; i++) {
      var c = t.charCodeAt(i);
      if (c >= 93) { v = v * 32 + c - 93; continue; }
      v = v * 32 + c - 35;
      if (!v) { break; }
      at += v;
      out.push(at - 1);
      v = 0;
    }
    return out;
  }
  function hanBits(h) {
    var es = [], bits = null, keys = pairs(h);
    for (var i = 0; i < keys.length; i++) {
      var e = entry(keys[i]);
      if (!e) { return new Int32Array(W); }
      es.push(e);
      var b = new Int32Array(W);
      addPostings(b, e.post);
      if (bits) { for (var w = 0; w < W; w++) { bits[w] &= b[w]; } } else { bits = b; }
    }
    if (es.length === 1) { return bits; }
    // Longer runs: the bigrams must follow each other. Walk every bigram's
    // postings and positions along the candidates (ascending); pi/at: the
    // next gap and current paragraph of postings; qi: where the current
    // paragraph's positions start.
    var m = es.length, out = new Int32Array(W), pi = [], at = [], qi = [], lists = [];
    var posts = es.map(function (e) { return e.post; }), poss = es.map(function (e) { return e.pos; });
    for (var k = 0; k < m; k++) { pi.push(0); at.push(-1); qi.push(0); lists.push([]); }
    for (w = 0; w < W; w++) {
      var x = bits[w];
      while (x) {
        var low = x & -x, p = w * 32 + 31 - Math.clz32(low);
        x ^= low;
        for (k = 0; k < m; k++) {
          var s = posts[k], t = poss[k], a = at[k];
          while (a < p) {
            if (a >= 0) { qi[k] = skipPositions(t, qi[k]); }
            var v = 0, j = pi[k], c;
            while ((c = s.charCodeAt(j++)) >= 93) { v = v * 32 + c - 93; }
            a += v * 32 + c - 34;
            pi[k] = j;
          }
          at[k] = a;
          readPositions(t, qi[k], lists[k]);
        }
        var first = lists[0];
        for (var f = 0; f < first.length; f++) {
          for (var n = 1; n < m && lists[n].indexOf(first[f] + n) >= 0; n++) { /* next bigram */ }
          if (n === m) { out[w] |= low; break; }
        }
      }
    }
    return out;
  }
  var cache = new Map(); // part → bitset, for the next keystrokes
  function partBits(part) {
    var key = part.han ? "h" + part.han : "w" + part.word, bits = cache.get(key);
    if (!bits) {
      var h = part.han ? Array.from(part.han) : null;
      bits = !h ? prefixBits(part.word) : h.length === 1 ? prefixBits(part.han) : hanBits(h);
      if (cache.size >= 64) { cache.delete(cache.keys().next().value); }
      cache.set(key, bits);
    }
    return bits;
  }
  function popcount(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0F0F0F0F, 0x01010101) >>> 24;
  }
  // Per kind: the number of hits and the first PER_GROUP of them.
  function groupsOf(bits) {
    var groups = [], total = 0;
    kinds.forEach(function (k, n) {
      var a = k[1], b = n + 1 < kinds.length ? kinds[n + 1][1] : N, count = 0, shown = [];
      for (var w = a >>> 5; a < b && w <= (b - 1) >>> 5; w++) {
        var x = bits[w];
        if (!x) { continue; }
        if (w === a >>> 5) { x &= -1 << (a & 31); }
        if (w === (b - 1) >>> 5 && (b & 31)) { x &= (1 << (b & 31)) - 1; }
        count += popcount(x);
        while (x && shown.length < PER_GROUP) { var low = x & -x; shown.push(w * 32 + 31 - Math.clz32(low)); x ^= low; }
      }
      if (count) { groups.push({ kind: k[0], count: count, shown: shown }); total += count; }
    });
    return { groups: groups, total: total };
  }
  function search(parts) {
    var set = null;
    for (var i = 0; i < parts.length; i++) {
      var b = partBits(parts[i]);
      if (!set) { set = b.slice(); } else { for (var w = 0; w < W; w++) { set[w] &= b[w]; } }
    }
    return groupsOf(set);
  }

  // ---- Paragraph text, from the text shards.
  function textShard(p) {
    var lo = 0, hi = textFirst.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (textFirst[mid] <= p) { lo = mid + 1; } else { hi = mid; } }
    return lo - 1;
  }
  function paragraph(p) {
    var s = textShard(p), sh = shards["t" + s], para = sh.paras[p - textFirst[s]];
    return { doc: sh.docs[para[0]], anchor: para[1], text: para[2] };
  }

  // Lowercase and ASCII-width text, index for index (a character whose
  // lowercase is longer, like "İ", is kept as it is).
  function normalise(text) {
    var t = text.replace(/[\uFF01-\uFF5E]/g, fold).toLowerCase();
    if (t.length === text.length) { return t; }
    return Array.from(text).map(function (c) { var l = fold(c).toLowerCase(); return l.length === c.length ? l : c; }).join("");
  }
  function escape(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function isLowSurrogate(u) { return u >= 0xDC00 && u <= 0xDFFF; }
  // A snippet around the first match, with every match marked; built from
  // escaped pieces only.
  function snippet(text, parts) {
    var lower = normalise(text), found = [], marks = [];
    parts.forEach(function (p) {
      var n = p.han || p.word;
      for (var i = lower.indexOf(n); i >= 0; i = lower.indexOf(n, i + 1)) { found.push([i, i + n.length]); }
    });
    found.sort(function (a, b) { return a[0] - b[0]; }).forEach(function (m) {
      var last = marks[marks.length - 1];
      if (last && m[0] <= last[1]) { last[1] = Math.max(last[1], m[1]); } else { marks.push(m.slice()); }
    });
    var first = marks.length ? marks[0][0] : 0;
    var start = Math.max(0, first - 50), end = Math.min(text.length, first + 110);
    if (start > 0 && isLowSurrogate(text.charCodeAt(start))) { start--; }
    if (end < text.length && isLowSurrogate(text.charCodeAt(end))) { end++; }
    var html = start > 0 ? "…" : "", at = start;
    marks.forEach(function (m) {
      var a = Math.max(m[0], at), b = Math.min(m[1], end);
      if (a >= b) { return; }
      html += escape(text.slice(at, a)) + "<mark>" + escape(text.slice(a, b)) + "</mark>";
      at = b;
    });
    html += escape(text.slice(at, end));
    if (end < text.length) { html += "…"; }
    return html;
  }

  function busy(on) { results.setAttribute("aria-busy", on ? "true" : "false"); }
  function failed() {
    results.textContent = "";
    status.textContent = "The search index could not be loaded. Reload the page: the site may have been rebuilt.";
    busy(false);
  }
  // Draws the results in display order as the text they need arrives: more()
  // appends every next result whose text shard is loaded. The previous
  // results stay until the first new one can be drawn.
  function drawer(q, parts, r, t0) {
    var items = [];
    r.groups.forEach(function (g) { g.shown.forEach(function (p, i) { items.push({ g: g, p: p, last: i === g.shown.length - 1 }); }); });
    var next = 0, started = false, ol = null;
    function start() {
      started = true;
      results.textContent = "";
      status.textContent = r.total === 0 ? "No results for “" + q + "”." :
        r.total + " paragraph" + (r.total === 1 ? "" : "s") + " match “" + q + "” (" + Math.round(performance.now() - t0) + " ms).";
    }
    function more() {
      for (; next < items.length && shards["t" + textShard(items[next].p)]; next++) {
        if (!started) { start(); }
        var it = items[next], g = it.g;
        if (g.shown[0] === it.p) {
          var section = document.createElement("section");
          section.className = "result-group";
          section.setAttribute("data-kind", g.kind);
          var h = document.createElement("h2");
          h.textContent = LABELS[g.kind] + " (" + g.count + ")";
          section.appendChild(h);
          ol = document.createElement("ol");
          section.appendChild(ol);
          results.appendChild(section);
        }
        var para = paragraph(it.p);
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.className = "result-link";
        a.href = ROOT + para.doc[1] + (para.anchor ? "#" + encodeURIComponent(para.anchor) : "");
        a.textContent = para.doc[0];
        var s = document.createElement("p");
        s.className = "snippet";
        s.innerHTML = snippet(para.text, parts);
        li.appendChild(a);
        li.appendChild(s);
        ol.appendChild(li);
        if (it.last && g.count > PER_GROUP) {
          var rest = document.createElement("p");
          rest.textContent = (g.count - PER_GROUP) + " more; refine the query to see them.";
          ol.parentNode.appendChild(rest);
        }
      }
      if (next === items.length) {
        if (!started) { start(); }
        busy(false);
      }
    }
    return more;
  }

  // Each query loads the key shards it needs, then the text shards of the
  // results shown (drawing them as they come); a newer query makes an older
  // one stop.
  var generation = 0;
  function render(q) {
    var my = ++generation, t0 = performance.now();
    var parts = parse(q);
    if (!parts.length) { results.textContent = ""; status.textContent = ""; busy(false); return; }
    busy(true);
    load(shardsOf(parts), function (ok) {
      if (my !== generation) { return; }
      if (!ok) { failed(); return; }
      var r = search(parts), ids = [], seen = {};
      r.groups.forEach(function (g) {
        g.shown.forEach(function (p) {
          var id = "t" + textShard(p);
          if (!seen[id]) { seen[id] = true; ids.push(id); }
        });
      });
      var more = drawer(q, parts, r, t0);
      load(ids, function (ok2) {
        if (my !== generation) { return; }
        if (ok2) { more(); } else { failed(); }
      }, function () {
        if (my === generation) { more(); }
      });
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
