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
      headers.forEach(function (h) {
        h.classList.remove('sorted-asc', 'sorted-desc');
        h.setAttribute('aria-sort', 'none');
      });
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
        var x = key(a),
          y = key(b);
        if (numeric) {
          if (isNaN(x) && isNaN(y)) return 0;
          if (isNaN(x)) return 1;
          if (isNaN(y)) return -1;
          return asc ? x - y : y - x;
        }
        return asc ? String(x).localeCompare(String(y)) : String(y).localeCompare(String(x));
      });
      rows.forEach(function (r) {
        body.appendChild(r);
      });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sort();
      }
    });
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
// Systemic-failure gallery: pages of data-page-size items; filters by true class, by a wrong
// answer, to unanimous wrong answers, and with near-chance models left out (precomputed
// variants: data-*-kept). Thumbnails of hidden pages keep their data URL in data-src until shown.
document.querySelectorAll('[data-gallery]').forEach(function (block) {
  var items = Array.prototype.slice.call(block.querySelectorAll('[data-item]'));
  if (!items.length) return;
  var size = Number(block.getAttribute('data-page-size')) || 48;
  var q = function (s) {
    return block.querySelector(s);
  };
  var trueSel = q('.g-true'),
    wrongSel = q('.g-wrong'),
    unanimous = q('.g-unanimous'),
    chance = q('.g-chance');
  var count = q('.g-count'),
    prev = q('.g-prev'),
    next = q('.g-next');
  var page = 0;
  function matches(el) {
    var kept = !!(chance && chance.checked);
    if (!kept && el.getAttribute('data-all') !== '1') return false;
    if (trueSel.value && el.getAttribute('data-true') !== trueSel.value) return false;
    var wrong = ' ' + el.getAttribute(kept ? 'data-wrong-kept' : 'data-wrong') + ' ';
    if (wrongSel.value && wrong.indexOf(' ' + wrongSel.value + ' ') < 0) return false;
    if (unanimous.checked && el.getAttribute(kept ? 'data-unanimous-kept' : 'data-unanimous') !== '1') return false;
    return true;
  }
  function render() {
    var kept = !!(chance && chance.checked);
    block.classList.toggle('kept', kept);
    var hits = items.filter(matches);
    var pages = Math.max(1, Math.ceil(hits.length / size));
    if (page >= pages) page = pages - 1;
    items.forEach(function (el) {
      el.hidden = true;
    });
    hits.slice(page * size, (page + 1) * size).forEach(function (el) {
      el.hidden = false;
      var img = el.querySelector('img[data-src]');
      if (img) {
        img.src = img.getAttribute('data-src');
        img.removeAttribute('data-src');
      }
    });
    var from = hits.length ? page * size + 1 : 0,
      to = Math.min(hits.length, (page + 1) * size);
    count.textContent = hits.length ? 'showing ' + from + '–' + to + ' of ' + hits.length : 'no example matches';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  [trueSel, wrongSel, unanimous, chance].forEach(function (c) {
    if (c)
      c.addEventListener('change', function () {
        page = 0;
        render();
      });
  });
  prev.addEventListener('click', function () {
    page--;
    render();
  });
  next.addEventListener('click', function () {
    page++;
    render();
  });
  render();
});
