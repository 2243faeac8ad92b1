// Writes JSON lines {"text", "facets": [{"kind", "start", "end", "value"}]} for generated
// strings, judged by @atproto/api's RichText.detectFacets as the Bluesky app runs it
// (bluesky_app_facets.mjs, handles unresolved): the reference for
// tests/unit/bluesky_differential_test.cc. Usage: node generate_bluesky_cases.mjs COUNT SEED
//
// Strings are words from a pool that stresses what decides a facet — every white space and
// invisible character JavaScript's \s does or does not know, punctuation before and after
// links, tags and mentions, digits-only and full-width tags, trailing dots, nested
// parentheses, upper-case schemes and TLDs, IDN hosts, over-long labels and tags, cashtags —
// joined by nothing, white space or punctuation, so that neighbours interact.
import { detectFacets } from './bluesky_app_facets.mjs';
import seeded from './random.js';
const count = Number(process.argv[2] || 1000);
const { random, pick } = seeded(Number(process.argv[3] || 1));

const spaces = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
  '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const invisibles = ['\u200b', '\u200c', '\u200d', '\u00ad', '\u2060', '\u20e2', '\ufe0f', '\u180e', '\u2061', '\u0085'];
const punctuation = ['(', ')', '((', '))', '.', '..', ',', ';', ':', '!', '?', '!?', '"', "'", '\u2019', '\u2026', '\u2014', '-', '_', '/',
  '[', ']', '\u00ab', '\u00bb', '\u00bf', '\u00a1', '#', '\uff03', '@', '$', '*', '&', '\u3001', '\u3002', '\uff01',
  // Punctuation only recent Unicode versions know (16, 17): \p{P} must be the reference's.
  '\u1b4e', '\u1b7f', '\u{10d6e}', '\u{113d4}', '\u{16d6d}', '\u{1e5ff}'];
const words = [
  // mentions
  '@alice.bsky.social', '@bob.test', '@Carol.Bsky.Social', '@dan', '@e-v.example.com', '@x.y_z', '@a.b.', '@alice.bsky.social.',
  '@m\u00fcnchen.de', '@1.2.3.4', '@alice.bsky.social-', '@-a.com', '@a..com', '@sub.' + 'a'.repeat(70) + '.com', '@@alice.bsky.social',
  // links
  'https://example.com', 'http://a.co/x?y=1', 'HTTPS://EXAMPLE.COM', 'Https://example.com/A', 'example.org', 'Example.COM', 'www.example.com/path',
  '(https://en.wikipedia.org/wiki/A_(b))', 'https://example.com/a_(b)', 'example.com.', 'example.com,', 'example.com)', 'example.com?',
  'https://example.com.\u200bok', 'm\u00fcnchen.de', 'xn--mnchen-3ya.de', 'a.b.c', 'file.txt', 'foo.bar', 't.co', 'httpbin.org',
  'http.example.com', 'https://x', 'https://', 'http:/x.com', 'bsky.app/profile/x', 'a' + 'b'.repeat(70) + '.com', '1.2.3.4', 'a.b1',
  'example.c0m', 'example.com.ok', 'example.com/\u00e9t\u00e9', 'https://\u4f8b\u3048.jp', 'https://example.com/#frag', 'example.com:8080/x',
  'x.y.z.example.co.uk', 'example.com..', 'e.g.', 'i.e.', 'U.S.A', 'node.js', 'a.b-c.com', 'httpbin.org', 'https://)', 'https:///x',
  'https://.', 'httpfoo.notatld', 'http.example.com/a)',
  // tags
  '#tag', '##double', '#123', '#1a', '#a1', '\uff03fullwidth', '#\u65e5\u672c', '#tag.', '#tag!?', '#\ufe0f\u20e3', '#\ufe0ftag', '#' + 'a'.repeat(70),
  '#' + '\u00e9'.repeat(65), '#' + 'e\u0301'.repeat(65), '#a_b', '#.', '#-a', '#tag#tag', '#\u00e9t\u00e9', '#\u0661\u0662', '#_', '#\ud83d\ude00',
  '#a\u200bb', '#a\u00adb', '#\u2019s', '#tag)', '#(tag)', '#' + '\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67'.repeat(40),
  '#' + '\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67'.repeat(30),
  // cashtags
  '$AAPL', '$aapl', '$TOOLONG', '$A1', '$1A', '$AB.', '$AB\u2019', '$ab"', '$A_B', '$ABCDE', '$ABCDEF',
  // words, scripts, emoji
  'word', 'Z', '\u65e5\u672c', '\u00e9', 'e\u0301', '\ud83d\ude00', '\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67', '\ud83c\uddef\ud83c\uddf5',
  '\u0645\u0631\u062d\u0628\u0627', '\u0928\u092e\u0938\u094d\u0924\u0947', '123', 'x', 'a@b.com', 'mail@example.com',
];
const separators = ['', '', '', ' ', ' ', ' ', ' ', '\n'];
const glue = () => {
  const r = random();
  if (r < 0.45) return pick(separators);
  if (r < 0.6) return pick(spaces);
  if (r < 0.7) return pick(invisibles);
  if (r < 0.9) return pick(punctuation);
  return pick(punctuation) + pick(spaces);
};
const word = () => {
  const r = random();
  let w = pick(words);
  if (r < 0.15) w = pick(punctuation) + w;
  else if (r < 0.3) w = w + pick(punctuation);
  else if (r < 0.36) w = pick(invisibles) + w;
  else if (r < 0.42) w = w + pick(invisibles);
  return w;
};
for (let i = 0; i < count; i++) {
  let text = random() < 0.2 ? pick(spaces) : '';
  const n = 1 + Math.floor(random() * 8);
  for (let j = 0; j < n; j++) text += (j ? glue() : '') + word();
  process.stdout.write(JSON.stringify({ text, facets: detectFacets(text) }) + '\n');
}
