(function () {
  'use strict';
  var table = document.getElementById('links-table');
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var listed = rows.slice();
  var controls = {
    status: document.getElementById('f-status'),
    host: document.getElementById('f-host'),
    site: document.getElementById('f-site'),
    age: document.getElementById('f-age'),
    text: document.getElementById('f-text')
  };
  var count = document.getElementById('links-count');
  var sortSelect = document.getElementById('f-sort');

  function matches(row) {
    var d = row.dataset;
    if (controls.status.value && d.status !== controls.status.value && d.state !== controls.status.value) { return false; }
    if (controls.host.value && d.host !== controls.host.value) { return false; }
    if (controls.site.value && (d.sites || '').split('/').indexOf(controls.site.value) < 0) { return false; }
    if (controls.age.value) {
      var range = controls.age.value.split('-');
      var age = Number(d.age);
      if (age < Number(range[0])) { return false; }
      if (range[1] !== '' && age >= Number(range[1])) { return false; }
    }
    var q = controls.text.value.trim().toLowerCase();
    if (q && row.textContent.toLowerCase().indexOf(q) < 0) { return false; }
    return true;
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    count.textContent = shown + ' of ' + rows.length + ' shown';
  }

  function value(row, index) {
    var cell = row.cells[index];
    var v = cell.getAttribute('data-sort');
    return v !== null ? v : cell.textContent.trim();
  }

  function sortBy(index, direction) {
    var numeric = rows.every(function (r) { var v = value(r, index); return v === '' || !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = value(a, index), y = value(b, index);
      var c = numeric ? (Number(x) - Number(y)) : x.localeCompare(y);
      return direction === 'descending' ? -c : c;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === index) { th.setAttribute('aria-sort', direction); } else { th.removeAttribute('aria-sort'); }
    });
    if (sortSelect) { sortSelect.value = index + ':' + direction; }
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      sortBy(i, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
    });
  });
  if (sortSelect) {
    sortSelect.addEventListener('change', function () {
      if (!sortSelect.value) {
        rows = listed.slice();
        rows.forEach(function (r) { tbody.appendChild(r); });
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute('aria-sort'); });
        return;
      }
      var p = sortSelect.value.split(':');
      sortBy(Number(p[0]), p[1]);
    });
  }
  Object.keys(controls).forEach(function (k) {
    controls[k].addEventListener(k === 'text' ? 'input' : 'change', apply);
  });
  apply();
}());
