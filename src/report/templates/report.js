// Sortable tables: click a header to sort by its column (numbers by data-value, empty last).
// The first click sorts in the column's "better first" direction (data-dir), the next reverses.
document.querySelectorAll('table.sortable').forEach(function (table) {
  var headers = table.querySelectorAll('thead th');
  headers.forEach(function (th, col) {
    th.setAttribute('tabindex', '0');
    th.setAttribute('aria-sort', 'none');
    function sort() {
      var numeric = th.dataset.sort === 'num';
      var first = th.dataset.dir || 'asc';
      var asc = th.classList.contains('sorted-asc') ? false : th.classList.contains('sorted-desc') ? true : first === 'asc';
      headers.forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); h.setAttribute('aria-sort', 'none'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      function key(r) {
        var c = r.cells[col];
        var raw = c.hasAttribute('data-value') ? c.getAttribute('data-value') : c.textContent.trim();
        return numeric ? (raw === '' ? NaN : parseFloat(raw)) : raw;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (numeric) {
          if (isNaN(x) && isNaN(y)) return 0;
          if (isNaN(x)) return 1;
          if (isNaN(y)) return -1;
          return asc ? x - y : y - x;
        }
        return asc ? String(x).localeCompare(String(y)) : String(y).localeCompare(String(x));
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
});
// Opening a cell's details from a link (#c-<cell>) expands it.
function openTarget() {
  var id = decodeURIComponent(location.hash.slice(1));
  var el = id && document.getElementById(id);
  if (el && el.tagName === 'DETAILS') el.open = true;
}
window.addEventListener('hashchange', openTarget);
openTarget();
