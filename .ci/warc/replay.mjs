// Opens a WACZ in ReplayWeb.page (the embeddable <replay-web-page> component, served from a
// loopback server) in Debian's chromium through playwright-core, and waits until the replayed page
// shows the expected text. Usage: node replay.mjs RWP_DIR WACZ URL TEXT [SCREENSHOT]
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
  '/replay/sw.js': [path.join(rwpDir, 'sw.js'), 'application/javascript'],
  '/archive.wacz': [wacz, 'application/wacz+zip'],
};
const page = `<!doctype html><html><head><meta charset="utf-8"><script src="/ui.js"></script></head>
<body><replay-web-page style="height:600px;display:block" source="/archive.wacz" url="${url}"
 replayBase="/replay/" embed="replayonly"></replay-web-page></body></html>`;

const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  if (p === '/' || p === '/index.html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(page);
  }
  const f = files[p];
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

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
let ok = false;
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error('page error:', e.message));
  await tab.goto(`http://127.0.0.1:${port}/`);
  const deadline = Date.now() + 90_000;
  while (!ok && Date.now() < deadline) {
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
    if (!ok) await new Promise((r) => setTimeout(r, 500));
  }
  if (shot) await tab.screenshot({ path: shot });
} finally {
  await browser.close();
  server.close();
}
if (!ok) {
  console.error(`ReplayWeb.page did not show "${text}" for ${url} from ${wacz}`);
  process.exit(1);
}
console.log(`ReplayWeb.page replayed ${url} from ${wacz}`);
