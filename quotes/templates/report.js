(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }

  function setupLedger() {
    var table = $("ledger");
    if (!table) { return; }
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var filter = $("ledger-filter"), type = $("ledger-type"), info = $("ledger-page");
    var prev = $("ledger-prev"), next = $("ledger-next");
    var size = parseInt(table.getAttribute("data-page-size"), 10) || 50;
    var page = 0, sortCol = -1, sortDir = 1;

    function apply() {
      var q = filter.value.trim().toLowerCase(), t = type.value;
      var matched = rows.filter(function (r) {
        return (!t || r.getAttribute("data-type") === t) &&
          (!q || r.getAttribute("data-search").indexOf(q) >= 0);
      });
      var pages = Math.max(1, Math.ceil(matched.length / size));
      if (page >= pages) { page = pages - 1; }
      rows.forEach(function (r) { r.hidden = true; });
      matched.slice(page * size, (page + 1) * size).forEach(function (r) { r.hidden = false; });
      info.textContent = matched.length ? (page * size + 1) + "–" + Math.min(matched.length, (page + 1) * size) +
        " of " + matched.length + " speakers" : "no matching speakers";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }

    function value(row, i) {
      var cell = row.cells[i];
      return cell.hasAttribute("data-v") ? parseFloat(cell.getAttribute("data-v")) : cell.textContent.trim();
    }

    function sortBy(i) {
      var numeric = heads[i].hasAttribute("data-num");
      sortDir = sortCol === i ? -sortDir : (numeric ? -1 : 1);
      sortCol = i;
      rows.sort(function (a, b) {
        var x = value(a, i), y = value(b, i);
        return (numeric ? x - y : String(x).localeCompare(String(y))) * sortDir;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
      heads.forEach(function (h, j) {
        if (j === i) { h.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending"); }
        else { h.removeAttribute("aria-sort"); }
      });
      page = 0;
      apply();
    }

    heads.forEach(function (h, i) { h.querySelector("button").addEventListener("click", function () { sortBy(i); }); });
    filter.addEventListener("input", function () { page = 0; apply(); });
    type.addEventListener("change", function () { page = 0; apply(); });
    prev.addEventListener("click", function () { page -= 1; apply(); });
    next.addEventListener("click", function () { page += 1; apply(); });
    apply();
  }

  function setupChart() {
    var buttons = document.querySelectorAll("#chart-speakers button[data-view]");
    var views = document.querySelectorAll("#chart-speakers .chart-view");
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener("click", function () {
        var v = b.getAttribute("data-view");
        Array.prototype.forEach.call(views, function (el) { el.hidden = el.getAttribute("data-view") !== v; });
        Array.prototype.forEach.call(buttons, function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      });
    });
  }

  function setupSpeakers() {
    var sections = Array.prototype.slice.call(document.querySelectorAll("details.speaker"));
    var filter = $("speaker-filter");
    if (filter) {
      filter.addEventListener("input", function () {
        var q = filter.value.trim().toLowerCase();
        sections.forEach(function (d) {
          d.hidden = !!q && d.getAttribute("data-speaker").toLowerCase().indexOf(q) < 0;
        });
      });
    }
    var kind = $("kind-filter");
    if (kind) {
      kind.addEventListener("change", function () {
        var k = kind.value;
        Array.prototype.forEach.call(document.querySelectorAll("li.quote"), function (li) {
          li.hidden = !!k && li.getAttribute("data-kind") !== k;
        });
      });
    }
    function setAll(open) { sections.forEach(function (d) { if (!d.hidden) { d.open = open; } }); }
    if ($("expand-all")) { $("expand-all").addEventListener("click", function () { setAll(true); }); }
    if ($("collapse-all")) { $("collapse-all").addEventListener("click", function () { setAll(false); }); }
    function openTarget() {
      var el = location.hash.length > 1 ? $(location.hash.slice(1)) : null;
      if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView(); }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }

  setupLedger();
  setupChart();
  setupSpeakers();
  document.documentElement.setAttribute("data-ready", "1");
}());
