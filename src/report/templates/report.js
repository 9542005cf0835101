// Sortable tables: click a header to sort by its column; numbers sort by data-value.
document.querySelectorAll('table.sortable').forEach(function (table) {
  var headers = table.querySelectorAll('thead th');
  headers.forEach(function (th, col) {
    th.addEventListener('click', function () {
      var numeric = th.dataset.sort === 'num';
      var asc = !th.classList.contains('sorted-asc');
      headers.forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      var body = table.tBodies[0];
      var rows = Array.prototype.filter.call(body.rows, function (r) { return !r.classList.contains('note'); });
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col];
        var vx = numeric ? parseFloat(x.dataset.value) : x.textContent.trim();
        var vy = numeric ? parseFloat(y.dataset.value) : y.textContent.trim();
        if (numeric) { if (isNaN(vx)) return 1; if (isNaN(vy)) return -1; return asc ? vx - vy : vy - vx; }
        return asc ? String(vx).localeCompare(vy) : String(vy).localeCompare(vx);
      });
      rows.forEach(function (r) {
        var note = r.nextElementSibling && r.nextElementSibling.classList.contains('note') ? r.nextElementSibling : null;
        body.appendChild(r); if (note) body.appendChild(note);
      });
    });
  });
});
