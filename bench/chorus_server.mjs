// What the Node benches share: a `chorus serve` of the bench build on a free loopback port
// over a fresh data directory, and its first owner signed in through the first-run API.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

// { base, process, scratch, auth (Cookie and X-CSRF-Token headers), stop() }
export async function startChorus(binary, name) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const scratch = mkdtempSync(join(tmpdir(), `chorus-bench-${name}-`));
  const server = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--data', join(scratch, 'data'), '--first-owner', 'web', '--publishers', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let seen = '';
    const look = (chunk) => ((seen += chunk), seen.includes('listening') && resolve());
    server.stdout.on('data', look);
    server.stderr.on('data', look);
    server.on('exit', (code) => reject(new Error(`chorus exited ${code}: ${seen}`)));
  });
  const setup = await fetch(base + '/api/v1/setup', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ organisation: 'Bench', email: 'bench@example.com', password: 'bench password 1' }),
  });
  const cookie = setup.headers.get('set-cookie').split(';')[0];
  const { csrf_token } = await setup.json();
  return {
    base,
    process: server,
    scratch,
    auth: { Cookie: cookie, 'X-CSRF-Token': csrf_token },
    async stop() {
      server.kill('SIGTERM');
      await once(server, 'exit');
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
