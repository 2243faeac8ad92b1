// The user's path through every screen, in order: first run, brand, channels, media,
// composer (an X variant too long, underlined, then fixed), calendar (drag to another day),
// post detail (published, history), settings, sign out and in again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const base = process.env.CHORUS_E2E_URL;
const out = process.env.CHORUS_E2E_OUT;
const owner = { email: 'ana@cafe-luna.example', password: 'correct horse battery', name: 'Ana' };
let browser;
let page;

// The whole page from its top: scrolled, a full-page capture would draw the sticky header
// where the scroll left it, over the content.
// Every screen shot is also checked for accessibility (axe-core's WCAG rules): nothing
// serious or critical may be found.
// Errors thrown in the page fail the test that was running (at its next screenshot).
const pageErrors = [];
const shot = async (name, on = page) => {
  assert.deepEqual(pageErrors.splice(0), [], `${name}: errors in the page`);
  await on.evaluate(() => window.scrollTo(0, 0));
  await on.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  await accessible(name, on);
};
async function accessible(name, on) {
  const results = await new AxeBuilder({ page: on }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  // FullCalendar's own grid labels each day cell by its day number's link, whose name is the
  // full date (axe reads that as a mismatch), and two of its generated nodes fail contrast.
  // Both are the library's markup, known and left for now (noted in the issue); everything
  // of ours inside the calendar is still checked.
  const fullCalendar = (n) => /^#fc-dom-|\.fc-day|td\[aria-labelledby/.test(n.target.join(' '));
  const libraryMarkup = (v) => ['label-content-name-mismatch', 'color-contrast'].includes(v.id) && v.nodes.every(fullCalendar);
  const serious = results.violations.filter((v) => (v.impact === 'serious' || v.impact === 'critical') && !libraryMarkup(v));
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`),
    [],
    `${name}: accessibility problems`,
  );
}
const pad = (n) => String(n).padStart(2, '0');
// A day from now in Europe/Berlin, as the date input wants it.
function berlinDate(daysAhead) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + daysAhead * 86_400_000),
  );
  return parts; // en-CA formats as YYYY-MM-DD
}

// A real PNG (a 320×200 gradient) for the media library.
function png(width = 320, height = 200) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, body) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type), body]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(typed));
    return Buffer.concat([length, typed, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([(x * 255) / width, (y * 255) / height, 160], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The API as a script would call it, with the browser's session.
async function apiCall(method, path, data) {
  const session = await (await page.request.get(base + '/api/v1/auth/me')).json();
  const answer = await page.request.fetch(base + '/api/v1' + path, { method, headers: { 'X-CSRF-Token': session.csrf_token }, data });
  assert.ok(answer.ok(), `${method} ${path}: ${answer.status()} ${await answer.text()}`);
  return answer.status() === 204 ? null : answer.json();
}

async function lunaChannels() {
  const luna = (await apiCall('GET', '/brands')).items.find((b) => b.name === 'Café Luna');
  const channels = (await apiCall('GET', `/channels?brand_id=${luna.id}`)).items;
  return { luna, testnet: channels.find((c) => c.network === 'testnet'), x: channels.find((c) => c.network === 'x') };
}

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHORUS_E2E_BROWSER, args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

after(async () => {
  await browser?.close();
});

describe('the web app', { concurrency: false }, () => {
  test('first run creates the owner and the organisation', async () => {
    await page.goto(base + '/');
    await page.getByRole('heading', { name: 'Welcome to Chorus' }).waitFor();
    // A rule broken shows next to its field.
    await page.getByLabel('Organisation').fill('Café Luna Ltd');
    await page.getByLabel('Your name').fill(owner.name);
    await page.getByLabel('E-mail').fill(owner.email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await page.locator('.field.invalid .field-error').waitFor();
    await shot('01-first-run-error');
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Create owner account' }).click();
    // The new owner is shown the way to a first post, not a bare settings page.
    await page.getByRole('heading', { name: 'Welcome to Chorus' }).waitFor();
    await page.getByRole('heading', { name: 'Get started: 0 of 4 done' }).waitFor();
    await shot('01b-onboarding');
    await page.getByRole('link', { name: 'Create a brand' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
  });

  test('settings: a brand in its time zone appears in the brand switcher', async () => {
    await page.getByLabel('Brand name').fill('Café Luna');
    await page.getByLabel('Time zone', { exact: true }).fill('Europe/Berl');
    await page.getByText(/Choose a time zone from the list/).waitFor();
    await page.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
    await page.getByText(/^Berlin, Europe · UTC\+0[12]:00$/).waitFor();
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('combobox', { name: 'Brand' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Brand' }).inputValue() !== '', true);
    // A second brand: the switcher remembers the one chosen.
    await page.getByLabel('Brand name').fill('Side Project');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('option', { name: 'Side Project' }).waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Brand' }).selectOption({ label: 'Café Luna' });
    // A brand is renamed in place.
    await page.getByLabel('Name of Side Project').fill('Side Project Berlin');
    await page.getByLabel('Name of Side Project').press('Enter');
    await page.getByText('Brand renamed').waitFor();
    await page.getByRole('option', { name: 'Side Project Berlin' }).waitFor({ state: 'attached' });
    await page.getByLabel('Name of Side Project Berlin').fill('Side Project');
    await page.getByLabel('Name of Side Project Berlin').press('Enter');
    await page.getByRole('option', { name: 'Side Project', exact: true }).waitFor({ state: 'attached' });
    // And given another colour: what the native picker sends when it closes.
    await page.getByLabel('Colour of Side Project').evaluate((input) => {
      input.value = '#e0561b';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.getByText('Colour changed').waitFor();
    const recoloured = (await apiCall('GET', '/brands')).items.find((b) => b.name === 'Side Project');
    assert.equal(recoloured.colour, '#e0561b');
    await shot('02-settings-brands');
  });

  test('channels: connect the test network, X, Threads, a Facebook Page chosen from the login, Instagram, a LinkedIn member, a YouTube channel, a Pinterest and a TikTok account, edit posting slots', async () => {
    await page.getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('heading', { name: 'Channels' }).waitFor();
    await page.getByLabel('Network', { exact: true }).selectOption('testnet');
    await page.getByLabel('Username').fill('luna');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.locator('.field.invalid .field-error').waitFor();
    await page.getByLabel('Password').fill('testnet');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.locator('.channel', { hasText: 'luna' }).getByText('connected').waitFor();

    // X by OAuth: off to X (its contract fake approves at once) and back.
    await page.getByLabel('Network', { exact: true }).selectOption('x');
    await page.getByRole('button', { name: 'Continue to X' }).click();
    await page.waitForURL(/\/channels\?connected=/);
    await page.locator('.channel', { hasText: '@cafeluna' }).getByText('connected').waitFor();
    // Threads the same way, through Meta's login (its contract fake).
    await page.getByLabel('Network', { exact: true }).selectOption('threads');
    await page.getByRole('button', { name: 'Continue to Threads' }).click();
    await page.waitForURL(/\/channels\?connected=/);
    await page.locator('.channel', { hasText: '@cafeluna' }).nth(1).getByText('connected').waitFor();
    // Facebook: one login manages several Pages; the user picks which become channels.
    await page.getByLabel('Network', { exact: true }).selectOption('facebook');
    await page.getByRole('button', { name: 'Continue to Facebook' }).click();
    await page.waitForURL(/\/channels\?choose=/);
    const choice = page.locator('.choose-accounts');
    await choice.getByText('Luna Roastery').waitFor();
    await shot('03a-channels-choose-pages');
    await choice.getByRole('checkbox', { name: /Café Luna/ }).check();
    await choice.getByRole('button', { name: 'Add channel' }).click();
    await page.locator('.channel', { hasText: 'Café Luna' }).filter({ has: page.getByTitle('Facebook') }).getByText('connected').waitFor();
    await choice.waitFor({ state: 'detached' });
    // Instagram through the same login: the one account linked to a Page connects at once.
    await page.getByLabel('Network', { exact: true }).selectOption('instagram');
    await page.getByRole('button', { name: 'Continue to Instagram' }).click();
    await page.waitForURL(/\/channels\?connected=/);
    await page.locator('.channel').filter({ has: page.getByTitle('Instagram') }).getByText('connected').waitFor();

    // LinkedIn: a member's token ends after 60 days; the channel says when to reconnect.
    await page.getByLabel('Network', { exact: true }).selectOption('linkedin');
    await page.getByRole('button', { name: 'Continue to LinkedIn' }).click();
    await page.waitForURL(/\/channels\?connected=/);
    const member = page.locator('.channel', { hasText: 'Lena Luna' });
    await member.getByText('connected').waitFor();
    await member.getByText(/Access ends .*: connect this account again before then/).waitFor();
    // YouTube through Google's consent (its contract fake): the login's channel connects at once.
    await page.getByLabel('Network', { exact: true }).selectOption('youtube');
    await page.getByRole('button', { name: 'Continue to YouTube' }).click();
    await page.waitForURL(/\/channels\?connected=/);
    const tube = page.locator('.channel').filter({ has: page.getByTitle('YouTube') });
    await tube.getByText('connected').waitFor();
    await tube.getByText('Access is renewed automatically.').waitFor();

    // Pinterest: the account connects; its boards are chosen per post in the composer.
    await page.getByLabel('Network', { exact: true }).selectOption('pinterest');
    await page.getByRole('button', { name: 'Continue to Pinterest' }).click();
    await page.waitForURL(/\/channels\?connected=/);
    await page.locator('.channel').filter({ has: page.getByTitle('Pinterest') }).getByText('connected').waitFor();

    // TikTok: the creator connects; who can watch is chosen per post in the composer.
    await page.getByLabel('Network', { exact: true }).selectOption('tiktok');
    await page.getByRole('button', { name: 'Continue to TikTok' }).click();
    await page.waitForURL(/\/channels\?connected=/);
    const creator = page.locator('.channel').filter({ has: page.getByTitle('TikTok') });
    await creator.getByText('connected').waitFor();
    await creator.getByText('Access is renewed automatically.').waitFor();

    // The queue's slots: a preset, then a time of one's own on the days wanted.
    const luna = page.locator('.channel', { hasText: 'luna' }).first();
    await luna.getByRole('button', { name: 'Queue and slots' }).click();
    await luna.getByRole('button', { name: 'Weekdays 09:00, 12:30, 17:00' }).click();
    assert.equal(await luna.locator('.slot-time').count(), 3);
    for (let i = 0; i < 3; i++) await luna.getByRole('button', { name: 'Remove slot 1' }).click();
    await luna.getByRole('button', { name: 'Add a time' }).click();
    await luna.getByLabel('Time of slot 1').fill('08:30');
    for (const day of ['Sat', 'Sun']) await luna.getByRole('button', { name: `${day} at 08:30` }).click();
    assert.equal(await luna.getByRole('button', { name: 'Sun at 08:30' }).getAttribute('aria-pressed'), 'true');
    await luna.getByRole('button', { name: 'Save slots' }).click();
    await page.getByText('Posting slots saved').waitFor();
    await luna.locator('.queue-timeline li.free').first().waitFor();
    await shot('03-channels');

    // A pause holds the channel's posts; the row says so until it is resumed.
    await luna.getByRole('button', { name: 'Pause publishing' }).click();
    await luna.getByText(/^Publishing is paused since .* \(by .*\)/).waitFor();
    await luna.locator('.pill.status-paused').waitFor();
    await shot('03b-channel-paused');
    await luna.getByRole('button', { name: 'Resume publishing' }).click();
    await page.getByText('Publishing resumed.').waitFor();
    await luna.getByRole('button', { name: 'Pause publishing' }).waitFor();
    assert.equal(await luna.locator('.pill.status-paused').count(), 0);
  });

  test('media library: upload with alt text', async () => {
    await page.getByRole('link', { name: 'Media' }).click();
    await page.locator('input[type=file]').setInputFiles({ name: 'latte.png', mimeType: 'image/png', buffer: png() });
    const tile = page.locator('.media-grid li', { hasText: 'latte.png' });
    await tile.waitFor();
    await tile.getByLabel('Alt text').fill('A latte with a heart in the foam');
    await tile.getByLabel('Alt text').blur();
    await page.getByText('Alt text saved').waitFor();
    // Dropped on the drop zone, as a file dragged from the desktop arrives.
    const bytes = [...png(200, 120)];
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'croissant.png', { type: 'image/png' }));
      return transfer;
    }, bytes);
    await page.locator('.dropzone').dispatchEvent('dragover', { dataTransfer });
    assert.match(await page.locator('.dropzone').getAttribute('class'), /\bover\b/);
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
    await page.locator('.media-grid li', { hasText: 'croissant.png' }).waitFor();
    await shot('04-media');
  });

  test('composer: the X variant is too long, underlined, fixed and scheduled', async () => {
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByRole('heading', { name: 'Compose' }).waitFor();
    await page.getByRole('checkbox', { name: 'Test network luna' }).check();
    await page.getByRole('checkbox', { name: /^X Café Luna/ }).check();
    await page.getByRole('checkbox', { name: /Lena Luna/ }).check();
    await page.getByLabel('Text', { exact: true }).fill('Winter menu is here: spiced latte, orange cake. https://cafe-luna.example/winter');
    await page.getByRole('tab', { name: /^X/ }).click();
    const variant = page.getByLabel(/^Text for X/);
    await variant.fill('Winter at Café Luna! ' + 'Spiced latte, orange cake and a warm corner by the window. '.repeat(6));
    const flagged = page.locator('.highlighted mark.flag[data-code="too_long"]');
    await flagged.waitFor();
    assert.match(await page.getByRole('tab', { name: /^X/ }).innerText(), /\/\s*280/);
    // On a channel's tab without its own media, the button adds to every channel's.
    await page.getByRole('button', { name: 'Add media to all channels (0)' }).click();
    await page.locator('.dialog .media-grid input[type=checkbox]').first().check();
    await page.getByRole('button', { name: 'Use 1 file' }).click();
    await page.getByLabel('Date').fill(berlinDate(1));
    await page.getByLabel('Time').fill('10:00');
    assert.equal(await page.getByRole('button', { name: 'Schedule' }).isDisabled(), true, 'too long: cannot schedule');
    await shot('05-composer-too-long');

    await variant.fill('Winter at Café Luna: spiced latte and orange cake ☕ https://cafe-luna.example/winter');
    await flagged.waitFor({ state: 'detached' });
    await page.waitForFunction(() => !document.querySelector('.tab.invalid'));
    await shot('06-composer');
    // Leaving with unsaved work asks first; saying no keeps everything.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Calendar' }).click();
    assert.match(asked, /unsaved changes/);
    assert.match(await variant.inputValue(), /^Winter at Café Luna: spiced latte/);
    // The tabs work with the arrow keys.
    await page.getByRole('tab', { name: /^X/ }).focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByRole('tab', { name: /^Test network/ }).getAttribute('aria-selected'), 'true');
    // Its first comment goes under the post once the post is out.
    await page.getByLabel('First comment').fill('Prices and allergens: https://cafe-luna.example/winter');
    await page.getByText('Posted under the post by luna once it is published').waitFor();
    await page.getByRole('article', { name: 'Test network preview' }).getByLabel('First comment').getByText(/Prices and allergens/).waitFor();
    await shot('06a-composer-first-comment');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    await page.locator('tr[data-network="testnet"]').getByText('scheduled').waitFor();
  });

  test('composer: the media dialog works by keyboard alone', async () => {
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByRole('heading', { name: 'Compose' }).waitFor();
    const opener = page.getByRole('button', { name: 'Add media (0)' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add media to the post' });
    await dialog.waitFor();
    const focusInDialog = () => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
    assert.ok(await focusInDialog(), 'the dialog takes focus');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await focusInDialog(), `focus stays in the dialog (Tab ${i + 1})`);
    }
    // Space on a file's box chooses it.
    await dialog.locator('.media-grid input[type=checkbox]').first().focus();
    await page.keyboard.press('Space');
    await dialog.getByRole('button', { name: 'Use 1 file' }).waitFor();
    await shot('06d-composer-media-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Add media (0)', 'focus returns to the button; Escape chose nothing');
  });

  test('composer: a pin goes on the board chosen from the account\'s boards, and to TikTok for the audience chosen', async () => {
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByRole('heading', { name: 'Compose' }).waitFor();
    await page.getByRole('checkbox', { name: /^Pinterest Café Luna/ }).check();
    await page.getByRole('checkbox', { name: /^TikTok Café Luna/ }).check();
    await page.getByLabel('Text', { exact: true }).fill('Our latte art, step by step.');
    await page.getByRole('textbox', { name: 'Title' }).fill('Latte art at Café Luna');
    await page.getByRole('textbox', { name: 'Link' }).fill('https://cafeluna.de/latte');
    await page.getByRole('button', { name: 'Add media (0)' }).click();
    await page.locator('.dialog .media-grid input[type=checkbox]').first().check();
    await page.getByRole('button', { name: 'Use 1 file' }).click();
    // Without a board the pin cannot go out: the composer says so at the board's field.
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.getByRole('tab', { name: /^Pinterest/ }).and(page.locator('[aria-selected=true]')).waitFor();
    const board = page.getByLabel('Board');
    await page.locator('.field.invalid', { has: board }).getByText(/choose the board the pin goes to/).waitFor();
    assert.deepEqual(await board.locator('option').allInnerTexts(), ['Choose a board', 'Recipes', 'Café life (secret)', 'Board 3']);
    await board.selectOption({ label: 'Café life (secret)' });
    await page.locator('.field.invalid', { has: board }).waitFor({ state: 'detached' });
    // The pin shows another file than the other channels, with its own alt text.
    await page.getByRole('button', { name: 'Use other media on Pinterest' }).click();
    await page.getByRole('button', { name: 'Add media on Pinterest (0)' }).click();
    await page.locator('.dialog .media-grid li', { hasText: 'croissant.png' }).locator('input[type=checkbox]').check();
    await page.getByRole('button', { name: 'Use 1 file' }).click();
    await page.getByLabel('Alt text on Pinterest').fill('A croissant on a blue plate');
    await page.getByRole('article', { name: 'Pinterest preview' }).getByRole('img', { name: 'A croissant on a blue plate' }).waitFor();
    assert.equal(await page.getByRole('article', { name: 'TikTok preview' }).getByRole('img', { name: 'A croissant on a blue plate' }).count(), 0);
    await shot('06b-composer-pinterest-board');
    // TikTok asks who may watch every post, among the creator's own choices, with no default.
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.getByRole('tab', { name: /^TikTok/ }).and(page.locator('[aria-selected=true]')).waitFor();
    const audience = page.getByLabel('Who can watch');
    await page.locator('.field.invalid', { has: audience }).getByText(/choose who can watch the post/).waitFor();
    assert.deepEqual(await audience.locator('option').allInnerTexts(),
      ['Choose who can watch', 'Everyone', 'Friends (followers you follow back)', 'Followers', 'Only me']);
    await audience.selectOption({ label: 'Everyone' });
    await page.getByText("By posting, you agree to TikTok's Music Usage Confirmation.").waitFor();
    await shot('06c-composer-tiktok-audience');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    await page.locator('tr[data-network="pinterest"]').getByText('published').waitFor();
    await page.locator('tr[data-network="pinterest"]').getByText('Own media: A croissant on a blue plate').waitFor();
    await page.locator('tr[data-network="tiktok"]').getByText('published').waitFor();
  });

  test('calendar: the post is on its day and moves to another by drag and drop', async () => {
    await page.getByRole('link', { name: 'Calendar' }).click();
    const event = page.locator('.fc-event', { hasText: 'Winter menu' });
    await event.waitFor();
    const from = berlinDate(1);
    const to = berlinDate(3);
    assert.equal(await page.locator(`td.fc-day[data-date="${from}"] .fc-event`).count(), 1);
    const box = await event.boundingBox();
    const target = await page.locator(`td.fc-day[data-date="${to}"]`).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(box.x + ((target.x + target.width / 2 - box.x) * i) / 10, box.y + ((target.y + target.height / 2 - box.y) * i) / 10);
    await page.mouse.up();
    await page.getByText(/^Moved to/).waitFor();
    await page.locator(`td.fc-day[data-date="${to}"] .fc-event`).waitFor();
    await shot('07-calendar');
    await page.getByRole('button', { name: 'List', exact: true }).click();
    // The list is this week's, Monday first: from Friday on, three days ahead is next week.
    const mondayFirst = (new Date(berlinDate(0) + 'T12:00:00Z').getUTCDay() + 6) % 7;
    if (mondayFirst + 3 > 6) await page.locator('.fc-next-button').click();
    await page.locator('.fc-list-event', { hasText: 'Winter menu' }).waitFor();
    // The list shows each channel's own text, whole, with how the post stands.
    await page.locator('.fc-list-event', { hasText: 'Winter at Café Luna: spiced latte and orange cake' }).waitFor();
    await page.locator('.fc-list-event .pill.status-scheduled').first().waitFor();
    await shot('07e-calendar-list');
    if (mondayFirst + 3 > 6) await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    // The queue's slot (08:30 on the test network) lies faintly behind each day still to come
    // (late on a Sunday, those of next week).
    const slot = page.locator('.fc-bg-event.queue-slot').first();
    await slot.waitFor({ timeout: 5_000 }).catch(async () => {
      await page.locator('.fc-next-button').click();
      await slot.waitFor();
    });
    await shot('07f-calendar-week');
    await page.getByRole('button', { name: 'Month', exact: true }).click();
  });

  test('calendar: a busy day draws its first posts and "+N more", which opens the day as a list', async () => {
    // Six posts on one day, through the API as a script would make them.
    const session = await (await page.request.get(base + '/api/v1/auth/me')).json();
    const headers = { 'X-CSRF-Token': session.csrf_token };
    const brands = (await (await page.request.get(base + '/api/v1/brands')).json()).items;
    const luna = brands.find((b) => b.name === 'Café Luna');
    const channels = (await (await page.request.get(base + `/api/v1/channels?brand_id=${luna.id}`)).json()).items;
    const testnet = channels.find((c) => c.network === 'testnet');
    const day = berlinDate(5);
    for (let hour = 8; hour < 14; hour++) {
      const answer = await page.request.post(base + '/api/v1/posts', {
        headers,
        data: { brand_id: luna.id, text: `Lunch special ${hour}`, targets: [{ channel_id: testnet.id }], scheduled_at: `${day}T${pad(hour)}:00` },
      });
      assert.equal(answer.status(), 201, await answer.text());
    }
    await page.reload();
    const cell = page.locator(`td.fc-day[data-date="${day}"]`);
    await cell.locator('.cal-more').waitFor();
    assert.deepEqual(await cell.locator('.cal-title').allInnerTexts(), ['Lunch special 8', 'Lunch special 9', 'Lunch special 10']);
    assert.equal(await cell.locator('.cal-more').innerText(), '+3 more');
    // Within its own day's cell.
    const [moreBox, cellBox] = [await cell.locator('.cal-more').boundingBox(), await cell.boundingBox()];
    assert.ok(moreBox.x + moreBox.width <= cellBox.x + cellBox.width && moreBox.y + moreBox.height <= cellBox.y + cellBox.height);
    await shot('07b-calendar-busy-day');
    await cell.locator('.cal-more').click();
    await page.locator('.fc-list-event', { hasText: 'Lunch special 13' }).waitFor();
    assert.equal(await page.locator('.fc-list-event').count(), 6);
    await page.getByRole('button', { name: 'Month', exact: true }).click();
  });

  test('calendar: a draft without a date waits in the drafts panel and is scheduled by dragging it onto a day', async () => {
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByRole('heading', { name: 'Compose' }).waitFor();
    // An empty composer is not a mistake: nothing red before anything is written.
    await page.getByRole('checkbox', { name: 'Test network luna' }).check();
    await page.waitForTimeout(600);
    assert.equal(await page.locator('.problems, .tab.invalid, .field-error').count(), 0);
    await page.getByLabel('Text', { exact: true }).fill('Idea: a latte art workshop for regulars');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    await page.getByText('Draft: not scheduled').waitFor();
    await page.getByRole('link', { name: 'Calendar' }).click();
    const panel = page.getByRole('complementary', { name: 'Drafts and ideas' });
    const card = panel.locator('.draft-card', { hasText: 'latte art workshop' });
    await card.waitFor();
    await shot('07c-calendar-drafts-panel');
    const day = berlinDate(4);
    const box = await card.boundingBox();
    const target = await page.locator(`td.fc-day[data-date="${day}"]`).boundingBox();
    await page.mouse.move(box.x + 20, box.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(box.x + 20 + ((target.x + target.width / 2 - box.x - 20) * i) / 12, box.y + 10 + ((target.y + target.height / 2 - box.y - 10) * i) / 12);
    await page.mouse.up();
    await page.getByText(/^Scheduled for .*09:00/).waitFor(); // en-GB: "7 Dec 2026, 09:00"
    await page.locator(`td.fc-day[data-date="${day}"] .fc-event`, { hasText: 'latte art workshop' }).waitFor();
    await card.waitFor({ state: 'detached' });
    await shot('07d-calendar-draft-scheduled');
  });

  test('composer: a weekly post for three weeks, its mentions and tags set apart in the preview', async () => {
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByRole('heading', { name: 'Compose' }).waitFor();
    await page.getByRole('checkbox', { name: 'Test network luna' }).check();
    await page.getByLabel('Text', { exact: true }).fill('Jazz Thursday with @trio.bsky.social #jazz #LiveMusic https://cafe-luna.example/jazz');
    const preview = page.getByRole('article', { name: 'Test network preview' });
    await preview.locator('.preview-mention', { hasText: '@trio.bsky.social' }).waitFor();
    assert.deepEqual(await preview.locator('.preview-tag').allInnerTexts(), ['#jazz', '#LiveMusic']);
    await preview.locator('.preview-link', { hasText: 'cafe-luna.example/jazz' }).waitFor();
    const first = berlinDate(15);
    await page.getByLabel('Date').fill(first);
    await page.getByLabel('Time').fill('20:00');
    await page.getByLabel('Repeat').selectOption('week');
    await page.getByLabel('Ends').selectOption('after');
    await page.getByLabel('Times in all').fill('3');
    const weekday = new Date(first + 'T12:00:00Z').toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
    await page.getByText(`↻ Every ${weekday} at 20:00, 3 times`).waitFor();
    await shot('06e-composer-series');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    const note = page.locator('.series-note');
    await note.getByText(`↻ Every ${weekday} at 20:00, 3 times`).waitFor();
    await note.getByRole('button', { name: 'Stop the series' }).waitFor();
    await shot('08b-post-detail-series');
    await page.getByRole('link', { name: 'Calendar' }).click();
    await page.locator('.fc-event', { hasText: 'Winter menu' }).waitFor();
  });

  test('post detail: published now, with its link and history', async () => {
    await page.locator('.fc-event', { hasText: 'Winter menu' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    await page.getByText(/^For .*10:00/).waitFor();
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.locator('tr[data-network="testnet"]').getByText('published').waitFor({ timeout: 30_000 });
    await page.locator('tr[data-network="testnet"]').getByRole('link', { name: /View on/ }).waitFor();
    await page.locator('.history li', { hasText: 'with its first comment' }).waitFor();
    await page.locator('tr[data-network="testnet"]').getByText('First comment: Prices and allergens').waitFor();
    await page.locator('tr[data-network="x"]').getByText('published').waitFor({ timeout: 30_000 });
    await page.locator('tr[data-network="linkedin"]').getByText('published').waitFor({ timeout: 30_000 });
    await page.locator('tr[data-network="linkedin"]').getByRole('link', { name: /View on/ }).waitFor();
    assert.ok((await page.locator('.history li').count()) >= 4);
    await shot('08-post-detail');
  });

  test('composer: a draft, a scheduled and a queued post of one brand are edited while another brand is selected', async () => {
    const { luna, testnet } = await lunaChannels();
    const make = (body) => apiCall('POST', '/posts', { brand_id: luna.id, targets: [{ channel_id: testnet.id }], ...body });
    const draft = await make({ text: 'Draft: soup idea' });
    const scheduled = await make({ text: 'Scheduled: jazz night', scheduled_at: `${berlinDate(9)}T19:00` });
    const queued = await make({ text: 'Queued: new mugs', queue: true });
    const side = async () => {
      await page.getByRole('combobox', { name: 'Brand' }).selectOption({ label: 'Side Project' });
      await page.getByRole('link', { name: 'Calendar' }).click();
      await page.getByRole('heading', { name: 'Calendar' }).waitFor();
    };
    const brandShown = () => page.getByRole('combobox', { name: 'Brand' }).locator('option:checked').innerText();

    // The draft: its text, a second channel, a file and a time; then scheduled.
    await side();
    await page.goto(base + `/compose?post=${draft.id}`);
    await page.getByRole('heading', { name: 'Edit post' }).waitFor();
    assert.equal(await brandShown(), 'Café Luna', 'the switcher follows the post');
    assert.equal(await page.getByLabel('Text', { exact: true }).inputValue(), 'Draft: soup idea');
    assert.equal(await page.locator('.field-error, .problems').count(), 0, 'a loaded draft that is fine shows no complaint');
    await page.getByLabel('Text', { exact: true }).fill('Pumpkin soup is back on Friday');
    await page.getByRole('checkbox', { name: /^X Café Luna/ }).check();
    // A new photo, uploaded without leaving the post: it is chosen as soon as it is in.
    await page.getByRole('button', { name: 'Add media (0)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add media to the post' });
    assert.equal(await dialog.getByRole('button', { name: 'Use no files' }).isDisabled(), true);
    await dialog.locator('input[type=file]').setInputFiles({ name: 'soup.png', mimeType: 'image/png', buffer: png(240, 160) });
    await dialog.locator('.media-grid li.chosen', { hasText: 'soup.png' }).waitFor();
    await dialog.locator('.media-grid li', { hasText: 'soup.png' }).getByLabel('Alt text').fill('A bowl of pumpkin soup\nwith seeds on top');
    await dialog.locator('.media-grid li', { hasText: 'soup.png' }).getByLabel('Alt text').blur();
    await shot('13-composer-upload');
    await dialog.getByRole('button', { name: 'Use 1 file' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('article', { name: 'X preview' }).getByRole('img', { name: /A bowl of pumpkin soup/ }).waitFor();
    await page.getByLabel('Date').fill(berlinDate(10));
    await page.getByLabel('Time').fill('12:15');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    await page.locator('tr[data-network="x"]').getByText('scheduled').waitFor();
    await page.locator('tr[data-network="testnet"]').getByText('scheduled').waitFor();
    await page.getByText('Pumpkin soup is back on Friday').waitFor();
    await page.getByText(/12:15/).first().waitFor();
    const afterDraft = await apiCall('GET', `/posts/${draft.id}`);
    assert.equal(afterDraft.media.length, 1);
    assert.deepEqual(afterDraft.targets.map((t) => t.network).sort(), ['testnet', 'x']);
    // The history says what the edit changed, and who made it.
    await page.locator('.history li[data-kind="edited"]', { hasText: /text and media changed by / }).first().waitFor();
    await shot('13a-edited-draft');

    // The scheduled post, from its page: another text and time, one channel removed and one added.
    await side();
    await page.goto(base + `/posts/${scheduled.id}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit post' }).waitFor();
    assert.equal(await brandShown(), 'Café Luna');
    await page.getByLabel('Text', { exact: true }).fill('Jazz night moves to Saturday');
    await page.getByRole('checkbox', { name: /Lena Luna/ }).check();
    await page.getByRole('checkbox', { name: 'Test network luna' }).uncheck();
    await page.getByLabel('Date').fill(berlinDate(11));
    await page.getByLabel('Time').fill('20:30');
    await shot('13b-editing-scheduled');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    await page.locator('tr[data-network="linkedin"]').getByText('scheduled').waitFor();
    assert.equal(await page.locator('tr[data-network="testnet"]').count(), 0);
    const afterScheduled = await apiCall('GET', `/posts/${scheduled.id}`);
    assert.equal(afterScheduled.text, 'Jazz night moves to Saturday');
    await page.getByText(/^For .*20:30/).waitFor();

    // The queued post keeps its place in the queue with a new text.
    await side();
    await page.goto(base + `/compose?post=${queued.id}`);
    await page.getByRole('heading', { name: 'Edit post' }).waitFor();
    await page.getByLabel('Text', { exact: true }).fill('Queued: new mugs, hand-made in Leipzig');
    await page.getByRole('button', { name: 'Add to queue' }).click();
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    const afterQueued = await apiCall('GET', `/posts/${queued.id}`);
    assert.equal(afterQueued.text, 'Queued: new mugs, hand-made in Leipzig');
    assert.equal(afterQueued.targets[0].status, 'scheduled');
    assert.equal(afterQueued.targets[0].queued, true);
    await shot('13c-edited-queued');
  });

  // An invitation link, opened by the invited person in a browser of their own: they join
  // with a password they choose, and land in the organisation.
  const joinByLink = async (link, { name, password, shotName }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const invited = await context.newPage();
    await invited.goto(link);
    await invited.getByRole('heading', { name: /^Join / }).waitFor();
    if (shotName) await shot(shotName, invited);
    await invited.getByLabel('Password').fill(password);
    await invited.getByLabel('Your name').fill(name);
    await invited.getByRole('button', { name: /^Join / }).click();
    await invited.getByRole('heading', { name: 'Calendar' }).waitFor();
    return { context, invited };
  };
  const invite = async (email, name, role) => {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Role', { exact: true }).selectOption(role);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = page.getByLabel(`Invitation link for ${email}`);
    await link.waitFor();
    return link.inputValue();
  };
  let cleoLink;

  test('settings: invite members, change roles, create API tokens', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const samLink = await invite('sam@cafe-luna.example', 'Sam', 'editor');
    assert.match(samLink, /\/invite#chorus_inv_/);
    await page.locator('li[data-invitation="sam@cafe-luna.example"]').waitFor();
    await shot('09a-invitation-link');
    const { context } = await joinByLink(samLink, { name: 'Sam', password: 'another good password', shotName: '09b-invitation-page' });
    await context.close();
    // The link worked once: a second visit says so.
    const again = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const used = await again.newPage();
    await used.goto(samLink);
    await used.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await again.close();

    await page.reload();
    const sam = page.locator('li[data-member="sam@cafe-luna.example"]');
    await sam.waitFor();
    assert.equal(await page.locator('li[data-invitation="sam@cafe-luna.example"]').count(), 0, 'a joined member is no longer pending');
    await sam.getByLabel(/Role of/).selectOption('admin');
    await page.getByText('Role changed').waitFor();
    const firstCleoLink = await invite('cleo@cafe-luna.example', 'Cleo', 'contributor');
    // Lost in an e-mail: a new link from the pending row replaces the first one.
    await page.locator('li[data-invitation="cleo@cafe-luna.example"]').getByRole('button', { name: 'New link' }).click();
    await page.waitForFunction((old) => document.querySelector('input.secret')?.value !== old, firstCleoLink);
    cleoLink = await page.getByLabel('Invitation link for cleo@cafe-luna.example').inputValue();
    assert.notEqual(cleoLink, firstCleoLink);
    const stale = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const stalePage = await stale.newPage();
    await stalePage.goto(firstCleoLink);
    await stalePage.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await stale.close();
    await page.getByLabel('Token name').fill('deploy script');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('code.secret').waitFor();
    assert.match(await page.locator('code.secret').innerText(), /^chorus_pat_/);
    await shot('09-settings');
  });

  test('account menu: another organisation of hers is a switch away, and back', async () => {
    await apiCall('POST', '/orgs', { name: 'Side agency' });
    await page.goto(base + '/calendar');
    await page.locator('.account-menu summary').click();
    await page.getByText('owner of Café Luna Ltd').waitFor();
    await page.getByRole('button', { name: 'Switch to Side agency' }).click();
    await page.getByRole('heading', { name: 'Welcome to Chorus' }).waitFor();
    await page.locator('.account-menu summary').click();
    await shot('09c-switched-organisation');
    await page.getByRole('button', { name: 'Switch to Café Luna Ltd' }).click();
    await page.getByRole('heading', { name: 'Calendar' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Brand' }).inputValue() !== '', true, 'the brands of Café Luna are back');
  });

  test('a contributor joins by her link, is told before any click that posts go out through an editor, and saves drafts', async () => {
    const { context, invited: cleo } = await joinByLink(cleoLink, { name: 'Cleo', password: 'cleo bakes on sundays' });
    try {
      await cleo.getByRole('combobox', { name: 'Brand' }).selectOption({ label: 'Café Luna' });
      await cleo.getByRole('link', { name: 'New post' }).click();
      await cleo.getByRole('heading', { name: 'Compose' }).waitFor();
      await cleo.getByText(/As a contributor, you can save this post as a draft/).waitFor();
      await cleo.getByRole('checkbox', { name: 'Test network luna' }).check();
      await cleo.getByLabel('Text', { exact: true }).fill('Cleo\'s idea: a pastry of the month');
      for (const name of ['Schedule', 'Add to queue', 'Publish now'])
        assert.equal(await cleo.getByRole('button', { name }).isDisabled(), true, `${name} is not offered to a contributor`);
      await shot('14-contributor-composer', cleo);
      await cleo.getByRole('button', { name: 'Save draft' }).click();
      await cleo.getByRole('heading', { name: 'Post' }).waitFor();
      assert.equal(await cleo.getByRole('button', { name: 'Publish now' }).count(), 0);
    } catch (error) {
      await cleo.screenshot({ path: join(out, '14-contributor-FAILED.png'), fullPage: true });
      throw error;
    } finally {
      await context.close();
    }
  });

  test('on a 390 px phone the calendar and the composer fit the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', storageState: await page.context().storageState(),
      isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const phone = await context.newPage();
    try {
      const fits = () => phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      await phone.goto(base + '/calendar');
      await phone.locator('.fc-daygrid-day').first().waitFor();
      const list = phone.getByRole('button', { name: 'List', exact: true });
      const box = await list.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `List is on screen: ${JSON.stringify(box)}`);
      assert.ok(await fits(), 'the calendar page does not scroll sideways');
      const nav = await phone.getByRole('navigation', { name: 'Main' }).boundingBox();
      assert.ok(nav.height < 60, `the navigation is one line, not ${nav.height}px`);
      await shot('15a-phone-calendar', phone);
      await phone.getByRole('link', { name: 'Compose' }).click();
      await phone.getByRole('heading', { name: 'Compose' }).waitFor();
      await phone.getByRole('checkbox', { name: 'Test network luna' }).check();
      await phone.getByRole('checkbox', { name: /^X Café Luna/ }).check();
      await phone.getByLabel('Text', { exact: true }).fill('Open until 22:00 on Fridays from next week.');
      assert.ok(await fits(), 'the composer does not scroll sideways');
      await shot('15b-phone-composer', phone);
    } finally {
      await context.close();
    }
  });

  test('dark mode follows the system, and a post opens from the calendar by keyboard', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('link', { name: 'Calendar' }).click();
    const event = page.getByRole('link', { name: /Winter menu/ });
    await event.waitFor();
    await shot('10-calendar-dark');
    await event.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Post' }).waitFor();
    await shot('11-post-detail-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('account: the password is changed from the account menu', async () => {
    await page.locator('.account-menu summary').click();
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByLabel('Current password').fill('not it at all');
    await page.getByLabel('New password', { exact: true }).fill('purple otter on a tandem');
    await page.getByLabel('New password again').fill('purple otter on a tandem');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.field.invalid', { has: page.getByLabel('Current password') }).getByText('The current password is not right').waitFor();
    assert.equal(await page.getByLabel('Current password').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Current password').fill(owner.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    await shot('12a-account');
    owner.password = 'purple otter on a tandem';
  });

  test('sign out, and sign in again on the remembered brand', async () => {
    await page.locator('.account-menu summary').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Chorus' }).waitFor();
    await page.getByLabel('E-mail').fill(owner.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot('12-sign-in');
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Calendar' }).waitFor().catch(async (error) => {
      await shot('12-sign-in-failed');
      throw error;
    });
    assert.equal(await page.getByRole('combobox', { name: 'Brand' }).locator('option:checked').innerText(), 'Café Luna');
  });
});
