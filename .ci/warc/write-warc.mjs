// Writes a WARC with warcio.js: a warcinfo, then a response and a request record for each URL
// fetched (loopback URLs in the tests). Usage: node write-warc.mjs OUT.warc[.gz] DIGEST URL...
// where DIGEST is "default" (warcio's own choice) or "sha1-hex" (sha1 digests in base16).
import fs from 'node:fs';
import { WARCRecord, WARCSerializer } from 'warcio';

const [out, digest, ...urls] = process.argv.slice(2);
const opts = { gzip: out.endsWith('.gz') };
if (digest === 'sha1-hex') {
  opts.digest = { algo: 'sha-1', prefix: 'sha1:', base32: false };
}
const warcVersion = 'WARC/1.1';
const parts = [];
const info = await WARCRecord.createWARCInfo({ filename: out.split('/').pop(), warcVersion },
  { software: 'warcio.js test writer' });
parts.push(await WARCSerializer.serialize(info, opts));
for (const url of urls) {
  const res = await fetch(url);
  const body = new Uint8Array(await res.arrayBuffer());
  const httpHeaders = {};
  res.headers.forEach((v, k) => { if (k !== 'transfer-encoding' && k !== 'content-encoding') httpHeaders[k] = v; });
  httpHeaders['content-length'] = String(body.length);
  const date = new Date().toISOString();
  const response = await WARCRecord.create({ url, date, type: 'response', warcVersion, httpHeaders,
    statusline: `HTTP/1.1 ${res.status} ${res.statusText || 'OK'}` }, (async function* () { yield body; })());
  parts.push(await WARCSerializer.serialize(response, opts));
  const request = await WARCRecord.create({ url, date, type: 'request', warcVersion,
    httpHeaders: { 'User-Agent': 'warcio-test' }, statusline: `GET ${new URL(url).pathname} HTTP/1.1`,
    warcHeaders: { 'WARC-Concurrent-To': response.warcHeader('WARC-Record-ID') } },
    (async function* () {})());
  parts.push(await WARCSerializer.serialize(request, opts));
}
fs.writeFileSync(out, Buffer.concat(parts.map(p => Buffer.from(p))));
