// Prints the facets the Bluesky app would send for the text on stdin, handles resolved
// through the given server, as JSON [{"kind", "start", "end", "value"}] (bluesky_app_facets.mjs).
// Usage: node bluesky_facets.mjs SERVICE_URL < text   (tests/integration/bluesky_connector_test.cc)
import { AtpAgent } from '@atproto/api';
import { resolvedFacets } from './bluesky_app_facets.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString('utf8');
process.stdout.write(JSON.stringify(await resolvedFacets(text, new AtpAgent({ service: process.argv[2] }))));
