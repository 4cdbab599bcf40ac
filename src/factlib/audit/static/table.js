/* factlib: sortable, filterable tables. No network, no dependencies; values are read from the page as text. */
(function () {
  "use strict";
  function value(row, index, type) {
    var cell = row.cells[index];
    var raw = cell ? (cell.getAttribute("data-value") !== null ? cell.getAttribute("data-value") : cell.textContent) : "";
    raw = raw.trim();
    if (type === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLowerCase();
  }
  function sort(table, th) {
    var index = th.cellIndex, type = th.getAttribute("data-type") || "text";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, type), y = value(b, index, type);
      return x < y ? -dir : x > y ? dir : 0;
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
  }
  function filter(table) {
    var controls = document.querySelectorAll('[data-filter-for="' + table.id + '"]');
    var text = "", columns = [];
    Array.prototype.forEach.call(controls, function (c) {
      if (c.getAttribute("data-column") === null) { text = c.value.trim().toLowerCase(); }
      else if (c.value) { columns.push([parseInt(c.getAttribute("data-column"), 10), c.value.toLowerCase()]); }
    });
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var ok = !text || row.textContent.toLowerCase().indexOf(text) >= 0;
      columns.forEach(function (pair) { ok = ok && value(row, pair[0], "text") === pair[1]; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var count = document.querySelector('[data-count-for="' + table.id + '"]');
    if (count) { count.textContent = shown + " of " + table.tBodies[0].rows.length; }
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var button = th.querySelector("button");
      if (button) { button.addEventListener("click", function () { sort(table, th); }); }
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-filter-for="' + table.id + '"]'), function (c) {
      c.addEventListener("input", function () { filter(table); });
      c.addEventListener("change", function () { filter(table); });
    });
  });
})();
