/* journeybook search. The index (search-index.js, written by journeybook) is a script,
   loaded on first use with <script src>, so search works from disk (file://) and offline,
   where fetching a JSON file is refused. Each entry: [kind, title, url, context, text].
   Every word typed must occur in an entry (accents and case ignored); titles weigh most.
   Keys: arrow down/up move through the results, Enter opens the first, Escape closes. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input");
  var panel = form.querySelector(".search-panel");
  var status = form.querySelector(".search-status");
  var list = form.querySelector(".search-results");
  var data = form.dataset;
  var MAX = 20;
  var LETTER = /[0-9a-z\u00c0-\u024f]/;
  var docs = null, folded = null, loading = false, afterLoad = null;
  form.hidden = false;

  /* Lower case without accents, keeping every position so snippets can be cut from the
     original text at the place found in the folded one. */
  function fold(text) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) lower = text;
    return lower.replace(/[^\x00-\x7f]/g, function (c) {
      var base = c.normalize("NFD").charAt(0);
      return base.length === 1 && base !== c ? base : c;
    });
  }

  function load(then) {
    afterLoad = then;
    if (docs || loading) { if (docs) then(); return; }
    loading = true;
    var script = document.createElement("script");
    script.src = data.index;
    script.onload = function () {
      docs = window.journeybookSearch || [];
      folded = docs.map(function (d) { return [fold(d[1]), fold(d[3]), fold(d[4])]; });
      if (afterLoad) afterLoad();
    };
    script.onerror = function () { show(); status.textContent = data.failed; };
    document.head.appendChild(script);
  }

  function terms(query) {
    return fold(query).split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function wordStart(text, at) { return at === 0 || !LETTER.test(text.charAt(at - 1)); }

  /* Where `w` occurs in `text` from `from` on, or -1: anywhere for a word of three letters
     or more (Dutch compounds: "etiket" finds "bieretiketten"), at a word's start for a
     shorter one ("te" does not find "bestellen"). */
  function find(text, w, from) {
    for (var at = text.indexOf(w, from || 0); at >= 0; at = text.indexOf(w, at + 1)) {
      if (w.length > 2 || wordStart(text, at)) return at;
    }
    return -1;
  }

  function score(f, words, phrase) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      var inTitle = find(f[0], w);
      if (inTitle >= 0) s += wordStart(f[0], inTitle) ? 12 : 8;
      if (find(f[1], w) >= 0) s += 3;
      if (find(f[2], w) >= 0) s += 1;
      if (s === 0) return 0;
      total += s;
    }
    if (words.length > 1 && f[2].indexOf(phrase) >= 0) total += 6;
    return total;
  }

  /* About 150 characters of `text` around the first place a word (or the phrase) occurs. */
  function snippet(text, ftext, words, phrase) {
    var at = ftext.indexOf(phrase);
    for (var i = 0; at < 0 && i < words.length; i++) at = find(ftext, words[i]);
    if (at < 0) at = 0;
    var start = Math.max(0, at - 50), end = Math.min(text.length, at + 110);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
    if (end < text.length) { var ep = text.lastIndexOf(" ", end); if (ep > at) end = ep; }
    return { text: text.slice(start, end), from: start, before: start > 0, after: end < text.length };
  }

  /* Appends `text` to `el` with every word found marked. */
  function marked(el, text, words) {
    var f = fold(text), marks = [];
    words.forEach(function (w) {
      for (var i = find(f, w); i >= 0; i = find(f, w, i + w.length)) marks.push([i, i + w.length]);
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      el.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      pos = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  function show() { panel.hidden = false; }
  function hide() { panel.hidden = true; }

  function run() {
    var query = input.value.trim();
    list.textContent = "";
    if (!query) { hide(); status.textContent = ""; return; }
    var words = terms(query), phrase = words.join(" ");
    var found = [];
    for (var i = 0; i < docs.length; i++) {
      var s = score(folded[i], words, phrase);
      if (s > 0) found.push([s, i]);
    }
    found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    show();
    status.textContent = found.length === 0 ? data.none
      : found.length === 1 ? data.one : data.many.replace("{n}", found.length);
    found.slice(0, MAX).forEach(function (hit) {
      var d = docs[hit[1]], f = folded[hit[1]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = data.root + d[2];
      var head = document.createElement("span");
      head.className = "search-head";
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = data["kind" + d[0].charAt(0).toUpperCase() + d[0].slice(1)] || d[0];
      var title = document.createElement("span");
      title.className = "search-title";
      marked(title, d[1], words);
      head.appendChild(kind);
      head.appendChild(title);
      if (d[3]) {
        var context = document.createElement("span");
        context.className = "search-context";
        context.textContent = d[3];
        head.appendChild(context);
      }
      a.appendChild(head);
      if (d[4]) {
        var cut = snippet(d[4], f[2], words, phrase);
        var text = document.createElement("span");
        text.className = "search-snippet";
        marked(text, (cut.before ? "… " : "") + cut.text + (cut.after ? " …" : ""), words);
        a.appendChild(text);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", function () { load(function () { if (input.value.trim()) run(); }); });
  input.addEventListener("input", function () { load(run); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("keydown", function (e) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && all.length) {
      e.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    } else if (e.key === "Escape") {
      hide();
      input.focus();
    }
  });
  /* Clicking or tabbing out of the search closes its results. */
  document.addEventListener("click", function (e) { if (!form.contains(e.target)) hide(); });
  form.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !form.contains(e.relatedTarget)) hide();
  });
  list.addEventListener("click", function (e) { if (e.target.closest("a")) hide(); });
})();
