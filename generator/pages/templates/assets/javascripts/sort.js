// Sortable summary tables: a button in each header, no library, no requests.
// Without JavaScript the table is still complete, in the plan's order.
// Also what Material's bundle did that these pages need (the bundle is not loaded, see
// overrides/main.html): a code block that scrolls sideways is reachable with the
// keyboard, and the menu drawer opens from a real button. One file, so a page makes one
// request fewer.
(function () {
  "use strict";
  function key(cell) {
    return (cell.textContent || "").trim();
  }
  // A cell may carry the generator's own sort key (data-sort: dates as YYYY-MM-DD, see
  // deadline_sort_key in generator/pages/markup.py), compared as plain strings.
  function compare(collator, a, b) {
    var ka = a.getAttribute("data-sort"), kb = b.getAttribute("data-sort");
    if (ka !== null && kb !== null) return ka < kb ? -1 : ka > kb ? 1 : 0;
    return collator.compare(key(a), key(b));
  }
  function sortBy(table, index, th) {
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });
    rows.sort(function (a, b) {
      var result = compare(collator, a.cells[index], b.cells[index]);
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
  // The drawer (the site's pages, on phones and zoomed-in screens) opens from a button
  // instead of Material's <label> (overrides/partials/header.html): reachable by Tab,
  // announced as expanded or not, closed by Escape or by leaving it with Tab.
  function menu() {
    var drawer = document.getElementById("__drawer");
    var button = document.querySelector(".cc-menu-toggle");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!drawer || !button || !sidebar) return;
    var label = document.querySelector('.md-header label[for="__drawer"]');
    if (label) label.hidden = true;
    button.hidden = false;
    sidebar.id = sidebar.id || "cc-drawer";
    button.setAttribute("aria-controls", sidebar.id);
    function sync() {
      button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
    }
    function close() {
      drawer.checked = false;
      sync();
    }
    button.addEventListener("click", function () {
      drawer.checked = !drawer.checked;
      sync();
      if (drawer.checked) {
        // The first page link (the drawer is visible at once: access.css delays only hiding).
        var first = sidebar.querySelector(".md-nav__link[href]") || sidebar.querySelector("a[href]");
        if (first) first.focus();
      }
    });
    drawer.addEventListener("change", sync);  // the overlay's label closes it
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        close();
        button.focus();
      }
    });
    document.addEventListener("focusin", function (event) {
      if (drawer.checked && !sidebar.contains(event.target) && event.target !== button) close();
    });
    sync();
  }
  function setup() {
    menu();
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
