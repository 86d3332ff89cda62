// Sortable summary tables: a button in each header, no library, no requests.
// Without JavaScript the table is still complete, in the plan's order.
// Also the one thing Material's bundle did that these pages need (the bundle is not
// loaded, see overrides/main.html): a code block that scrolls sideways is reachable with
// the keyboard. One file, so a page makes one request fewer.
(function () {
  "use strict";
  function key(cell) {
    return (cell.textContent || "").trim();
  }
  function sortBy(table, index, th) {
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
    rows.sort(function (a, b) {
      var result = collator.compare(key(a.cells[index]), key(b.cells[index]));
      return ascending ? result : -result;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { tbody.appendChild(row); });
  }
  function focusableCode() {
    document.querySelectorAll("pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth && !code.hasAttribute("tabindex")) {
        code.setAttribute("tabindex", "0");
      }
    });
  }
  // An area too long for one page (generator/derive/budget.py) is split into parts; a link made
  // before the split ("linh-vuc/ii/#II.1.3.b") lands on the overview, which says where
  // each task went: follow it.
  function followMoved() {
    var moved = document.getElementById("cc-moved");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!moved || !id || document.getElementById(id)) return;
    var where = JSON.parse(moved.getAttribute("data-moved") || "{}");
    if (Object.prototype.hasOwnProperty.call(where, id)) {
      location.replace(where[id] + "#" + encodeURIComponent(id));
    }
  }
  function setup() {
    followMoved();
    focusableCode();
    document.querySelectorAll(".cc-sortable table").forEach(function (table) {
      if (!table.tHead || table.dataset.ccSortable) return;
      table.dataset.ccSortable = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = th.textContent;
        button.title = "Sắp xếp theo cột này";
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th); });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
