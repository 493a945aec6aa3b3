// Starts `newskeeper serve` on a demo's output (checks and WARC folders) and opens, in Debian's
// chromium (through playwright-core, no browser download), the replay URL of the dead link that only
// our own capture preserves (the demo's page captured on its first night, 404 on its second). Checks
// that the captured text and its image from the archive show, with no console error or warning, no
// dialog, and no request to anything but the local server. Saves a screenshot.
//
// usage: node e2e/replay.test.js CHECKS_DIR WARC_DIR SCREENSHOT_DIR
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const NEWSKEEPER = path.resolve(__dirname, '..', 'newskeeper');

function fail(message) {
  throw new Error(message);
}

/** Starts `newskeeper serve --port 0`; resolves with the process and its URL once it prints it. */
function serve(checks, warcs) {
  const child = spawn(NEWSKEEPER, ['serve', '--checks', checks, '--out', warcs, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 120 s: ${out}${err}`)), 120000);
    child.stdout.on('data', d => {
      out += d;
      const m = /^serving (http:\/\/127\.0\.0\.1:\d+)\//m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1], line: out.trim().split('\n')[0] });
      }
    });
    child.stderr.on('data', d => { err += d; });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${out}${err}`)); });
  });
}

/** Ctrl-C, as a person stops it; resolves with its exit code (or signal). */
function stop(child) {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode ?? child.signalCode);
      return;
    }
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, 20000);
    child.removeAllListeners('exit');
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve(code ?? signal); });
    child.kill('SIGINT');
  });
}

async function main() {
  const [checks, warcs, shots] = process.argv.slice(2);
  if (!checks || !warcs || !shots) fail('usage: node replay.test.js CHECKS_DIR WARC_DIR SCREENSHOT_DIR');
  const reportJson = path.join(checks, 'latest', 'report.json');
  if (!fs.existsSync(reportJson)) fail(`${reportJson}: no report (run the demo first)`);
  fs.mkdirSync(shots, { recursive: true });

  const server = await serve(checks, warcs);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'newskeeper-chromium-'));
  let context;
  try {
    // the dead links we hold a copy of, with their replay URLs on this server
    const rows = JSON.parse(execFileSync(NEWSKEEPER, ['export', 'robust-links', '--checks', checks, '--format', 'json',
      '--replay-base', server.base], { encoding: 'utf8' }));
    const preserved = rows.filter(r => r.state === 'preserved');
    if (preserved.length === 0) fail('the export shows no dead link preserved in our capture');
    if (!rows.some(r => r.state === 'archived-elsewhere')) fail('the export shows no dead link archived elsewhere');
    const page = preserved.find(r => {
      const a = JSON.parse(fs.readFileSync(reportJson, 'utf8')).articles.find(x => x.path === r.article);
      return a && a.source === r.original_url;
    });
    if (!page) fail(`no preserved dead link is an article's own page: ${preserved.map(r => r.original_url).join(' ')}`);
    const article = JSON.parse(fs.readFileSync(reportJson, 'utf8')).articles.find(x => x.path === page.article);
    if (!page.version_url.startsWith(server.base + '/replay/')) fail(`not a replay URL of this server: ${page.version_url}`);

    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1024, height: 768 }
    });
    const errors = [];
    const dialogs = [];
    const elsewhere = [];
    const replayed = [];
    const tab = context.pages()[0] || await context.newPage();
    tab.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()} (${m.location().url})`); });
    tab.on('pageerror', e => errors.push(`page error: ${e.message}`));
    tab.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    context.on('request', r => {
      const u = r.url();
      if (u.startsWith(server.base + '/replay/')) replayed.push(u);
      else if (!u.startsWith(server.base + '/favicon.ico') && !u.startsWith('data:')) elsewhere.push(u);
    });
    const response = await tab.goto(page.version_url, { waitUntil: 'load' });
    if (!response || response.status() !== 200) fail(`${page.version_url} answered ${response && response.status()}`);
    await tab.waitForTimeout(300);

    const text = await tab.evaluate(() => document.body.innerText);
    if (!article.title || !text.includes(article.title)) {
      fail(`the replayed page does not show the captured text "${article.title}": ${text.slice(0, 200)}`);
    }
    const images = await tab.$$eval('img', imgs => imgs.map(i => ({
      src: i.currentSrc, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight,
      shown: i.getBoundingClientRect().width > 0
    })));
    if (images.length === 0) fail('the replayed page shows no image');
    for (const i of images) {
      if (!i.src.startsWith(server.base + '/replay/')) fail(`an image does not come from the archive: ${i.src}`);
      if (!i.complete || i.width === 0 || i.height === 0 || !i.shown) fail(`an image from the archive does not show: ${JSON.stringify(i)}`);
    }
    await tab.screenshot({ path: path.join(shots, 'replay-dead-link.png'), fullPage: true });

    if (dialogs.length) fail(`dialogs opened: ${dialogs.join(' | ')}`);
    if (errors.length) fail(errors.join('\n'));
    if (elsewhere.length) fail(`the replay made requests beyond the local server: ${elsewhere.join(' ')}`);
    if (replayed.length < 1 + images.length) fail(`expected the page and its images from /replay/, saw ${replayed.join(' ')}`);
    console.log(`replay ok: ${page.original_url} (dead, ${page.status}) replayed from our capture of ${page.version_date}`
      + ` by ${server.line.split(' ')[1]}: "${article.title}" and ${images.length} image(s) from the archive shown,`
      + ` no console errors, no dialogs, no request beyond the server; screenshot in ${shots}`);
  } finally {
    if (context) await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    await stop(server.child);
  }
}

main().catch(e => { console.error('replay check failed: ' + e.message); process.exit(1); });
