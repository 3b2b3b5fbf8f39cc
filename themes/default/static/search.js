// briefing search: runs entirely in the page. assets/search/index.js (a plain
// <script> of the page) describes the index; the shards a query needs are
// loaded on demand by inserting <script> elements, which works from file://
// (no fetch, no WebAssembly). src/search/mod.rs documents the format. Every
// string put into the page goes through textContent or escape(): nothing
// from the index or the query is ever parsed as HTML. Every word shown comes
// from the search page (data-* attributes of the template), not from here.
(function () {
  "use strict";
  var head = window.BRIEFING_SEARCH;
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!head || head.v !== 5 || !input || !results || !status) { return; }

  // ---- Words of the page (theme data): JSON in data-* attributes, a text
  // or a counted phrase's plural forms, picked for n by the CLDR rules of
  // the page's language (as the generator picks them).
  var plurals = null;
  function word(el, name, n) {
    var v = "";
    try { v = JSON.parse(el.getAttribute("data-" + name) || '""'); } catch (e) { v = ""; }
    if (v && typeof v === "object") {
      if (!plurals) {
        try { plurals = new Intl.PluralRules(document.documentElement.lang || "en"); } catch (e) { plurals = { select: function () { return "other"; } }; }
      }
      v = v[plurals.select(n || 0)] || v.other || "";
    }
    return String(v);
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, k) { return k in values ? String(values[k]) : all; });
  }
  function kindLabel(kind) { return word(results, "kind-" + kind) || kind; }

  // ---- Ranking constants (src/search/postings.rs stores BM25F's weights).
  var K1 = 1.2; // BM25 saturation
  var PREFIX = 0.45; // a prefix match: PREFIX + PREFIX_SPAN · typed / key length
  var PREFIX_SPAN = 0.35;
  var TYPO = 0.4; // a word one typing error away
  var NAME_EXACT = 3; // the query is a term's name, Chinese name or alias
  var NAME_START = 1.5; // … or the start of one (three characters or more)
  var PHRASE = 1.5; // the words of the query in a row, among the results shown
  var PAGE = 10; // results drawn at once; a button draws the next ones
  var MAX_TYPO_KEYS = 4; // words tried per misspelt query word
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
  var LEVELS = 16; // a posting is gap · LEVELS + the level of its weight w
  var WEIGHT = new Float32Array(LEVELS); // level → w
  for (var d = 0; d < LEVELS; d++) { WEIGHT[d] = Math.pow(2, (d - 6) / 2); }

  var N = head.n;
  var kinds = head.kinds; // [kind, first hit], in order
  var keyFirst = head.k; // first key of each key shard
  var groupCounts = head.gc || {}; // hits of the keys starting with …, by those characters
  var hasOwn = Object.prototype.hasOwnProperty;
  var textFirst = []; // first hit of each text shard
  numbers(head.t).reduce(function (at, gap) { at += gap; textFirst.push(at); return at; }, 0);

  // ---- Loading shards: one <script> per shard, each calls BRIEFING_SEARCH_SHARD.
  var shards = {}, waiting = {}, finishing = {};
  window.BRIEFING_SEARCH_SHARD = function (type, i, a, b, c, d) {
    var s;
    if (type === "k") { s = { keys: a.split(" "), post: b.split("!"), pos: c ? c.split("!") : null }; addCards(s.keys, d); }
    else if (type === "t") { s = { places: a, sections: b, hits: c, langs: d || [] }; }
    else if (type === "v") { s = { words: a ? a.split(" ") : [] }; }
    else if (type === "g") { s = { terms: a }; }
    else if (type === "p") { s = { places: a }; }
    if (s) {
      shards[type + i] = s;
      // Whoever waits for it goes on now, not in the load event, a task
      // later (a few milliseconds on a busy machine).
      if (finishing[type + i]) { finishing[type + i](true); }
    }
  };
  // Result cards of the key shards loaded (src/search/cards.rs): per hit,
  // what a result shows under each key that weighs most in it.
  var cards = new Map();
  function addCards(keys, d) {
    if (!d) { return; }
    var sections = d[0];
    d[1].forEach(function (list, k) {
      list.forEach(function (c) {
        var card = {
          key: keys[k], place: c[1], anchor: c[2],
          section: c[3] >= 0 ? sections[c[3]] : "", text: c[4], lang: c[5] || "", which: c[6] || 0,
        };
        var all = cards.get(c[0]);
        if (all) { all.push(card); } else { cards.set(c[0], [card]); }
      });
    });
  }
  // Loaded with the page, and needed by every query: the term names and,
  // when the key shards have result cards, the places they name.
  var START = head.ph ? ["g0", "p0"] : ["g0"];
  var NAMES = { k: head.kh, t: head.th, v: head.vh, g: head.gh, p: head.ph };
  function fileOf(id) {
    var type = id.charAt(0), i = +id.slice(1);
    return DIR + type + "-" + i + "-" + NAMES[type].slice(i * 8, i * 8 + 8) + ".js";
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
        if (!calls) { return; }
        delete waiting[id];
        delete finishing[id];
        if (s.parentNode) { s.parentNode.removeChild(s); }
        // A shard that ran but did not register is of another build.
        calls.forEach(function (f) { f(good && !!shards[id]); });
      };
      finishing[id] = finish;
      s.onload = function () { finish(true); };
      s.onerror = function () { finish(false); };
      s.src = fileOf(id);
      document.head.appendChild(s);
    });
    if (!left) { done(ok); }
  }

  // ---- Query parsing, as src/search/tokens.rs cuts text.
  function isHan(c) {
    var u = c.codePointAt(0);
    return (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF) || (u >= 0x20000 && u <= 0x2FA1F);
  }
  function fold(c) {
    var u = c.codePointAt(0);
    if (u >= 0xFF01 && u <= 0xFF5E) { return String.fromCodePoint(u - 0xFEE0); }
    return c;
  }
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  // Query parts: {han: "稀土"} runs and {word: "rare"} words.
  function parse(q) {
    var parts = [], w = "", han = "";
    Array.from(q).forEach(function (ch) {
      var c = fold(ch);
      if (isHan(c)) {
        if (w) { parts.push({ word: w }); w = ""; }
        han += c;
      } else if (WORD_CHAR.test(c)) {
        if (han) { parts.push({ han: han }); han = ""; }
        w += c.toLowerCase();
      } else {
        if (han) { parts.push({ han: han }); han = ""; }
        if (w) { parts.push({ word: w }); w = ""; }
      }
    });
    if (han) { parts.push({ han: han }); }
    if (w) { parts.push({ word: w }); }
    // A single Latin letter matches nearly everything (and is not indexed).
    return parts.filter(function (p) { return p.han || Array.from(p.word).length > 1; });
  }
  function textOf(p) { return p.han || p.word; }
  function canonical(parts) { return parts.map(textOf).join(" "); }

  // ---- Keys: a word or one Han character is a prefix; longer Han runs are
  // their bigrams at consecutive positions.
  function startsWith(s, p) { return s.lastIndexOf(p, 0) === 0; }
  function lowerBound(keys, k) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < k) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  // The key shards that may hold k (exact) or keys starting with k.
  // The characters that keep a key's group in one shard, as
  // src/search/shards.rs's group_of: the first (Han) or first two.
  function groupOf(k) {
    var c = Array.from(k);
    return isHan(c[0]) ? c[0] : c.slice(0, 2).join("");
  }
  function shardsFor(k, exact) {
    if (!keyFirst.length) { return []; }
    var s = lowerBound(keyFirst, k);
    // The shard before may hold keys from k on, unless s starts with k
    // itself or k is a whole group that starts there (a group is cut from
    // the one before it, and one too big for a shard starts its own).
    var starts = s < keyFirst.length && (keyFirst[s] === k || (!exact && groupOf(k) === k && startsWith(keyFirst[s], k)));
    if (!starts) { s = Math.max(0, s - 1); }
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
    var ids = START.slice();
    parts.forEach(function (part) {
      var h = part.han ? Array.from(part.han) : null;
      if (!h || h.length === 1) { ids.push.apply(ids, shardsFor(textOf(part), false)); return; }
      pairs(h).forEach(function (k) { ids.push.apply(ids, shardsFor(k, true)); });
    });
    return ids;
  }
  // Every loaded key starting with k: [key, postings, positions].
  function prefixEntries(k) {
    var out = [];
    shardsFor(k, false).forEach(function (id) {
      var sh = shards[id];
      if (!sh) { return; }
      for (var i = lowerBound(sh.keys, k); i < sh.keys.length && startsWith(sh.keys[i], k); i++) {
        out.push([sh.keys[i], sh.post[i], sh.pos ? sh.pos[i] : ""]);
      }
    });
    return out;
  }
  function entry(k) {
    var sh = shards[shardsFor(k, true)[0]];
    var i = sh ? lowerBound(sh.keys, k) : 0;
    return sh && sh.keys[i] === k ? [k, sh.post[i], sh.pos ? sh.pos[i] : ""] : null;
  }

  // ---- Postings → scored lists. A list is {hits: Int32Array ascending,
  // s: Float32Array}: every hit a query part matches, with its score.
  var EMPTY = { hits: new Int32Array(0), s: new Float32Array(0) };
  var SAT = new Float32Array(LEVELS); // level → BM25's saturated weight
  for (d = 0; d < LEVELS; d++) { SAT[d] = (K1 + 1) * WEIGHT[d] / (K1 + WEIGHT[d]); }
  // Postings into scratchHits and scratchLevel; returns how many.
  var scratchHits = new Int32Array(1024), scratchLevel = new Uint8Array(1024);
  function decode(post) {
    var max = post.length + 1;
    if (scratchHits.length < max) { scratchHits = new Int32Array(max); scratchLevel = new Uint8Array(max); }
    var n = 0, v = 0, p = -1, i = 0, L = post.length;
    while (i < L) {
      var c = post.charCodeAt(i++);
      if (c >= 93) { v = v * 32 + c - 93; continue; }
      v = v * 32 + c - 35;
      p += (v >>> 4) + 1;
      scratchHits[n] = p; scratchLevel[n++] = v & 15;
      v = 0;
    }
    return n;
  }
  function idf(df) { return Math.log(1 + (N - df + 0.5) / (df + 0.5)); }
  // The decoded postings of the keys scored lately, by key: the next
  // keystroke of a word scores most of them again (rare after ra). At most
  // DECODED postings in all, the oldest dropped first.
  var DECODED = 2000000, decoded = new Map(), decodedSize = 0;
  function postingsOf(key, post) {
    var d = key === null ? null : decoded.get(key);
    if (d) { return d; }
    var n = decode(post);
    d = { hits: scratchHits.slice(0, n), level: scratchLevel.slice(0, n) };
    if (key === null) { return d; }
    decoded.set(key, d);
    decodedSize += n;
    while (decodedSize > DECODED && decoded.size > 1) {
      var old = decoded.keys().next().value;
      decodedSize -= decoded.get(old).hits.length;
      decoded.delete(old);
    }
    return d;
  }
  // One key's list, each score times m (key null: not kept decoded).
  function keyList(key, post, m) {
    var d = postingsOf(key, post), n = d.hits.length, f = m * idf(n), s = new Float32Array(n);
    for (var j = 0; j < n; j++) { s[j] = f * SAT[d.level[j]]; }
    return { hits: d.hits, s: s };
  }
  // Adds a key's postings to dense (per hit, the best score times m); returns
  // how many hits were not there before.
  function accumulate(d, m, dense) {
    var hits = d.hits, level = d.level, n = hits.length, f = m * idf(n), added = 0;
    for (var j = 0; j < n; j++) {
      var p = hits[j], x = f * SAT[level[j]], old = dense[p];
      if (x > old) { if (old === 0) { added++; } dense[p] = x; }
    }
    return added;
  }
  // Several keys' lists as one: per hit, the best score. adds(add) calls
  // add(key, post, m) for each key.
  var dense = null;
  function union(adds) {
    if (!dense) { dense = new Float32Array(N); }
    var count = 0, d = dense;
    adds(function (key, post, m) { count += accumulate(postingsOf(key, post), m, d); });
    return compact(count);
  }
  // The hits of dense with a score, in order, as a list; dense is left zero.
  function compact(count) {
    var hits = new Int32Array(count), s = new Float32Array(count), k = 0, d = dense;
    for (var h = 0; k < count; h++) {
      if (d[h] !== 0) { hits[k] = h; s[k++] = d[h]; d[h] = 0; }
    }
    return { hits: hits, s: s };
  }
  // Lists already made, as one.
  function unionOf(lists) {
    lists = lists.filter(function (l) { return l.hits.length; });
    if (lists.length < 2) { return lists[0] || EMPTY; }
    if (!dense) { dense = new Float32Array(N); }
    var count = 0, d = dense;
    lists.forEach(function (l) {
      for (var j = 0; j < l.hits.length; j++) {
        var h = l.hits[j], old = d[h];
        if (l.s[j] > old) { if (old === 0) { count++; } d[h] = l.s[j]; }
      }
    });
    return compact(count);
  }
  // Whole words count more than prefixes, and more so the more is typed.
  function prefixWeight(typed, key) {
    return key === typed ? 1 : PREFIX + PREFIX_SPAN * typed.length / key.length;
  }
  function prefixList(k, exactOnly) {
    var es = prefixEntries(k);
    if (!es.length) { return EMPTY; }
    var m = function (e) { return exactOnly ? 1 : prefixWeight(k, e[0]); };
    if (es.length === 1) { return keyList(es[0][0], es[0][1], m(es[0])); }
    return union(function (add) { es.forEach(function (e) { add(e[0], e[1], m(e)); }); });
  }

  // Positions (see src/search/mod.rs) of a key's n postings, decoded:
  // posting j's offsets are at[from[j]] … at[from[j + 1] - 1]. Kept for
  // the last keys read (关键 for 关键矿 and 关键矿产).
  var positionsKept = new Map();
  function positionsOf(key, t, n) {
    var kept = key === null ? null : positionsKept.get(key);
    if (kept) { return kept; }
    var from = new Int32Array(n + 1), at = new Int32Array(t.length), c = 0, j = 0;
    for (var i = 0, v = 0, o = 0; i < t.length; i++) {
      var ch = t.charCodeAt(i);
      if (ch >= 93) { v = v * 32 + ch - 93; continue; }
      v = v * 32 + ch - 35;
      if (v) { o += v; at[c++] = o - 1; } else if (j < n) { from[++j] = c; o = 0; }
      v = 0;
    }
    while (j < n) { from[++j] = c; }
    kept = { from: from, at: at };
    if (key !== null) {
      if (positionsKept.size >= 8) { positionsKept.delete(positionsKept.keys().next().value); }
      positionsKept.set(key, kept);
    }
    return kept;
  }
  // A run of three or more Han characters: the hits where its bigrams
  // follow each other, weighted by how often the whole run occurs.
  function hanRunList(h) {
    var keys = pairs(h), es = [];
    for (var k = 0; k < keys.length; k++) { var e = entry(keys[k]); if (!e) { return EMPTY; } es.push(e); }
    return hanRun(es);
  }
  // The same from the entries of its bigrams, in order. (Typed arrays
  // only in the loops: they are compiled once, on made-up postings, before
  // the first query.)
  function hanRun(es) {
    var m = es.length, k, hits = [], from = [], at = [], js = new Int32Array(m);
    es.forEach(function (e) {
      var d = postingsOf(e[0], e[1]), p = positionsOf(e[0], e[2], d.hits.length);
      hits.push(d.hits); from.push(p.from); at.push(p.at);
    });
    var first = hits[0], level = postingsOf(es[0][0], es[0][1]).level, from0 = from[0], at0 = at[0], c = 0;
    var outHits = new Int32Array(first.length), outW = new Float64Array(first.length);
    for (var a = 0; a < first.length; a++) {
      var hit = first[a], ok = true;
      for (k = 1; k < m && ok; k++) {
        var hk = hits[k], j = js[k];
        while (j < hk.length && hk[j] < hit) { j++; }
        js[k] = j;
        ok = j < hk.length && hk[j] === hit;
      }
      if (!ok) { continue; }
      var runs = 0, starts = from0[a + 1] - from0[a];
      for (var f = from0[a]; f < from0[a + 1]; f++) {
        for (var n = 1; n < m; n++) {
          var fk = from[n], ak = at[n], x = at0[f] + n, found = false;
          for (var g = fk[js[n]]; g < fk[js[n] + 1] && !found; g++) { found = ak[g] === x; }
          if (!found) { break; }
        }
        if (n === m) { runs++; }
      }
      if (runs) { outHits[c] = hit; outW[c++] = WEIGHT[level[a]] * runs / starts; }
    }
    var w = idf(c), s = new Float32Array(c);
    for (var i = 0; i < c; i++) { s[i] = w * (K1 + 1) * outW[i] / (K1 + outW[i]); }
    return { hits: outHits.slice(0, c), s: s };
  }

  // ---- Typing errors: words one edit away (a letter added, dropped,
  // changed, or two neighbours swapped), from the vocabulary shards, for
  // query words of four letters or more when the word found is five or more.
  function oneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1 || a === b) { return false; }
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) { i++; }
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function typoLengths(w) {
    var n = Array.from(w).length, out = [];
    if (n < 4) { return out; }
    for (var l = n - 1; l <= n + 1; l++) { if (l >= 4 && Math.max(l, n) >= 5) { out.push(l); } }
    return out;
  }
  function vocabShard(len) { return "v" + (Math.min(len, 16) - 4); }
  // The words one edit from w, most frequent first (at most MAX_TYPO_KEYS).
  function typoKeys(w) {
    var found = [];
    typoLengths(w).forEach(function (len) {
      var sh = shards[vocabShard(len)];
      if (!sh) { return; }
      for (var i = 0; i < sh.words.length; i++) {
        var k = sh.words[i];
        if (Array.from(k).length === len && oneEdit(w, k)) { found.push([i / sh.words.length, k]); }
      }
    });
    return found.sort(function (a, b) { return a[0] - b[0]; }).slice(0, MAX_TYPO_KEYS).map(function (f) { return f[1]; });
  }

  // ---- A query part's list (cached for the next keystrokes).
  var cache = new Map();
  function remember(key, list) {
    if (cache.size >= 32) { cache.delete(cache.keys().next().value); }
    cache.set(key, list);
    return list;
  }
  function partList(part) {
    var key = (part.han ? "h" : "w") + textOf(part), list = cache.get(key);
    if (list) { return list; }
    var h = part.han ? Array.from(part.han) : null;
    if (!h) { list = prefixList(part.word, false); }
    else if (h.length === 1) { list = prefixList(part.han, true); }
    else if (h.length === 2) { var e = entry(part.han); list = e ? keyList(e[0], e[1], 1) : EMPTY; }
    else { list = hanRunList(h); }
    return remember(key, list);
  }
  function typoList(part) {
    var key = "t" + part.word, list = cache.get(key);
    if (list) { return list; }
    list = union(function (add) { part.typos.forEach(function (k) { var e = entry(k); if (e) { add(k, e[1], TYPO); } }); });
    return remember(key, list);
  }

  // ---- Ranking: hits that match every part, scored, the best first.
  function intersect(lists) {
    lists = lists.slice().sort(function (a, b) { return a.hits.length - b.hits.length; });
    var r = lists[0];
    for (var k = 1; k < lists.length && r.hits.length; k++) {
      var l = lists[k], j = 0, n = 0, hits = new Int32Array(r.hits.length), s = new Float32Array(r.hits.length);
      for (var i = 0; i < r.hits.length; i++) {
        var h = r.hits[i];
        while (j < l.hits.length && l.hits[j] < h) { j++; }
        if (j < l.hits.length && l.hits[j] === h) { hits[n] = h; s[n++] = r.s[i] + l.s[j]; }
      }
      r = { hits: hits.subarray(0, n), s: s.subarray(0, n) };
    }
    return r;
  }
  // Term names by canonical form (the parts of the name, as a query's).
  var names = null;
  function termNames() {
    if (names || !shards.g0) { return names || []; }
    names = [];
    shards.g0.terms.forEach(function (t) {
      for (var i = 1; i < t.length; i++) { names.push({ hit: t[0], name: t[i], canon: canonical(parse(t[i])) }); }
    });
    return names;
  }
  // Scores times the boost of a query that is a term's name (or its start).
  function boostNames(r, q) {
    var s = null;
    termNames().forEach(function (n) {
      var b = n.canon === q ? NAME_EXACT : (q.length >= 3 && startsWith(n.canon, q) ? NAME_START : 1);
      if (b === 1) { return; }
      var i = lowerBound(r.hits, n.hit);
      if (r.hits[i] !== n.hit) { return; }
      if (!s) { s = r.s.slice(); }
      s[i] = Math.max(s[i], r.s[i] * b);
    });
    return s ? { hits: r.hits, s: s } : r;
  }
  // A part's list with its typo words.
  function fullList(p) {
    var l = partList(p);
    return p.typos && p.typos.length ? unionOf([l, typoList(p)]) : l;
  }
  // The keys a part finds, when its list is their union: [key, postings,
  // multiplier] (null for a run of three Han characters or more, or a word
  // with typo words, which are ranked in full).
  function keysOf(p) {
    if (p.typos && p.typos.length) { return null; }
    var h = p.han ? Array.from(p.han) : null;
    if (!h) { return prefixEntries(p.word).map(function (e) { return [e[0], e[1], prefixWeight(p.word, e[0])]; }); }
    if (h.length === 1) { return prefixEntries(p.han).map(function (e) { return [e[0], e[1], 1]; }); }
    if (h.length > 2) { return null; }
    var e = entry(p.han);
    return e ? [[e[0], e[1], 1]] : [];
  }
  // The hits of list c that one of the keys es finds, each with its score in
  // c plus the best of those keys' (as intersect, without the union of es).
  function within(c, es) {
    if (!dense) { dense = new Float32Array(N); }
    var d = dense, i, n = 0;
    for (i = 0; i < c.hits.length; i++) { d[c.hits[i]] = -1; }
    es.forEach(function (e) {
      var p = postingsOf(e[0], e[1]), hits = p.hits, level = p.level, f = e[2] * idf(hits.length);
      for (var j = 0; j < hits.length; j++) {
        var h = hits[j], old = d[h];
        if (old !== 0) { var x = f * SAT[level[j]]; if (x > old) { d[h] = x; } }
      }
    });
    var out = new Int32Array(c.hits.length), s = new Float32Array(c.hits.length);
    for (i = 0; i < c.hits.length; i++) {
      var h = c.hits[i], v = d[h];
      if (v > 0) { out[n] = h; s[n++] = c.s[i] + v; }
      d[h] = 0;
    }
    return { hits: out.subarray(0, n), s: s.subarray(0, n) };
  }
  // The hits matching every one of parts, each with its score (before the
  // name boosts): the list of the parts before the last, narrowed by the
  // last one's keys, so that a query growing by a word scores the new
  // word's postings only against the hits found already (kept for the
  // next keystrokes).
  function allOf(parts) {
    if (parts.length === 1) { return fullList(parts[0]); }
    var typos = parts.some(function (p) { return p.typos && p.typos.length; });
    if (typos) { return intersect(parts.map(fullList)); }
    var key = "a" + parts.map(function (p) { return (p.han ? "h" : "w") + textOf(p); }).join(" "), list = cache.get(key);
    if (list) { return list; }
    var last = parts[parts.length - 1], es = keysOf(last), before = allOf(parts.slice(0, -1));
    list = es ? within(before, es) : intersect([before, partList(last)]);
    return remember(key, list);
  }
  // The ranking of parts (with their typo words): every hit matching them
  // all, with its score, and how many there are ({hits, s, total, exact});
  // for a query of one part only the first screen's hits and those ranked
  // with them (exact: false), all of which full() gives.
  function rank(parts) {
    var q = canonical(parts), p = parts[0];
    // (Not once the whole list is made: at the next keystroke of the same
    // word, or after the first screen.)
    var es = parts.length === 1 && !cache.has((p.han ? "h" : "w") + textOf(p)) ? keysOf(p) : null;
    if (es) {
      var t = textOf(p), r = firstScreen(es, q, groupOf(t) === t && hasOwn.call(groupCounts, t) ? groupCounts[t] : undefined);
      if (r) { return r; }
    }
    return fullRank(parts);
  }
  function fullRank(parts) {
    var all = boostNames(allOf(parts), canonical(parts));
    return { hits: all.hits, s: all.s, total: all.hits.length, exact: true };
  }
  // The name boost a query may get at most.
  function boostOf(q) {
    var b = 1;
    termNames().forEach(function (n) {
      if (n.canon === q) { b = Math.max(b, NAME_EXACT); } else if (q.length >= 3 && startsWith(n.canon, q)) { b = Math.max(b, NAME_START); }
    });
    return b;
  }
  // The first screen of a query of one part without the union of its keys
  // (scoring a two-letter prefix's hundreds of thousands of postings): a
  // key with PAGE postings scoring x or more makes x a floor the first
  // screen reaches; only postings that can reach it are scored, and every
  // hit scoring at least the floor is among them, with its exact score. So
  // the result holds the first PAGE hits of the full ranking or more, in the
  // same order; the total counts every hit. Null when no key gives a floor.
  //
  // With the number of hits given (the head's count of a group of keys),
  // a key none of whose postings can reach the floor is not even decoded:
  // a posting takes at most DIGITS characters, so a key's string of L
  // characters holds at least L / DIGITS postings, which bounds its idf
  // (two-letter prefixes: 90–99 % of the postings are left).
  var marks = null, stamp = 0, foundBuf = new Int32Array(1024), foundN = 0;
  // The level of the PAGE-th best posting (−1: fewer postings).
  function levelFloor(level) {
    var counts = new Int32Array(LEVELS), j;
    for (j = 0; j < level.length; j++) { counts[level[j]]++; }
    for (var l = LEVELS - 1, seen = 0; l >= 0; l--) {
      seen += counts[l];
      if (seen >= PAGE) { return l; }
    }
    return -1;
  }
  // Marks hits not marked yet (with stamp); returns how many.
  function markNew(hits) {
    var mk = marks, st = stamp, n = 0;
    for (var j = 0; j < hits.length; j++) { var h = hits[j]; if (mk[h] !== st) { mk[h] = st; n++; } }
    return n;
  }
  // Adds to dense the postings of p scoring low or more (times f), and
  // their hits not there before to foundBuf (foundN of them).
  function gather(p, f, low) {
    var hits = p.hits, level = p.level, d = dense, found = foundBuf, nf = foundN;
    for (var j = 0; j < hits.length; j++) {
      var x = f * SAT[level[j]];
      if (x >= low) {
        var h = hits[j], old = d[h];
        if (old === 0) {
          if (nf === found.length) { var more = new Int32Array(2 * nf); more.set(found); found = foundBuf = more; }
          found[nf++] = h;
        }
        if (x > old) { d[h] = x; }
      }
    }
    foundN = nf;
  }
  var DIGITS = 1;
  for (var most = N * LEVELS; most >= 32; most = Math.floor(most / 32)) { DIGITS++; }
  function firstScreen(es, q, given) {
    var boost = boostOf(q), floor = 0, ds = [], i;
    // Keys with the fewest postings first: the floor rises soonest.
    var sorted = es.slice().sort(function (a, b) { return a[1].length - b[1].length; });
    for (i = 0; i < sorted.length; i++) {
      var e = sorted[i], kept = e[0] === null ? null : decoded.get(e[0]);
      var least = kept ? kept.hits.length : Math.ceil(e[1].length / DIGITS);
      if (given !== undefined && floor && e[2] * idf(least) * SAT[LEVELS - 1] * (1 + 1e-6) < floor / boost * (1 - 1e-6)) { continue; }
      var p = postingsOf(e[0], e[1]), k = { p: p, f: e[2] * idf(p.hits.length) };
      var top = levelFloor(p.level);
      if (top >= 0) { floor = Math.max(floor, Math.fround(k.f * SAT[top])); }
      ds.push(k);
    }
    if (!floor) { return null; }
    // The name boost multiplies the score: a boosted hit reaches the floor
    // from floor / boost (a little less, for rounding).
    var low = floor / boost * (1 - 1e-6), count = given === undefined;
    if (!dense) { dense = new Float32Array(N); }
    if (!marks) { marks = new Int32Array(N); }
    if (++stamp > 2e9) { marks.fill(0); stamp = 1; }
    var total = count ? 0 : given;
    foundN = 0;
    for (i = 0; i < ds.length; i++) {
      if (count) { total += markNew(ds[i].p.hits); }
      gather(ds[i].p, ds[i].f, low);
    }
    var found = foundBuf, nf = foundN, d = dense;
    var hits = found.slice(0, nf).sort(), s = new Float32Array(nf);
    for (i = 0; i < nf; i++) { s[i] = d[hits[i]]; d[hits[i]] = 0; }
    var r = boostNames({ hits: hits, s: s }, q), n = 0, keep = new Int32Array(hits.length), ks = new Float32Array(hits.length);
    for (i = 0; i < hits.length; i++) { if (r.s[i] >= floor) { keep[n] = hits[i]; ks[n++] = r.s[i]; } }
    return { hits: keep.subarray(0, n), s: ks.subarray(0, n), total: total, exact: n === total };
  }
  // The k best of r, best first (ties: in hit order).
  function best(r, k) {
    var top = [], min = -1;
    for (var i = 0; i < r.hits.length; i++) {
      var sc = r.s[i];
      if (top.length === k && sc <= min) { continue; }
      var lo = 0, hi = top.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (top[mid].score >= sc) { lo = mid + 1; } else { hi = mid; } }
      top.splice(lo, 0, { hit: r.hits[i], score: sc });
      if (top.length > k) { top.pop(); }
      min = top[top.length - 1].score;
    }
    return top;
  }

  // ---- Hit text, from the text shards.
  function textShard(hit) {
    var lo = 0, hi = textFirst.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (textFirst[mid] <= hit) { lo = mid + 1; } else { hi = mid; } }
    return lo - 1;
  }
  // A hit's place, anchor, text, section and, for a source block, its
  // translation and translator's note. An empty text stands for the text
  // (and translation) of the next hit of the place that has one (below a
  // heading, at the top of a page without a summary).
  function hitOf(hit) {
    var s = textShard(hit), sh = shards["t" + s], i = hit - textFirst[s], h = sh.hits[i];
    var place = sh.places[h[0]], shown = h, at = i;
    for (var j = i + 1; !shown[2] && j < sh.hits.length && sh.hits[j][0] === h[0]; j++) { shown = sh.hits[j]; at = j; }
    // The languages of the text shown (runs of hits; none: the site's).
    var lang = ["", ""];
    for (var r = 0; r < sh.langs.length && sh.langs[r][0] <= at; r++) { lang = [sh.langs[r][1], sh.langs[r][2]]; }
    return {
      title: place[0], url: place[1], anchor: h[1], text: shown[2],
      section: h.length > 3 && h[3] >= 0 ? sh.sections[h[3]] : "",
      tr: shown[4] || "", note: shown[5] || "", lang: lang[0], trLang: lang[1],
    };
  }
  function kindOf(hit) {
    for (var i = kinds.length - 1; i > 0; i--) { if (hit >= kinds[i][1]) { return kinds[i][0]; } }
    return kinds.length ? kinds[0][0] : "";
  }

  // ---- Marking matches. A Latin word is marked whole when it starts with a
  // query word (or is one of its typo words); a Han run where it contains a
  // query run. Ranges are [start, end) in UTF-16 units.
  function matches(text, parts) {
    var out = [], i = 0, wStart = -1, w = "", hStart = -1, h = "";
    var words = [], runs = [];
    parts.forEach(function (p) {
      if (p.han) { runs.push(p.han); } else { words.push(p.word); (p.typos || []).forEach(function (k) { words.push("=" + k); }); }
    });
    function endWord() {
      if (wStart >= 0 && words.some(function (q) { return q.charAt(0) === "=" ? w === q.slice(1) : startsWith(w, q); })) { out.push([wStart, i]); }
      wStart = -1; w = "";
    }
    function endRun() {
      if (hStart >= 0) {
        runs.forEach(function (r) {
          for (var at = h.indexOf(r); at >= 0; at = h.indexOf(r, at + 1)) { out.push([hStart + at, hStart + at + r.length]); }
        });
      }
      hStart = -1; h = "";
    }
    for (var ch of text) {
      var c = fold(ch);
      if (isHan(c)) { endWord(); if (hStart < 0) { hStart = i; } h += ch; }
      else if (WORD_CHAR.test(c)) { endRun(); if (wStart < 0) { wStart = i; } w += c.toLowerCase(); }
      else { endWord(); endRun(); }
      i += ch.length;
    }
    endWord(); endRun();
    out.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    out.forEach(function (m) {
      var last = merged[merged.length - 1];
      if (last && m[0] <= last[1]) { last[1] = Math.max(last[1], m[1]); } else { merged.push(m.slice()); }
    });
    return merged;
  }
  // Whether the words of the query stand in a row in text (the last one
  // may be a prefix, being typed).
  function hasPhrase(text, parts) {
    var words = parts.filter(function (p) { return p.word; });
    if (words.length < 2 || words.length !== parts.length) { return false; }
    var toks = [];
    for (var m, re = /[\p{L}\p{N}]+/gu; (m = re.exec(text));) { toks.push(m[0].toLowerCase()); }
    for (var i = 0; i + words.length <= toks.length; i++) {
      for (var k = 0; k < words.length; k++) {
        var t = toks[i + k], q = words[k].word;
        if (!(k === words.length - 1 ? startsWith(t, q) : t === q)) { break; }
      }
      if (k === words.length) { return true; }
    }
    return false;
  }
  function escape(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function marked(text, ranges, from, to) {
    var html = "", at = from;
    ranges.forEach(function (m) {
      var a = Math.max(m[0], at), b = Math.min(m[1], to);
      if (a >= b) { return; }
      html += escape(text.slice(at, a)) + "<mark>" + escape(text.slice(a, b)) + "</mark>";
      at = b;
    });
    return html + escape(text.slice(at, to));
  }
  // Inside a Latin word: i is between two of its letters, or next to a
  // hyphen or apostrophe within it (rare-earth, China's).
  var IN_WORD = /[\p{L}\p{N}\-'\u2019]/u;
  function inWord(text, i) {
    return i > 0 && i < text.length && IN_WORD.test(text.charAt(i - 1)) && IN_WORD.test(text.charAt(i)) &&
      !isHan(text.charAt(i - 1)) && !isHan(text.charAt(i));
  }
  function isLowSurrogate(u) { return u >= 0xDC00 && u <= 0xDFFF; }
  var BEFORE = 60, SPAN = 200;
  // A snippet of about SPAN characters around the first match, with every
  // match marked; it starts and ends between words.
  function snippet(text, parts) {
    var ranges = matches(text, parts), first = ranges.length ? ranges[0][0] : 0;
    // From the start of the word the first match is in (rare-earth).
    while (inWord(text, first)) { first--; }
    var start = 0, end = text.length;
    if (text.length > SPAN) {
      start = Math.max(0, first - BEFORE);
      // Back to the start of a sentence close by, else forward to a word.
      var sentence = text.slice(Math.max(0, start - 30), first).search(/[.!?。！？]\s*[^.!?。！？]*$/);
      if (sentence >= 0) { start = Math.max(0, start - 30) + sentence + 1; }
      while (start < first && (inWord(text, start) || /\s/.test(text.charAt(start)))) { start++; }
      end = Math.min(text.length, start + SPAN);
      var back = end;
      while (back > first && inWord(text, back)) { back--; }
      if (back > first) { end = back; }
      if (start > 0 && isLowSurrogate(text.charCodeAt(start))) { start--; }
      if (end < text.length && isLowSurrogate(text.charCodeAt(end))) { end++; }
      while (end > start && /\s/.test(text.charAt(end - 1))) { end--; }
    }
    return (start > 0 ? "…" : "") + marked(text, ranges, start, end) + (end < text.length ? "…" : "");
  }

  // ---- Drawing.
  function busy(on) { results.setAttribute("aria-busy", on ? "true" : "false"); }
  function say(text) { status.textContent = text; }
  function failed() {
    results.textContent = "";
    say(word(status, "failed"));
    busy(false);
  }
  function linkTo(h) { return ROOT + h.url + (h.anchor ? "#" + encodeURIComponent(h.anchor) : ""); }
  // The card of hit a result can show for parts: one of a key the query
  // finds, the one whose window holds the most of the query (none until
  // the places file is loaded); of those, the one of the first part, of
  // its first bigram, of the first key — not of the key shard that
  // happened to arrive first.
  function cardOf(hit, parts) {
    var all = shards.p0 ? cards.get(hit) : null, best = null, most = -1, first = null;
    (all || []).forEach(function (c) {
      var order = cardOrder(parts, c.key);
      if (!order) { return; }
      var n = partsIn(c.text, parts);
      if (n > most || (n === most && comesFirst(order, first))) { most = n; best = c; first = order; }
    });
    return best;
  }
  // Where a query finds key k (a word as a prefix or a typo word; a Han
  // run by its first character or its bigrams): [part, typo word or not,
  // bigram, k], or null.
  function cardOrder(parts, k) {
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      if (p.word) {
        if (startsWith(k, p.word)) { return [i, 0, 0, k]; }
        if ((p.typos || []).indexOf(k) >= 0) { return [i, 1, 0, k]; }
        continue;
      }
      var h = Array.from(p.han);
      if (h.length === 1) { if (startsWith(k, p.han)) { return [i, 0, 0, k]; } continue; }
      var at = pairs(h).indexOf(k);
      if (at >= 0) { return [i, 0, at, k]; }
    }
    return null;
  }
  function comesFirst(a, b) {
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return a[i] < b[i]; } }
    return false;
  }
  // What a result shows: from its card, else from its text shard.
  function resultOf(hit, parts, c) {
    if (c) {
      var place = shards.p0.places[c.place];
      return {
        title: place[0], url: place[1], anchor: c.anchor, section: c.section, text: c.text, whole: true,
        label: c.which ? word(results, c.which === 1 ? "translation" : "note") : "", lang: c.lang, tr: "", note: "",
      };
    }
    var h = hitOf(hit), shown = shownText(h, parts);
    h.text = shown.text; h.label = shown.label; h.lang = shown.lang; h.whole = false;
    return h;
  }
  // How many of the query's parts text holds.
  function partsIn(text, parts) {
    return text ? parts.filter(function (p) { return matches(text, [p]).length > 0; }).length : 0;
  }
  // The text a result shows: the hit's own, or its translation or
  // translator's note (labelled) when they hold more of the query.
  function shownText(h, parts) {
    var best = { text: h.text, label: "", lang: h.lang };
    if (!h.tr && !h.note) { return best; }
    var most = partsIn(h.text, parts);
    [[h.tr, "translation"], [h.note, "note"]].forEach(function (c) {
      var n = partsIn(c[0], parts);
      if (n > most) { most = n; best = { text: c[0], label: word(results, c[1]), lang: h.trLang }; }
    });
    return best;
  }
  function item(hit, h, parts) {
    var li = document.createElement("li"), a = document.createElement("a");
    li.className = "result";
    li.setAttribute("data-kind", kindOf(hit));
    a.className = "result-link";
    a.href = linkTo(h);
    var label = h.section && h.section !== h.title ? h.title + word(results, "sep") + h.section : h.title;
    a.innerHTML = marked(label, matches(label, parts), 0, label.length);
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = kindLabel(kindOf(hit));
    var s = document.createElement("p");
    s.className = "snippet";
    // A card's window is cut already.
    s.innerHTML = h.whole ? marked(h.text, matches(h.text, parts), 0, h.text.length) : snippet(h.text, parts);
    if (h.lang) { s.setAttribute("lang", h.lang); }
    if (h.label) {
      var label = document.createElement("span");
      label.className = "snippet-label";
      label.textContent = h.label;
      // The label is in the page's language, the text maybe not.
      if (h.lang) { label.setAttribute("lang", document.documentElement.lang || ""); }
      s.insertBefore(document.createTextNode(" "), s.firstChild);
      s.insertBefore(label, s.firstChild);
    }
    li.appendChild(kind);
    li.appendChild(a);
    li.appendChild(s);
    li.link = a;
    return li;
  }
  function textShardsOf(hits) {
    var ids = [], seen = {};
    hits.forEach(function (h) { var id = "t" + textShard(h); if (!seen[id]) { seen[id] = true; ids.push(id); } });
    return ids;
  }
  // Among results whose text is at hand, those with the query's words in a
  // row move up (a stable sort keeps the rest in rank order).
  function phraseFirst(shown, parts) {
    var boosted = shown.map(function (o, i) {
      var h = o.r, at = [h.title, h.section, h.text, h.tr, h.note].join(" ");
      return { o: o, i: i, score: o.score * (hasPhrase(at, parts) ? PHRASE : 1) };
    });
    boosted.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return boosted.map(function (x) { return x.o; });
  }
  // Draws the next PAGE results of query q (loading their text first), then
  // a button for the ones after; focuses the first new one if asked.
  function drawPage(q, focus) {
    // Past the first screen: the whole ranking.
    if (q.drawn && !q.r.exact) { q.r = fullRank(q.parts); q.top = []; }
    var total = q.r.total, from = q.drawn, to = Math.min(total, from + PAGE);
    if (q.top.length < to) { q.top = best(q.r, Math.max(to, 4 * PAGE)); }
    var shown = q.top.slice(from, to);
    shown.forEach(function (o) { o.card = cardOf(o.hit, q.parts); });
    // Text shards only for the results without a card.
    var need = shown.filter(function (o) { return !o.card; });
    load(textShardsOf(need.map(function (o) { return o.hit; })), function (ok) {
      if (q.my !== generation) { return; }
      if (!ok) { failed(); return; }
      if (from === 0) {
        results.textContent = "";
        q.list = document.createElement("ol");
        q.list.className = "results";
        results.appendChild(q.list);
        var n = total;
        say(fill(word(status, "results", n), { n: n, q: q.text }));
      }
      if (q.more) { results.removeChild(q.more); q.more = null; }
      var rs = shown.map(function (o) { return { hit: o.hit, score: o.score, r: resultOf(o.hit, q.parts, o.card) }; });
      var items = phraseFirst(rs, q.parts).map(function (o) { return item(o.hit, o.r, q.parts); });
      items.forEach(function (li) { q.list.appendChild(li); });
      q.drawn = to;
      if (to < total) {
        q.more = document.createElement("button");
        q.more.type = "button";
        q.more.className = "search-more";
        q.more.textContent = fill(word(results, "more", Math.min(PAGE, total - to)), { n: Math.min(PAGE, total - to), rest: total - to });
        q.more.addEventListener("click", function () { busy(true); drawPage(q, true); });
        results.appendChild(q.more);
      }
      if (focus && items.length) { items[0].link.focus(); }
      busy(false);
      // The rest of the ranking is made once the first screen is drawn,
      // for the next keystroke (a word more) or the next page.
      if (!q.r.exact) { setTimeout(function () { if (q.my === generation) { allOf(q.parts); } }, 0); }
    });
  }
  // Nothing found: the terms closest to the query, by edit distance to
  // their names (or to one word of them).
  function distance(a, b) {
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      prev = cur;
    }
    return prev[b.length];
  }
  function similarity(a, b) { return 1 - distance(a, b) / Math.max(a.length, b.length, 1); }
  var CLOSE = 0.55; // least similarity of a suggested term
  function closestTerms(parts) {
    var q = canonical(parts), best = {};
    termNames().forEach(function (n) {
      var sim = similarity(q, n.canon), words = n.canon.split(" ");
      parts.forEach(function (p) {
        if (textOf(p).length < 3) { return; }
        words.forEach(function (w) { sim = Math.max(sim, 0.9 * similarity(textOf(p), w)); });
      });
      if (!(best[n.hit] >= sim)) { best[n.hit] = sim; }
    });
    return Object.keys(best).map(Number).filter(function (h) { return best[h] >= CLOSE; })
      .sort(function (a, b) { return best[b] - best[a] || a - b; }).slice(0, 5);
  }
  function drawNone(my, q, parts) {
    var hits = closestTerms(parts);
    load(textShardsOf(hits), function (ok) {
      if (my !== generation) { return; }
      results.textContent = "";
      say(fill(word(status, "none"), { q: q }));
      if (ok && hits.length) {
        var p = document.createElement("p");
        p.className = "search-suggest";
        p.textContent = word(status, "suggest") + " ";
        hits.forEach(function (hit, i) {
          var h = hitOf(hit), a = document.createElement("a");
          a.className = "result-link";
          a.href = linkTo(h);
          a.textContent = h.title;
          if (i > 0) { p.appendChild(document.createTextNode(word(results, "list-sep"))); }
          p.appendChild(a);
        });
        results.appendChild(p);
      } else if (results.getAttribute("data-terms-href")) {
        var line = document.createElement("p"), browse = document.createElement("a");
        line.className = "search-suggest";
        browse.className = "result-link";
        browse.href = results.getAttribute("data-terms-href");
        browse.textContent = word(results, "terms");
        line.appendChild(browse);
        results.appendChild(line);
      }
      busy(false);
    });
  }

  // ---- A query: load the key shards its parts need; where a word is not
  // found (or nothing matches every part), look for words one typing error
  // away and load theirs; rank; draw the first page. A newer query makes an
  // older one stop.
  var generation = 0;
  function render(q) {
    var my = ++generation;
    var parts = parse(q);
    if (!parts.length) { results.textContent = ""; say(""); busy(false); return; }
    busy(true);
    load(shardsOf(parts), function (ok) {
      if (my !== generation) { return; }
      if (!ok) { failed(); return; }
      var r = rank(parts);
      // Nothing matches every part: try words one typing error away.
      var missing = r.total ? [] : parts.filter(function (p) { return p.word && typoLengths(p.word).length; });
      if (!missing.length) { finish(my, q, parts, r); return; }
      var vocab = [];
      missing.forEach(function (p) { typoLengths(p.word).forEach(function (l) { var id = vocabShard(l); if (vocab.indexOf(id) < 0) { vocab.push(id); } }); });
      load(vocab, function (ok2) {
        if (my !== generation) { return; }
        if (!ok2) { failed(); return; }
        var keyIds = [];
        missing.forEach(function (p) {
          p.typos = typoKeys(p.word);
          p.typos.forEach(function (k) { keyIds.push.apply(keyIds, shardsFor(k, true)); });
        });
        load(keyIds, function (ok3) {
          if (my !== generation) { return; }
          if (!ok3) { failed(); return; }
          finish(my, q, parts, rank(parts));
        });
      });
    });
    preloadNext(parts);
  }
  // A run of Han being typed: its next character makes a bigram of the
  // group of its last one (关键 → 键矿), so that group's key shards load
  // now, behind this query's, rather than on the next keystroke.
  function preloadNext(parts) {
    var last = parts[parts.length - 1];
    if (!last.han) { return; }
    var h = Array.from(last.han);
    load(shardsFor(h[h.length - 1], false), function () {});
  }
  function finish(my, text, parts, r) {
    if (r.total) { drawPage({ my: my, text: text, parts: parts, r: r, top: [], drawn: 0 }, false); } else { drawNone(my, text, parts); }
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
  // The term names serve every query (boosts, suggestions), the places
  // every card: loaded with the page rather than on the first keystroke.
  load(START, function () { setTimeout(termNames, 0); });
  // So are the text shards of the term pages, when they are few: a query
  // that is a term's name (or its start) puts its page first, often with
  // other term pages after it that are among no key's cards.
  var TERM_SHARDS = 4;
  (function () {
    var at = -1;
    kinds.forEach(function (k, i) { if (k[0] === "term") { at = i; } });
    if (at < 0) { return; }
    var end = at + 1 < kinds.length ? kinds[at + 1][1] : N;
    if (end <= kinds[at][1]) { return; }
    var first = textShard(kinds[at][1]), last = textShard(end - 1), ids = [];
    for (var s = first; s <= last && last - first < TERM_SHARDS; s++) { ids.push("t" + s); }
    load(ids, function () {});
  })();
  // The scoring loops run on made-up postings (every other hit up to WARM,
  // of every weight level) while the page is idle, so that the browser
  // has compiled them before the first keystroke, which may score a
  // hundred thousand postings. (The term names are read once they load.)
  var WARM = Math.min(N, 100000);
  function encode(v) {
    var out = String.fromCharCode(35 + v % 32);
    for (v = Math.floor(v / 32); v > 0; v = Math.floor(v / 32)) { out = String.fromCharCode(93 + v % 32) + out; }
    return out;
  }
  setTimeout(function () {
    var made = [];
    for (var h = 0; h + 2 <= WARM; h += 2) { made.push(encode(LEVELS + h % LEVELS)); }
    // Split from one string, as the shards' postings are.
    var post = (made.join("") + "!" + made.join("")).split("!");
    // Two bigrams, the second in every other hit of the first, in a row
    // at the first of their two positions there, for runs of Han.
    var han = [[], [], [], []];
    for (var x = 1; x < Math.min(N, 20000); x += 2) {
      var o = x % 40, o2 = o + 37 + x % 900;
      han[0].push(encode(LEVELS + x % LEVELS));
      han[2].push(encode(o + 1) + encode(o2 - o) + "#");
      if (x % 4 === 3) { han[1].push(encode(3 * LEVELS + x % LEVELS)); han[3].push(encode(o + 2) + encode(o2 - o + 4) + "#"); }
    }
    han = han.map(function (l) { return l.join(""); }).join("!").split("!");
    for (var i = 0; i < 3; i++) {
      var a = union(function (add) { add(null, post[0], 1); add(null, post[1], 0.5); });
      best(intersect([a, keyList(null, post[0], 1)]), 4 * PAGE);
      best(within(a, [[null, post[1], 1]]), 4 * PAGE);
      firstScreen([[null, post[0], 1], [null, post[1], 0.5]], "");
      hanRun([[null, han[0], han[2]], [null, han[1], han[3]]]);
    }
    warmDrawing();
  }, 0);
  // So are the loops that draw a screen (snippets, marks, labels, the
  // results' elements, made and dropped): on a fresh page the first
  // screen drawn paid 15–25 ms more than the next ones for compiling them.
  function warmDrawing() {
    var words = "warm words run through every loop that draws a screen, once, in 稀土 and 关键矿产 too. ";
    var text = new Array(6).join(words), parts = parse("warm 关键 dr"), list = document.createElement("ol");
    word(status, "results", 2);
    for (var i = 0; i < 8; i++) {
      var r = { title: "Warm › words", url: "", anchor: "a", section: "Drawing", text: text, tr: text, note: "", lang: "", trLang: "" };
      var shown = shownText(r, parts);
      r.text = shown.text; r.label = shown.label; r.whole = i % 2 === 0;
      hasPhrase(text, parts);
      partsIn(text, parts);
      list.appendChild(item(kinds.length ? kinds[0][1] : 0, r, parts));
      phraseFirst([{ hit: 0, score: 1, r: r }, { hit: 1, score: 2, r: r }], parts);
    }
    best({ hits: Int32Array.from([1, 2, 3]), s: Float32Array.from([1, 3, 2]) }, 2);
  }
  var m = /[?&]q=([^&]*)/.exec(window.location.search);
  if (m) {
    try { input.value = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { input.value = ""; }
    render(input.value.trim());
  }
  input.focus();
})();
