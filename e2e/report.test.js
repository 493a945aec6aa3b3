// Opens report.html from file:// in Debian's chromium (through playwright-core, no browser download)
// and checks it: no console errors, no network, filters and sort work, hostile corpus text stays
// text. Saves screenshots at desktop and phone widths.
//
// A paged report (the table's other pages in report-data/rows-NNNN.js, as a 64,000-article night
// writes it) is checked for what paging must do instead: the verdict, the cards and the first page
// show within FIRST_PAGE_BUDGET_MS (default 10,000: CI is a shared 2-core machine; the target is 2 s),
// page 2 shows the next rows, a filter and a search load the other pages and find rows on any page,
// and no data page is read twice.
//
// usage: node e2e/report.test.js REPORT_HTML SCREENSHOT_DIR [NAME]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const HOSTILE = '<script>alert(1)</script>';

function fail(message) {
  throw new Error(message);
}

async function visibleRows(page) {
  return page.$$eval('#links-table tbody tr', rows => rows.filter(r => !r.hidden).map(r => ({
    status: r.dataset.status, state: r.dataset.state, host: r.dataset.host, sites: (r.dataset.sites || '').split('/'),
    roles: (r.dataset.roles || '').split('/'),
    age: Number(r.dataset.age), failures: Number(r.cells[7].textContent.trim()),
    shown: r.getBoundingClientRect().height > 0
  })));
}

async function options(page, id) {
  return page.$$eval(`#${id} option`, os => os.map(o => o.value).filter(v => v !== ''));
}

async function checkFilters(page, problems) {
  const all = await visibleRows(page);
  if (all.length === 0) fail('the links table has no rows');
  if (!all.every(r => r.shown)) fail('some table rows are not rendered');
  // a row has one host and status, and the sites of all its citing articles: it matches any of them
  const has = (r, key, value) => key === 'sites' || key === 'roles' ? r[key].includes(value) : r[key] === value;
  for (const [id, key] of [['f-status', 'status'], ['f-role', 'roles'], ['f-host', 'host'], ['f-site', 'sites']]) {
    for (const value of await options(page, id)) {
      await page.selectOption(`#${id}`, value);
      const rows = await visibleRows(page);
      const expected = all.filter(r => has(r, key, value) || (id === 'f-status' && r.state === value)).length;
      if (rows.length !== expected) fail(`${id}=${value}: ${rows.length} rows shown, ${expected} expected`);
      if (!rows.every(r => has(r, key, value) || (id === 'f-status' && r.state === value))) fail(`${id}=${value} shows other rows`);
      const count = await page.textContent('#links-count');
      if (!count.startsWith(`${rows.length} of ${all.length}`)) fail(`count says "${count}" for ${id}=${value}`);
    }
    await page.selectOption(`#${id}`, '');
  }
  for (const value of await options(page, 'f-age')) {
    await page.selectOption('#f-age', value);
    const [lo, hi] = value.split('-');
    const rows = await visibleRows(page);
    const expected = all.filter(r => r.age >= Number(lo) && (hi === '' || r.age < Number(hi))).length;
    if (rows.length !== expected) fail(`f-age=${value}: ${rows.length} rows shown, ${expected} expected`);
  }
  await page.selectOption('#f-age', '');
  await page.fill('#f-text', 'no-such-text-anywhere');
  if ((await visibleRows(page)).length !== 0) fail('the search box does not filter');
  await page.fill('#f-text', '');
  if ((await visibleRows(page)).length !== all.length) fail('clearing the filters does not bring every row back');
  problems.filters = all.length;
}

async function checkSort(page) {
  const listedOrder = await page.$$eval('#links-table tbody tr', rows => rows.map(r => r.cells[2].textContent + r.cells[3].textContent).join('|'));
  const failuresHeader = page.locator('#links-table thead th', { hasText: 'Failures' }).locator('button');
  await failuresHeader.click();
  let f = (await visibleRows(page)).map(r => r.failures);
  if (!f.every((v, i) => i === 0 || f[i - 1] <= v)) fail(`ascending sort by failures gives ${f}`);
  await failuresHeader.click();
  f = (await visibleRows(page)).map(r => r.failures);
  if (!f.every((v, i) => i === 0 || f[i - 1] >= v)) fail(`descending sort by failures gives ${f}`);
  const sortState = await page.getAttribute('#links-table thead th:nth-child(8)', 'aria-sort');
  if (sortState !== 'descending') fail(`aria-sort is ${sortState}`);
  await page.selectOption('#f-sort', '9:ascending');
  const ages = (await visibleRows(page)).map(r => r.age);
  if (!ages.every((v, i) => i === 0 || ages[i - 1] <= v)) fail(`sort select by age gives ${ages}`);
  await page.selectOption('#f-sort', '');
  const order = await page.$$eval('#links-table tbody tr', rows => rows.map(r => r.cells[2].textContent + r.cells[3].textContent).join('|'));
  if (order !== listedOrder) fail('"as listed" does not bring back the order the report listed');
  if ((await page.inputValue('#f-sort')) !== '') fail('the sort menu does not show "as listed"');
}

const FIRST_PAGE_BUDGET_MS = Number(process.env.FIRST_PAGE_BUDGET_MS || 10000);

// the rows to review, in review order, from report.json beside the report
function reviewRows(file) {
  const json = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'report.json'), 'utf8'));
  return json.links.filter(l => l.needs_review);
}

async function shownUrls(page) {
  return page.$$eval('#links-table tbody > tr', rows => rows.map(r => r.querySelector('td.url a') ? r.querySelector('td.url a').href : r.cells[2].textContent));
}

async function settled(page) {
  await page.waitForFunction(() => !document.getElementById('links-count').textContent.startsWith('loading'), null, { timeout: 60000 });
}

async function checkPaged(page, file, sizes, firstPageMs, dataRequests, problems) {
  const review = reviewRows(file);
  const total = review.length;
  if (firstPageMs > FIRST_PAGE_BUDGET_MS) fail(`the first page took ${firstPageMs} ms (budget ${FIRST_PAGE_BUDGET_MS} ms)`);
  const first = await shownUrls(page);
  if (first.length !== sizes[0]) fail(`the first page shows ${first.length} rows, ${sizes[0]} expected`);
  const want = review.slice(0, sizes[0]).map(l => new URL(l.url).href);
  if (first.join('\n') !== want.join('\n')) fail('the first page is not the first rows of report.json in review order');
  if (!(await page.locator('.verdict').isVisible()) || await page.locator('#summary .card').count() < 5) fail('no verdict or cards');
  let count = await page.textContent('#links-count');
  if (!count.startsWith(`${total} of ${total} shown · page 1 of ${sizes.length}`)) fail(`count says "${count}"`);
  if (dataRequests().length !== 0) fail(`data pages read before they were asked for: ${dataRequests().join(' ')}`);

  await page.locator('nav.pager').first().getByRole('button', { name: '2', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('links-count').textContent.includes('page 2 of'));
  const second = await shownUrls(page);
  const want2 = review.slice(sizes[0], sizes[0] + sizes[1]).map(l => new URL(l.url).href);
  if (second.join('\n') !== want2.join('\n')) fail('page 2 does not show the next rows in review order');
  await page.locator('nav.pager').first().locator('button', { hasText: 'previous' }).click();
  await page.waitForFunction(() => document.getElementById('links-count').textContent.includes('page 1 of'));
  if ((await shownUrls(page)).join('\n') !== first.join('\n')) fail('back on page 1, other rows are shown');
  await page.locator('nav.pager').last().locator('button', { hasText: 'next' }).click();
  await page.waitForFunction(() => document.getElementById('links-count').textContent.includes('page 2 of'));
  if (dataRequests().length !== 1) fail(`page 2 was read ${dataRequests().length} times: ${dataRequests().join(' ')}`);

  // a filter needs every row: the other pages are read, once each
  const t0 = Date.now();
  await page.selectOption('#f-status', 'blocked');
  await settled(page);
  const filterMs = Date.now() - t0;
  const blocked = review.filter(l => l.status === 'blocked' || l.state === 'blocked');
  count = await page.textContent('#links-count');
  if (!count.startsWith(`${blocked.length} of ${total} shown`)) fail(`filter blocked: count says "${count}", ${blocked.length} expected`);
  const states = await page.$$eval('#links-table tbody > tr', rows => rows.map(r => r.dataset.status + '/' + r.dataset.state));
  if (states.length !== Math.min(200, blocked.length) || !states.every(x => x.includes('blocked'))) fail(`filter blocked shows ${states.length} rows: ${states.slice(0, 5)}`);
  const reads = dataRequests();
  if (reads.length !== sizes.length - 1 || new Set(reads).size !== reads.length) fail(`data pages read: ${reads.length} for ${sizes.length - 1} pages`);
  await page.selectOption('#f-status', '');
  await settled(page);

  // a search finds a row of the last page, and a role filter the rows citing in that role
  const last = review[review.length - 1];
  await page.fill('#f-text', last.display);
  await settled(page);
  const found = await shownUrls(page);
  if (found.length < 1 || !found.includes(new URL(last.url).href)) fail(`searching "${last.display}" shows ${found.length} rows, not the last row`);
  await page.fill('#f-text', '');
  await page.selectOption('#f-role', 'image');
  await settled(page);
  const withImage = review.filter(l => l.roles.includes('image')).length;
  count = await page.textContent('#links-count');
  if (!count.startsWith(`${withImage} of ${total} shown`)) fail(`filter role image: count says "${count}", ${withImage} expected`);
  await page.selectOption('#f-role', '');
  await settled(page);
  if (dataRequests().length !== sizes.length - 1) fail('a data page was read twice');
  problems.paged = { total, pages: sizes.length, firstPageMs, filterMs };
}

// a reader who opened a report and pages on after it was written again (a data page of another
// report.html beside it) is told to reload, and shown no row of the other report
async function checkRewritten(context, file, sizes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newskeeper-rewritten-'));
  try {
    fs.copyFileSync(file, path.join(dir, 'report.html'));
    fs.cpSync(path.join(path.dirname(file), 'report-data'), path.join(dir, 'report-data'), { recursive: true });
    const page = await context.newPage();
    await page.goto('file://' + path.join(dir, 'report.html'), { waitUntil: 'load' });
    const first = await shownUrls(page);
    const third = path.join(dir, 'report-data', 'rows-0003.js');
    fs.writeFileSync(third, fs.readFileSync(third, 'utf8').replace(/^newskeeperRows\("[^"]*"/, 'newskeeperRows("another-report"'));
    await page.locator('nav.pager').first().getByRole('button', { name: '3', exact: true }).click();
    await page.waitForFunction(() => document.getElementById('links-count').textContent.includes('reload'));
    if ((await shownUrls(page)).join('\n') !== first.join('\n')) fail('a data page of another report was shown');
    await page.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const [report, shots, name = 'report'] = process.argv.slice(2);
  if (!report || !shots) fail('usage: node report.test.js REPORT_HTML SCREENSHOT_DIR');
  const file = path.resolve(report);
  if (!fs.existsSync(file)) fail(`${file}: no such report`);
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'newskeeper-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 900 }
  });
  const errors = [];
  const dialogs = [];
  const requests = [];
  const problems = {};
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', e => errors.push(`page error: ${e.message}`));
    page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    const data = [];
    context.on('request', r => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
      if (/\/report-data\/rows-[0-9]+\.js$/.test(r.url())) data.push(r.url());
    });
    const t0 = Date.now();
    await page.goto('file://' + file, { waitUntil: 'load' });
    await page.waitForSelector('#links-table tbody > tr');
    const firstPageMs = Date.now() - t0;
    const sizes = (await page.getAttribute('#pager', 'data-pages')).split(',').map(Number);
    if (sizes.length > 1) {
      await checkPaged(page, file, sizes, firstPageMs, () => data.slice(), problems);
      if (sizes.length > 2) await checkRewritten(context, file, sizes);
      await page.screenshot({ path: path.join(shots, `${name}-desktop.png`) });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload({ waitUntil: 'load' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 2) fail(`the phone layout scrolls sideways by ${overflow}px`);
      await page.screenshot({ path: path.join(shots, `${name}-phone-top.png`) });
      if (dialogs.length) fail(`dialogs opened: ${dialogs.join(' | ')}`);
      if (errors.length) fail(errors.join('\n'));
      if (requests.length) fail(`the report made network requests: ${requests.join(' ')}`);
      const p = problems.paged;
      console.log(`${name}.html ok (paged): ${p.total} rows in ${p.pages} pages, first page shown in ${p.firstPageMs} ms, `
        + `page 2 and back, a filter over every page in ${p.filterMs} ms, each data page read once, a page of a report `
        + `written again refused, no console errors, `
        + `no dialogs, no requests; screenshots in ${shots}`);
      return;
    }
    await page.waitForTimeout(300);

    let closed;
    while ((closed = page.locator('details:not([open]) > summary')).count && await closed.count() > 0) {
      await closed.first().click();
    }
    const text = await page.evaluate(() => document.body.innerText);
    if (!text.includes(HOSTILE)) fail(`the hostile title ${HOSTILE} is not shown as text`);
    const injected = await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, script:not(:last-of-type)').length);
    if (injected !== 0) fail(`${injected} elements were injected by corpus text`);
    const hostileCell = page.locator('#links-table .title', { hasText: HOSTILE }).first();
    if (!(await hostileCell.isVisible())) fail('the hostile title is not visible as text in the links table');
    if ((await hostileCell.textContent()) !== HOSTILE) fail('the hostile title cell does not hold exactly the text');
    if (await page.locator('#summary').count() !== 1) fail('no summary');
    if (await page.locator('#health svg').count() !== 1) fail('no link health chart');

    await checkFilters(page, problems);
    await checkSort(page);

    await page.screenshot({ path: path.join(shots, 'report-desktop.png'), fullPage: true });
    await page.evaluate(() => document.getElementById('links').scrollIntoView());
    await page.screenshot({ path: path.join(shots, 'report-desktop-table.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload({ waitUntil: 'load' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 2) fail(`the phone layout scrolls sideways by ${overflow}px`);
    await checkFilters(page, problems);
    await page.screenshot({ path: path.join(shots, 'report-phone.png'), fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, 'report-phone-top.png') });
    await page.locator('#links').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('links').scrollIntoView());
    await page.screenshot({ path: path.join(shots, 'report-phone-table.png') });

    if (dialogs.length) fail(`dialogs opened: ${dialogs.join(' | ')}`);
    if (errors.length) fail(errors.join('\n'));
    if (requests.length) fail(`the report made network requests: ${requests.join(' ')}`);
    console.log(`report.html ok: ${problems.filters} rows filtered and sorted, hostile text shown as text, `
      + `no console errors, no dialogs, no requests; screenshots in ${shots}`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch(e => { console.error('report.html check failed: ' + e.message); process.exit(1); });
