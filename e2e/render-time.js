// Time to first render of report.html in Debian's chromium (through playwright-core), from file://:
// for each round a fresh page is opened and timed from the navigation's start to the load event and
// to the moment the verdict and the first row of the table are shown. Prints each round and the
// median; no check, no budget (bench/report.sh runs it; the e2e test has the budget).
//
// usage: node e2e/render-time.js REPORT_HTML [ROUNDS]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const TIMEOUT = Number(process.env.RENDER_TIMEOUT_MS || 180000);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const [report, roundsArg] = process.argv.slice(2);
  if (!report) throw new Error('usage: node render-time.js REPORT_HTML [ROUNDS]');
  const file = path.resolve(report);
  if (!fs.existsSync(file)) throw new Error(`${file}: no such report`);
  const rounds = Number(roundsArg || 3);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'newskeeper-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1366, height: 900 }
  });
  const shown = [];
  const loaded = [];
  try {
    for (let r = 1; r <= rounds; r++) {
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto('file://' + file, { waitUntil: 'commit' });
      await page.waitForSelector('.verdict', { state: 'visible', timeout: TIMEOUT });
      await page.waitForSelector('#links-table tbody > tr, #links .empty', { state: 'visible', timeout: TIMEOUT });
      // two animation frames: the rows are laid out and painted
      await page.evaluate(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))));
      const first = Date.now() - t0;
      await page.waitForLoadState('load', { timeout: TIMEOUT });
      const load = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0];
        return Math.round(n.loadEventEnd - n.startTime);
      });
      const rows = await page.$$eval('#links-table tbody > tr', rs => rs.length);
      console.log(`round ${r}: first page shown ${first} ms, load event ${load} ms, ${rows} rows in the document`);
      shown.push(first);
      loaded.push(load);
      await page.close();
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const size = fs.statSync(file).size;
  console.log(`report.html (${(size / 1e6).toFixed(2)} MB) in chromium: first page shown, median ${median(shown)} ms; `
    + `load event, median ${median(loaded)} ms (${rounds} rounds)`);
}

main().catch(e => { console.error('render-time: ' + e.message); process.exit(1); });
