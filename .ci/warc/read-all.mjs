// Reads every record of every WARC given with warcio.js and every byte of every payload.
// Prints one line per file: "<file> <records>", and exits 1 on any error or surprise.
import fs from 'node:fs';
import { WARCParser } from 'warcio';

let failed = false;
for (const file of process.argv.slice(2)) {
  let count = 0;
  try {
    const parser = new WARCParser(fs.createReadStream(file));
    for await (const record of parser) {
      const type = record.warcType;
      if (!type || !record.warcHeader('WARC-Record-ID')) {
        throw new Error(`record ${count} has no WARC-Type or WARC-Record-ID`);
      }
      if (type === 'response' || type === 'request' || type === 'revisit') {
        if (!record.httpHeaders) {
          throw new Error(`${type} record ${count} has no parsable HTTP headers`);
        }
      }
      const raw = await record.readFully(false);
      const declared = Number(record.warcContentLength);
      const headerLen = record.httpHeaders ? record.httpHeaders.toString().length : 0;
      if (type !== 'response' && type !== 'request' && type !== 'revisit' && raw.length !== declared) {
        throw new Error(`${type} record ${count}: read ${raw.length} bytes, Content-Length says ${declared}`);
      }
      if (headerLen > declared) {
        throw new Error(`${type} record ${count}: HTTP header longer than the block`);
      }
      count++;
    }
    console.log(`${file} ${count}`);
  } catch (e) {
    console.error(`${file}: warcio failed after ${count} records: ${e && e.stack ? e.stack : e}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
