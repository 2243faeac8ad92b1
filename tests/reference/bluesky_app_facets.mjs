// The facets the Bluesky app sends for a text, as {kind, start, end, value} (value: the
// link's URI, the tag, the mention's handle or, once resolved, DID), sorted as the app sorts
// them: @atproto/api's RichText.detectFacets — with two departures that Chorus makes too,
// since in both the app's own post would be refused by the server (the record lexicon):
// - a bare domain that starts with "http" ("httpbin.org") is taken for a link with a scheme
//   and sent without one, which is not a URI: it is a link to https://httpbin.org when its
//   domain is one, as any other bare domain; and a link whose URI is still not one after the
//   trailing punctuation is cut ("https://)" → "https://") has no facet;
// - a tag over 640 bytes (64 long emoji) has no facet, as one over 64 graphemes has none.
import { RichText } from '@atproto/api';
import tlds from 'tlds' with { type: 'json' };

const isValidUri = (uri) => /^\w+:(?:\/\/)?[^\s/][^\s]*$/.test(uri);
const isValidDomain = (domain) => tlds.some((tld) => domain.endsWith('.' + tld));

function accepted(facet) {
  if (facet.kind === 'tag') return Buffer.byteLength(facet.value, 'utf8') <= 640;
  if (facet.kind !== 'link' || isValidUri(facet.value)) return true;
  if (/^https?:\/\//i.test(facet.value)) return false;  // a link with its scheme, no URI once cut
  const domain = /^[a-z][a-z0-9]*(\.[a-z0-9]+)+/i.exec(facet.value)?.[0];
  if (!domain || !isValidDomain(domain)) return false;
  facet.value = 'https://' + facet.value;
  return isValidUri(facet.value);
}

function plain(facets) {
  return (facets ?? []).map((f) => {
    const feature = f.features[0];
    const kind = feature.$type.split('#')[1];
    return { kind, start: f.index.byteStart, end: f.index.byteEnd, value: kind === 'mention' ? feature.did : kind === 'link' ? feature.uri : feature.tag };
  });
}

// Handles as they are written (no server asked).
export function detectFacets(text) {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  return plain(rt.facets).filter(accepted);
}

// Handles resolved through `agent`; those that resolve to nobody are dropped, as the app
// drops them before posting (stripInvalidMentions).
export async function resolvedFacets(text, agent) {
  const rt = new RichText({ text });
  await rt.detectFacets(agent);
  return plain(rt.facets).filter(accepted).filter((f) => f.kind !== 'mention' || f.value !== '');
}
