// Opens report.html from file:// in Debian's chromium (through playwright-core, no browser download)
// and checks it: no console errors, no network, filters and sort work, hostile corpus text stays
// text. Saves screenshots at desktop and phone widths.
//
// usage: node e2e/report.test.js REPORT_HTML SCREENSHOT_DIR
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
  const has = (r, key, value) => key === 'sites' ? r.sites.includes(value) : r[key] === value;
  for (const [id, key] of [['f-status', 'status'], ['f-host', 'host'], ['f-site', 'sites']]) {
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

async function main() {
  const [report, shots] = process.argv.slice(2);
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
    context.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
    await page.goto('file://' + file, { waitUntil: 'load' });
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
