/* factlib catalogue: full-text search over a lunr index built at site time, with filters.
   The index and the records are plain <script> files (no fetch), so the search works from file://.
   Results are built with textContent: nothing from a fact file is ever parsed as markup. */
(function () {
  "use strict";
  var PAGE = 50;
  var docs = window.FACTLIB_DOCS || [];  // a hit's ref is its record's position, in base 36
  var index = null, shown = PAGE, current = docs;
  var q = document.getElementById("q"), list = document.getElementById("results");
  var count = document.getElementById("count"), more = document.getElementById("more");
  var filters = { st: document.getElementById("f-status"), t: document.getElementById("f-tag"),
                  k: document.getElementById("f-kind"), p: document.getElementById("f-publisher") };

  function passes(d) {
    if (filters.st.value && d.st !== filters.st.value) { return false; }
    if (filters.p.value && d.p !== filters.p.value) { return false; }
    if (filters.t.value && d.t.indexOf(filters.t.value) < 0) { return false; }
    if (filters.k.value && d.k.indexOf(filters.k.value) < 0) { return false; }
    return true;
  }
  function terms(text) {
    return lunr.tokenizer(text).map(function (t) { return lunr.trimmer(t); })
      .filter(function (t) { return t.toString() && lunr.stopWordFilter(t); }).map(String);
  }
  function matches(text) {
    var words = terms(text);
    if (!words.length) { return docs; }
    if (!index) { return null; }
    var hits = index.query(function (query) {
      // every word must match; the last one may be half typed, so its stem is also a prefix
      // ("recruitment" -> "recruit*", "recr" -> "recr*"), stemmed here because the pipeline would not stem "word*"
      words.forEach(function (word, n) {
        var last = n === words.length - 1;
        query.term(lunr.stemmer(new lunr.Token(word)).toString(), {
          usePipeline: false, presence: lunr.Query.presence.REQUIRED,
          wildcard: last ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
      });
    });
    return hits.map(function (h) { return docs[parseInt(h.ref, 36)]; }).filter(Boolean);
  }
  function item(d) {
    var li = document.createElement("li"), a = document.createElement("a");
    li.className = "fact-item";
    a.href = d.u;
    a.textContent = d.s;
    var badge = document.createElement("span");
    badge.className = "badge status-" + d.st;
    badge.textContent = d.st;
    var meta = document.createElement("div");
    meta.className = "muted";
    meta.textContent = d.p + ", " + d.y + (d.f ? " · " + d.f : "");
    li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(badge); li.appendChild(meta);
    return li;
  }
  function render() {
    var found = matches(q.value);
    if (found === null) { count.textContent = "Loading the search index…"; return; }
    current = found.filter(passes);
    list.textContent = "";
    var frag = document.createDocumentFragment();
    current.slice(0, shown).forEach(function (d) { frag.appendChild(item(d)); });
    list.appendChild(frag);
    count.textContent = current.length === 1 ? "1 fact" : current.length + " facts";
    more.hidden = current.length <= shown;
  }
  function update() { shown = PAGE; render(); }
  function loadIndex() {
    var started = performance.now();
    var script = document.createElement("script");
    script.src = "search/index.js";
    script.onload = function () {
      index = lunr.Index.load(window.FACTLIB_INDEX);
      window.FACTLIB_INDEX = null;
      document.documentElement.setAttribute("data-index-ms", String(Math.round(performance.now() - started)));
      document.documentElement.setAttribute("data-search-ready", "true");
      render();
    };
    document.body.appendChild(script);
  }
  document.getElementById("search-form").addEventListener("submit", function (e) { e.preventDefault(); });
  q.addEventListener("input", update);
  Object.keys(filters).forEach(function (k) { filters[k].addEventListener("change", update); });
  more.addEventListener("click", function () { shown += PAGE; render(); });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { q.value = params.get("q"); }
  render();
  loadIndex();
})();
