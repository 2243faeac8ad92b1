// The calendar's month view with 1,000 posts, in Debian's chromium against a real
// `chorus serve` (the bench build). Ceiling, measured in the same run: the same screen
// showing an empty month. Also the first load's JavaScript, gzipped as served, against the
// 200 KB budget of issue 7.
//   node bench/web_calendar.mjs --chorus build/bench/src/chorus [--posts 1000] [--runs 21]
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { startChorus } from './chorus_server.mjs';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const { values: args } = parseArgs({ options: { chorus: { type: 'string' }, posts: { type: 'string', default: '1000' }, runs: { type: 'string', default: '21' } } });
const postCount = Number(args.posts);
const runs = Number(args.runs);
const browserPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

const chorus = await startChorus(args.chorus, 'web');
const { base } = chorus;
const cookie = chorus.auth.Cookie;

// The JavaScript a first visit downloads, as bytes on the wire (gzip).
function gzippedSize(path) {
  return new Promise((resolve, reject) => {
    request(base + path, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      let size = 0;
      res.on('data', (c) => (size += c.length));
      res.on('end', () => resolve(size));
    })
      .on('error', reject)
      .end();
  });
}
const html = await (await fetch(base + '/')).text();
let jsBytes = 0;
for (const [, src] of html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)) jsBytes += await gzippedSize(src);

// Owner, brand and channel through the API; posts with an API token.
const call = async (method, path, body) => {
  const r = await fetch(base + '/api/v1' + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...chorus.auth },
    body: body && JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
const brand = await call('POST', '/brands', { name: 'Bench', time_zone: 'UTC' });
const channel = await call('POST', '/channels', { brand_id: brand.id, network: 'x', display_name: 'Bench', handle: 'bench' });
// Next month, every day of it, spread over the day: all in the future.
const now = new Date();
const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
const days = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
const pad = (n) => String(n).padStart(2, '0');
const seedStart = Date.now();
for (let i = 0; i < postCount; i += 20) {
  await Promise.all(
    Array.from({ length: Math.min(20, postCount - i) }, (_, k) => {
      const n = i + k;
      const day = 1 + (n % days);
      const minute = (n * 7) % (14 * 60);
      const when = `${first.getUTCFullYear()}-${pad(first.getUTCMonth() + 1)}-${pad(day)}T${pad(8 + Math.floor(minute / 60))}:${pad(minute % 60)}`;
      return call('POST', '/posts', { brand_id: brand.id, text: `Post ${n}: the winter menu, day ${day}`, targets: [{ channel_id: channel.id }], scheduled_at: when });
    }),
  );
}
const seedSeconds = (Date.now() - seedStart) / 1000;

const browser = await chromium.launch({ executablePath: browserPath, args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
await context.addCookies([{ name: 'chorus_session', value: cookie.slice(cookie.indexOf('=') + 1), url: base }]);
const page = await context.newPage();

// From a click until the month is drawn and painted: next month is the busy one (every day
// shows its "+N more"), last month the empty one (all posts are in the future). Both wait
// for the month's posts to be fetched (the calendar is aria-busy until then): an empty month
// is drawn at once, and its fetch is the same as the busy month's. The end is taken in the
// page, at the first frame after the DOM is complete, so that Playwright's polling (a frame
// at a time) adds nothing to either.
async function monthRender(busy) {
  await page.goto(base + '/calendar');
  await page.locator('.fc-daygrid-day').first().waitFor();
  await page.waitForTimeout(300);
  const done = page.evaluate(
    ([selector, wanted]) =>
      new Promise((resolve) => {
        const calendar = document.querySelector('.calendar');
        // Only the month's own fetch may end the wait: the last month's "not busy" goes.
        calendar.removeAttribute('aria-busy');
        const complete = () => {
          const shown = document.querySelectorAll(selector).length;
          return calendar.getAttribute('aria-busy') === 'false' && (wanted ? shown >= wanted : shown === 0);
        };
        const observer = new MutationObserver(() => {
          if (!complete()) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now()));
        });
        observer.observe(calendar, { attributes: true, childList: true, subtree: true });
        window.__watching = true;
      }),
    [busy ? '.cal-more' : '.fc-daygrid-event', busy ? days : 0],
  );
  await page.waitForFunction(() => window.__watching);
  const start = await page.evaluate(() => performance.now());
  await page.locator(busy ? '.fc-next-button' : '.fc-prev-button').click();
  return (await done) - start;
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const empty = [];
const full = [];
for (let i = 0; i < runs; i++) {
  empty.push(await monthRender(false));
  full.push(await monthRender(true));
}
await browser.close();
await chorus.stop();

const e = median(empty);
const f = median(full);
console.log(`web calendar: seeded ${postCount} posts in ${seedSeconds.toFixed(1)} s`);
console.log(`web calendar: empty month (ceiling) ${e.toFixed(0)} ms; month with ${postCount} posts ${f.toFixed(0)} ms; ratio ${(f / e).toFixed(2)}`);
console.log(`web calendar: first-load JS ${(jsBytes / 1024).toFixed(1)} KB gzipped; ratio to the 200 KB budget ${(jsBytes / 204800).toFixed(2)}`);
