// Starts a real Bluesky PDS with an in-memory PLC directory, bound to 127.0.0.1 only, and
// prints one JSON line {"pds": url, "plc": url} once it answers. Runs until SIGTERM/SIGINT.
// Used by scripts/lib/bluesky.sh; see ../../../../shared/reference/bluesky-local-server.md.
import dns from 'node:dns';
import net from 'node:net';

// Upstream servers listen on every interface; tests must only ever use loopback.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number') {
    const [port, ...rest] = args;
    const callback = rest.find((arg) => typeof arg === 'function');
    return listen.call(this, { port, host: '127.0.0.1' }, callback);
  }
  if (args[0] && typeof args[0] === 'object' && !('path' in args[0])) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
// dev-env calls itself on "localhost", which must not resolve to ::1 where nothing listens.
dns.setDefaultResultOrder('ipv4first');

const { TestNetworkNoAppView } = await import('@atproto/dev-env');
// No AppView here: point it at a closed loopback port so that nothing is ever looked up.
const network = await TestNetworkNoAppView.create({
  pds: { bskyAppViewUrl: 'http://127.0.0.1:9', modServiceUrl: 'http://127.0.0.1:9' },
});
process.stdout.write(JSON.stringify({ pds: network.pds.url, plc: network.plc.url }) + '\n');

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  try { await network.close(); } finally { process.exit(0); }
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
