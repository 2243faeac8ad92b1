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
// The environment that registers a network's app with Chorus (docs/NETWORKS.md).
function networkApp(network, clientId, clientSecret, apiUrl, authorizePath) {
  return {
    [`CHORUS_${network}_CLIENT_ID`]: clientId,
    [`CHORUS_${network}_CLIENT_SECRET`]: clientSecret,
    [`CHORUS_${network}_API_URL`]: apiUrl,
    [`CHORUS_${network}_AUTHORIZE_URL`]: apiUrl + authorizePath,
  };
}

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
    // Each network's app, pointed at its contract fake: the OAuth round trips happen in the browser.
    ...networkApp('X', 'chorus-test-client', 'chorus-test-secret', fake.value.x_url, '/i/oauth2/authorize'),
    ...networkApp('THREADS', 'chorus-threads-app', 'chorus-threads-secret', fake.value.threads_url, '/oauth/authorize'),
    ...networkApp('FACEBOOK', 'chorus-meta-app', 'chorus-meta-secret', fake.value.facebook_url, '/v24.0/dialog/oauth'),
    // Instagram is reached through the same Meta app and Graph host.
    ...networkApp('INSTAGRAM', 'chorus-meta-app', 'chorus-meta-secret', fake.value.facebook_url, '/v24.0/dialog/oauth'),
    ...networkApp('LINKEDIN', 'chorus-linkedin-app', 'chorus-linkedin-secret', fake.value.linkedin_url, '/oauth/v2/authorization'),
    ...networkApp('YOUTUBE', 'chorus-youtube-app.apps.googleusercontent.com', 'chorus-youtube-secret', fake.value.youtube_url,
      '/o/oauth2/v2/auth'),
    ...networkApp('PINTEREST', '1499999', 'chorus-pinterest-secret', fake.value.pinterest_url, '/oauth/'),
    ...networkApp('TIKTOK', 'awchorustiktok01', 'chorus-tiktok-secret', fake.value.tiktok_url, '/v2/auth/authorize/'),
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
