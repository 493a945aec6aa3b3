// Opens a WACZ in ReplayWeb.page (the embeddable <replay-web-page> component, served from a
// loopback server) in Debian's chromium through playwright-core, and waits until the replayed page
// shows the expected text. Usage: node replay.mjs RWP_DIR WACZ URL TEXT [SCREENSHOT]
// REPLAY_DEBUG=1 logs every request the loopback server answers.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [rwpDir, wacz, url, text, shot] = process.argv.slice(2);
if (!text) {
  console.error('usage: node replay.mjs RWP_DIR WACZ URL TEXT [SCREENSHOT]');
  process.exit(2);
}
const files = {
  '/ui.js': [path.join(rwpDir, 'ui.js'), 'application/javascript'],
  '/replay/ui.js': [path.join(rwpDir, 'ui.js'), 'application/javascript'],
  '/replay/sw.js': [path.join(rwpDir, 'sw.js'), 'application/javascript'],
  '/archive.wacz': [wacz, 'application/wacz+zip'],
};
const page = `<!doctype html><html><head><meta charset="utf-8"><script src="/ui.js"></script></head>
<body><replay-web-page style="height:600px;display:block" source="/archive.wacz" url="${url}"
 replayBase="/replay/" embed="replayonly"></replay-web-page></body></html>`;

const replayIndex = '<!doctype html><html><head><script src="./ui.js"></script></head><body><replay-app-main></replay-app-main></body></html>';

const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  if (p === '/' || p === '/index.html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(page);
  }
  if (p === '/replay/' || p === '/replay/index.html') {
    // What the service worker serves here once it controls the frame (its getIndexHtml). Served
    // from the network too, the first load does not race the worker's activation: when the frame
    // asked before the worker took over, a 404 here left the embed blank for good.
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(replayIndex);
  }
  const f = files[p];
  if (process.env.REPLAY_DEBUG) console.error('GET', req.url, f ? 'ok' : 404);
  if (!f) {
    res.writeHead(404);
    return res.end();
  }
  const size = fs.statSync(f[0]).size;
  const headers = { 'Content-Type': f[1], 'Accept-Ranges': 'bytes', 'Service-Worker-Allowed': '/' };
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range || '');
  if (range) {
    const start = Math.max(0, range[1] === '' ? size - Number(range[2]) : Number(range[1]));
    const end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), size - 1) : size - 1;
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
    if (req.method === 'HEAD') return res.end();
    return fs.createReadStream(f[0], { start, end }).pipe(res);
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(f[0]).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

// The flags the machine's own probe uses: without the background-networking ones Chromium tries to
// reach public hosts at start, which this closed network refuses.
const ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// One attempt: a fresh browser and profile; the tab is reloaded once halfway (the service worker
// installed by the first load then controls the page from the start). Returns true when a frame
// shows the text; otherwise prints what the page showed, so a failure can be understood from CI's log.
async function attempt(n, seconds) {
  const log = [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  let ok = false;
  try {
    const tab = await browser.newPage();
    tab.on('pageerror', (e) => log.push(`page error: ${e.message}`));
    tab.on('console', (m) => log.push(`console ${m.type()}: ${m.text().slice(0, 300)}`));
    tab.on('requestfailed', (r) => log.push(`request failed: ${r.url().slice(0, 200)} ${r.failure()?.errorText}`));
    tab.on('crash', () => log.push('the tab crashed'));
    await tab.goto(`http://127.0.0.1:${port}/`);
    const start = Date.now();
    let reloaded = false;
    while (!ok && Date.now() - start < seconds * 1000) {
      for (const frame of tab.frames()) {
        try {
          if ((await frame.content()).includes(text)) {
            ok = true;
            break;
          }
        } catch (e) {
          // a frame that navigated away meanwhile
        }
      }
      if (!ok && !reloaded && Date.now() - start > (seconds * 1000) / 2) {
        reloaded = true;
        log.push('reloading the tab');
        await tab.reload().catch((e) => log.push(`reload failed: ${e.message}`));
      }
      if (!ok) await new Promise((r) => setTimeout(r, 500));
    }
    if (shot) await tab.screenshot({ path: shot }).catch(() => {});
    if (ok && reloaded) console.error(`attempt ${n}: shown only after reloading the tab`);
    if (!ok) {
      console.error(`attempt ${n}: no frame showed "${text}" within ${seconds} s; what the page did:`);
      for (const line of log.slice(-40)) console.error(`  ${line}`);
      for (const frame of tab.frames()) {
        const body = await frame.evaluate(() => document.body?.innerText ?? '').catch((e) => `(unreadable: ${e.message})`);
        console.error(`  frame ${frame.url().slice(0, 200)}: ${JSON.stringify(body.slice(0, 300))}`);
      }
      for (const w of tab.context().serviceWorkers()) console.error(`  service worker ${w.url()}`);
    }
  } finally {
    await browser.close();
  }
  return ok;
}

let ok = false;
try {
  for (let n = 1; n <= 3 && !ok; n++) {
    ok = await attempt(n, 30).catch((e) => {
      console.error(`attempt ${n} failed: ${e.message}`);
      return false;
    });
  }
} finally {
  server.close();
}
if (!ok) {
  console.error(`ReplayWeb.page did not show "${text}" for ${url} from ${wacz}`);
  process.exit(1);
}
console.log(`ReplayWeb.page replayed ${url} from ${wacz}`);
