(function () {
  'use strict';
  // The review table, page by page. The first page is in the document; the other pages are scripts
  // beside it (report-data/rows-0002.js...), each calling newskeeperRows(token, page, rows) with the
  // rows' HTML as the server rendered it. A page is loaded once, when it is shown or when a filter or a
  // sort needs every row; the token ties the pages to this document.
  var table = document.getElementById('links-table');
  var pager = document.getElementById('pager');
  if (!table || !pager) { return; }
  var tbody = table.tBodies[0];
  var PAGE = Number(pager.dataset.pageRows) || 200;
  var total = Number(pager.dataset.rows);
  var sizes = pager.dataset.pages.split(',').map(Number);
  var token = pager.dataset.token;
  var src = pager.dataset.src;
  var starts = [];
  var next = 0;
  sizes.forEach(function (n) { starts.push(next); next += n; });
  var rows = new Array(total);
  var loaded = sizes.map(function (n, i) { return i === 0; });
  var waiting = {};
  var view = null;
  var current = 1;
  var sorted = null;
  var failed = '';
  Array.prototype.forEach.call(tbody.rows, function (r, i) { r.nkIndex = i; rows[i] = r; });

  var controls = {
    status: document.getElementById('f-status'),
    role: document.getElementById('f-role'),
    host: document.getElementById('f-host'),
    site: document.getElementById('f-site'),
    age: document.getElementById('f-age'),
    text: document.getElementById('f-text')
  };
  var count = document.getElementById('links-count');
  var sortSelect = document.getElementById('f-sort');

  function pad(n) { var s = String(n); while (s.length < 4) { s = '0' + s; } return s; }

  window.newskeeperRows = function (t, n, html) {
    if (t !== token) {
      failed = 'This report was written again since it was opened: reload the page to see the new one.';
      return;
    }
    var tpl = document.createElement('template');
    tpl.innerHTML = html.join('');
    var trs = tpl.content.children;
    for (var i = 0; i < trs.length; i++) {
      trs[i].nkIndex = starts[n - 1] + i;
      rows[starts[n - 1] + i] = trs[i];
    }
    loaded[n - 1] = true;
  };

  function load(n, done) {
    if (loaded[n - 1]) { done(); return; }
    if (waiting[n]) { waiting[n].push(done); return; }
    waiting[n] = [done];
    var name = src + pad(n) + '.js';
    var script = document.createElement('script');
    function finish() {
      script.remove();
      if (!loaded[n - 1] && !failed) {
        failed = 'Could not read ' + name + ': the full list is in broken-links.csv and report.json.';
      }
      var callbacks = waiting[n];
      delete waiting[n];
      callbacks.forEach(function (f) { f(); });
    }
    script.addEventListener('load', finish);
    script.addEventListener('error', finish);
    script.src = name;
    document.head.appendChild(script);
  }

  function loadAll(done) {
    var missing = [];
    loaded.forEach(function (ok, i) { if (!ok) { missing.push(i + 1); } });
    if (!missing.length) { done(); return; }
    var left = missing.length;
    count.textContent = 'loading ' + left + ' pages of rows…';
    missing.forEach(function (n) {
      load(n, function () {
        left--;
        if (left === 0) { done(); } else { count.textContent = 'loading ' + left + ' pages of rows…'; }
      });
    });
  }

  function matches(row) {
    var d = row.dataset;
    if (controls.status.value && d.status !== controls.status.value && d.state !== controls.status.value) { return false; }
    if (controls.role && controls.role.value && (d.roles || '').split('/').indexOf(controls.role.value) < 0) { return false; }
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

  function filtering() {
    return Object.keys(controls).some(function (k) { return controls[k] && controls[k].value.trim() !== ''; });
  }

  function value(row, index) {
    var cell = row.cells[index];
    var v = cell.getAttribute('data-sort');
    return v !== null ? v : cell.textContent.trim();
  }

  function pageCount() {
    return view ? Math.max(1, Math.ceil(view.length / PAGE)) : sizes.length;
  }

  function render() {
    var list = view ? view.slice((current - 1) * PAGE, current * PAGE)
      : rows.slice(starts[current - 1], starts[current - 1] + sizes[current - 1]);
    var frag = document.createDocumentFragment();
    list.forEach(function (r) { r.hidden = false; frag.appendChild(r); });
    tbody.textContent = '';
    tbody.appendChild(frag);
    var pages = pageCount();
    count.textContent = (failed ? failed + ' ' : '') + (view ? view.length : total) + ' of ' + total + ' shown'
      + (pages > 1 ? ' · page ' + current + ' of ' + pages : '');
    drawPager(pages);
  }

  function button(label, page, disabled, isCurrent) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.page = String(page);
    b.disabled = disabled;
    if (isCurrent) { b.setAttribute('aria-current', 'page'); }
    return b;
  }

  // the pager above the table and the one below it
  var pagers = Array.prototype.slice.call(document.querySelectorAll('nav.pager'));

  function drawPager(pages) {
    pagers.forEach(function (nav) { drawInto(nav, pages); });
  }

  function drawInto(pager, pages) {
    pager.textContent = '';
    pager.hidden = pages < 2;
    if (pages < 2) { return; }
    pager.appendChild(button('‹ previous', current - 1, current === 1, false));
    var shown = [];
    for (var p = 1; p <= pages; p++) {
      if (p === 1 || p === pages || Math.abs(p - current) <= 2) { shown.push(p); }
    }
    shown.forEach(function (p, i) {
      if (i > 0 && p - shown[i - 1] > 1) {
        var gap = document.createElement('span');
        gap.textContent = '…';
        pager.appendChild(gap);
      }
      pager.appendChild(button(String(p), p, false, p === current));
    });
    pager.appendChild(button('next ›', current + 1, current === pages, false));
  }

  function goTo(page) {
    if (page < 1 || page > pageCount()) { return; }
    if (view) { current = page; render(); return; }
    count.textContent = 'loading page ' + page + '…';
    load(page, function () {
      if (view || !loaded[page - 1]) { render(); return; }
      current = page;
      render();
      table.scrollIntoView({ block: 'start' });
    });
  }

  // the rows every control selects, in the order the sort asks for; every page is loaded first
  function update() {
    if (!filtering() && !sorted) { view = null; current = 1; render(); return; }
    loadAll(function () {
      var all = rows.filter(function (r) { return r; });
      var list = all.filter(matches);
      if (sorted) {
        var index = sorted.index;
        var numeric = list.every(function (r) { var v = value(r, index); return v === '' || !isNaN(Number(v)); });
        list.sort(function (a, b) {
          var x = value(a, index), y = value(b, index);
          var c = numeric ? (Number(x) - Number(y)) : x.localeCompare(y);
          c = sorted.direction === 'descending' ? -c : c;
          return c || a.nkIndex - b.nkIndex;
        });
      }
      view = list;
      current = 1;
      render();
    });
  }

  function sortBy(index, direction) {
    sorted = index === null ? null : { index: index, direction: direction };
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === index) { th.setAttribute('aria-sort', direction); } else { th.removeAttribute('aria-sort'); }
    });
    if (sortSelect) { sortSelect.value = index === null ? '' : index + ':' + direction; }
    update();
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var b = th.querySelector('button');
    if (!b) { return; }
    b.addEventListener('click', function () {
      sortBy(i, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
    });
  });
  if (sortSelect) {
    sortSelect.addEventListener('change', function () {
      if (!sortSelect.value) { sortBy(null); return; }
      var p = sortSelect.value.split(':');
      sortBy(Number(p[0]), p[1]);
    });
  }
  pagers.forEach(function (nav) {
    nav.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (b && !b.disabled) { goTo(Number(b.dataset.page)); }
    });
  });
  Object.keys(controls).forEach(function (k) {
    if (controls[k]) { controls[k].addEventListener(k === 'text' ? 'input' : 'change', update); }
  });
  render();
}());
