// Memory under hostile uploads (issue 24): the peak resident memory of a real `chorus serve`
// (the bench build) while clients send what the outside probe sent — four 200 MB files of a
// kind no network takes at once, one 300 MB "video", four 200 MB "videos" at once, four
// 144-megapixel PNGs at once and their renditions for X at once. Ceiling: the stated figure,
// 300 MB, whatever clients send.
//   node bench/upload_memory.mjs --chorus build/bench/src/chorus
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDeflate, crc32 } from 'node:zlib';
import { once } from 'node:events';
import { startChorus } from './chorus_server.mjs';

const { values: args } = parseArgs({ options: { chorus: { type: 'string' } } });
const ceilingMb = 300;
const megabyte = 1 << 20;

const chorus = await startChorus(args.chorus, 'upload');
const { base, auth, scratch, process: server } = chorus;

// Resident memory, sampled every 20 ms; each phase reports its own peak.
const rssMb = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
};
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);

const brand = await (
  await fetch(base + '/api/v1/brands', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Bench', time_zone: 'UTC' }) })
).json();

// One upload, its file streamed from `writeFile(request)`: the status the server answers.
function upload(name, size, writeFile) {
  const boundary = 'bench-boundary-7f3a';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="brand_id"\r\n\r\n${brand.id}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(base + '/api/v1/media', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': head.length + size + tail.length },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    // A refusal before the end closes the connection under the sender, after the answer; a
    // reset before any answer is a failure of the server's lingering close.
    req.on('error', (error) => (error.code === 'EPIPE' ? undefined : reject(error)));
    req.setTimeout(60_000, () => req.destroy(new Error(`${name}: no answer within 60 s`)));
    (async () => {
      req.write(head);
      await writeFile(req);
      req.end(tail);
    })().catch(() => {});
  });
}

// Until the request takes more bytes (or is gone).
const writable = (req) =>
  new Promise((resolve) => {
    const done = () => (req.off('drain', done), req.off('close', done), resolve());
    req.on('drain', done);
    req.on('close', done);
  });

// `size` bytes starting with `start`, then a pattern, written a megabyte at a time.
const generated = (start, size) => async (req) => {
  const piece = Buffer.alloc(megabyte, 0x5a);
  start.copy(piece);
  for (let sent = 0; sent < size && !req.destroyed; sent += megabyte) {
    const chunk = sent + megabyte <= size ? piece : piece.subarray(0, size - sent);
    if (!req.write(chunk)) await writable(req);
    if (sent === 0) piece.fill(0x5a, 0, start.length);
  }
};
const fromFile = (path) => async (req) => {
  for await (const chunk of createReadStream(path, { highWaterMark: megabyte })) {
    if (req.destroyed) return;
    if (!req.write(chunk)) await writable(req);
  }
};

// `count` different 12,000 × 12,000 RGB PNGs (144 megapixels; a gradient, so that decoding
// is real work), different by a text chunk only: the same bytes would be stored once.
async function writeLargePngs(paths, side) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([length, Buffer.from(type), data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const deflate = createDeflate({ level: 1 });
  const compressed = [];
  deflate.on('data', (c) => compressed.push(c));
  const row = Buffer.alloc(1 + side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0, at = 1; x < side; x++, at += 3) {
      row[at] = (x * 255) / side;
      row[at + 1] = (y * 255) / side;
      row[at + 2] = ((x + y) * 127) / side;
    }
    if (!deflate.write(row)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  const image = chunk('IDAT', Buffer.concat(compressed));
  for (const [i, path] of paths.entries()) {
    const out = createWriteStream(path);
    out.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    out.write(chunk('IHDR', header));
    out.write(chunk('tEXt', Buffer.from(`Comment\0copy ${i}`, 'latin1')));
    out.write(image);
    out.write(chunk('IEND', Buffer.alloc(0)));
    out.end();
    await once(out, 'finish');
  }
}

const results = [];
async function phase(label, work, expected) {
  peak = rssMb();
  const statuses = await work();
  await new Promise((r) => setTimeout(r, 200));
  peak = Math.max(peak, rssMb());
  const wrong = statuses.filter((s) => !expected.includes(s));
  if (wrong.length) throw new Error(`${label}: answered ${statuses.join(', ')}`);
  results.push({ label, peak, statuses });
  console.log(`${label.padEnd(52)} peak RSS ${peak.toFixed(0).padStart(4)} MB  (answers ${[...new Set(statuses)].join(', ')})`);
}

const notMedia = Buffer.from('PK\x03\x04 not a picture nor a video');
const videoStart = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypmp42'), 0, 0, 0, 0, ...Buffer.from('mp42isom')]);
const pngs = [1, 2, 3, 4].map((i) => join(scratch, `large${i}.png`));
await writeLargePngs(pngs, 12000);
const pngSize = statSync(pngs[0]).size;
const idle = rssMb();
console.log(`chorus serve at rest: ${idle.toFixed(0)} MB; the PNG is ${(pngSize / megabyte).toFixed(1)} MB for 144 megapixels`);

await phase('4 × 200 MB of a kind no network takes, at once', () =>
  Promise.all([1, 2, 3, 4].map((i) => upload(`archive${i}.zip`, 200 * megabyte, generated(notMedia, 200 * megabyte)))), [415]);
await phase('1 × 300 MB "video" (streamed whole, then refused)', () =>
  Promise.all([upload('film.mp4', 300 * megabyte, generated(videoStart, 300 * megabyte))]), [422]);
await phase('4 × 200 MB "videos", at once', () =>
  Promise.all([1, 2, 3, 4].map((i) => upload(`film${i}.mp4`, 200 * megabyte, generated(videoStart, 200 * megabyte)))), [422]);
const ids = [];
await phase('4 × 144-megapixel PNG, at once', () =>
  Promise.all(pngs.map((path, i) => upload(`large${i}.png`, pngSize, fromFile(path)))), [201]);
const listed = await (await fetch(`${base}/api/v1/media?brand_id=${brand.id}`, { headers: auth })).json();
for (const item of listed.items) ids.push(item.id);
await phase('their renditions for X, 4 at once', () =>
  Promise.all(ids.map(async (id) => (await fetch(`${base}/api/v1/media/${id}/renditions/x`, { headers: auth })).status)), [200]);

clearInterval(sampler);
// The kernel's own high-water mark catches a peak between two samples.
const highWater = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;
const worst = Math.max(highWater, ...results.map((r) => r.peak));
console.log(`upload memory: peak RSS ${worst.toFixed(0)} MB, ceiling ${ceilingMb} MB: ratio ${(worst / ceilingMb).toFixed(2)} (≤ 1 holds)`);
await chorus.stop();
process.exit(worst <= ceilingMb ? 0 : 1);
