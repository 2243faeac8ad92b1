// End-to-end tests of the web app: a real `chorus serve` (fresh data directory, first-run
// page enabled, the fake test network as its only connectable network besides Bluesky and
// Mastodon) on loopback, driven by Debian's chromium through playwright-core. Every test
// saves a screenshot under --out.
//   node e2e/run.mjs --chorus PATH --fake-network PATH --out DIR
// Exits 77 (ctest: skipped) when no chromium is installed, unless CHORUS_REQUIRE_BROWSER=1.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { chorus: { type: 'string' }, 'fake-network': { type: 'string' }, out: { type: 'string' } } });
const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!browser) {
  console.error('No chromium found (Debian package chromium).');
  process.exit(process.env.CHORUS_REQUIRE_BROWSER === '1' ? 1 : 77);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// Starts a process and resolves once `ready(line)` accepts a line of its output.
function start(command, argv, env, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      for (const line of output.split('\n')) {
        const value = ready(line);
        if (value) return resolve({ child, value });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
    setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 60_000).unref();
  });
}

const out = args.out ?? join(tmpdir(), 'chorus-web-e2e');
mkdirSync(out, { recursive: true });
const data = mkdtempSync(join(tmpdir(), 'chorus-e2e-'));
const fake = await start(args['fake-network'], [], {}, (line) => line.startsWith('{"url"') && JSON.parse(line));
const port = await freePort();
const chorus = await start(
  args.chorus,
  ['serve', '--listen', `127.0.0.1:${port}`, '--data', data, '--first-owner', 'web', '--testnet-url', fake.value.url,
   '--public-url', `http://127.0.0.1:${port}`],
  {
    ASAN_OPTIONS: 'detect_leaks=0',
    // X through its contract fake: the OAuth round trip happens in the browser.
    CHORUS_X_CLIENT_ID: 'chorus-test-client',
    CHORUS_X_CLIENT_SECRET: 'chorus-test-secret',
    CHORUS_X_API_URL: fake.value.x_url,
    CHORUS_X_AUTHORIZE_URL: fake.value.x_url + '/i/oauth2/authorize',
    CHORUS_THREADS_CLIENT_ID: 'chorus-threads-app',
    CHORUS_THREADS_CLIENT_SECRET: 'chorus-threads-secret',
    CHORUS_THREADS_API_URL: fake.value.threads_url,
    CHORUS_THREADS_AUTHORIZE_URL: fake.value.threads_url + '/oauth/authorize',
    CHORUS_FACEBOOK_CLIENT_ID: 'chorus-meta-app',
    CHORUS_FACEBOOK_CLIENT_SECRET: 'chorus-meta-secret',
    CHORUS_FACEBOOK_API_URL: fake.value.facebook_url,
    CHORUS_FACEBOOK_AUTHORIZE_URL: fake.value.facebook_url + '/v24.0/dialog/oauth',
    // Instagram is reached through the same Meta app and Graph host.
    CHORUS_INSTAGRAM_CLIENT_ID: 'chorus-meta-app',
    CHORUS_INSTAGRAM_CLIENT_SECRET: 'chorus-meta-secret',
    CHORUS_INSTAGRAM_API_URL: fake.value.facebook_url,
    CHORUS_INSTAGRAM_AUTHORIZE_URL: fake.value.facebook_url + '/v24.0/dialog/oauth',
    CHORUS_LINKEDIN_CLIENT_ID: 'chorus-linkedin-app',
    CHORUS_LINKEDIN_CLIENT_SECRET: 'chorus-linkedin-secret',
    CHORUS_LINKEDIN_API_URL: fake.value.linkedin_url,
    CHORUS_LINKEDIN_AUTHORIZE_URL: fake.value.linkedin_url + '/oauth/v2/authorization',
    CHORUS_YOUTUBE_CLIENT_ID: 'chorus-youtube-app.apps.googleusercontent.com',
    CHORUS_YOUTUBE_CLIENT_SECRET: 'chorus-youtube-secret',
    CHORUS_YOUTUBE_API_URL: fake.value.youtube_url,
    CHORUS_YOUTUBE_AUTHORIZE_URL: fake.value.youtube_url + '/o/oauth2/v2/auth',
  },
  (line) => line.includes('listening'),
);

process.env.CHORUS_E2E_URL = `http://127.0.0.1:${port}`;
process.env.CHORUS_E2E_OUT = out;
process.env.CHORUS_E2E_BROWSER = browser;

const tests = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=300000', new URL('./app.test.mjs', import.meta.url).pathname], {
  stdio: 'inherit',
});
const code = await new Promise((resolve) => tests.on('exit', (status) => resolve(status ?? 1)));

chorus.child.kill('SIGTERM');
fake.child.kill('SIGTERM');
rmSync(data, { recursive: true, force: true });
console.log(`\nScreenshots: ${out}`);
process.exit(code === 0 ? 0 : 1);
