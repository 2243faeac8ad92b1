// Run: node make_length_fixtures.js ../fixtures/rules   (see README.md)
// Writes tests/fixtures/rules/<network>_lengths.json: hundreds of texts per network with the
// length each network's documented unit gives, computed here independently of Chorus:
//   graphemes       graphemer 1.4 (Unicode 15.0 segmentation, without 15.1's Indic conjunct
//                   rule: what atproto's grapheme counting and Ruby 3.3's each_grapheme_cluster
//                   implement; Node's Intl.Segmenter follows ICU's newer rules)   (Bluesky)
//   UTF-16 units    JavaScript string length               (TikTok, Facebook)
//   UTF-8 bytes     Buffer.byteLength                      (YouTube description)
//   code points     Array.from(text).length                (LinkedIn, Instagram, Pinterest)
//   Mastodon        graphemes after Mastodon's own substitutions: every http(s) URL found by
//                   twitter-text's extractor (protocol required) becomes 23 characters and every
//                   mention matched by Mastodon's MENTION_RE becomes "@" + its local part.
const tt = require('twitter-text');
const fs = require('fs');
const out = process.argv[2];
const Graphemer = require('graphemer').default;
const splitter = new Graphemer();
const graphemes = s => splitter.countGraphemes(s);
let seed = 4242;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = list => list[Math.floor(random() * list.length)];
const words = ["a", "Word", "é", "e\u0301", "ß", "日本語", "한국어", "中文", "مرحبا", "שלום", "Жук", "ไทย", "हिन्दी", "Ω",
  "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇯🇵", "1️⃣", "❤️", "🏳️‍🌈", "https://example.com/page", "http://a.co/x?y=1", "example.org",
  "(https://en.wikipedia.org/wiki/A_(b))", "#tag", "#日本", "@user", "@bob@mastodon.social", "mail@example.com", "…", "—",
  "\u00a0", "\u3000", "\n"];
const separators = [" ", " ", "  ", "\n", ", ", ". ", " ("];
function texts() {
  const list = require('./curated_texts').filter(([name]) => !/280|cjk$|emoji$/.test(name)).map(([name, text]) => ({name, text}));
  for (let i = 0; i < 300; i++) {
    let text = "";
    const n = 1 + Math.floor(random() * 16);
    for (let j = 0; j < n; j++) text += (j ? pick(separators) : "") + pick(words);
    if (random() < 0.15) text = Array(2 + Math.floor(random() * 25)).fill(text).join(pick(separators));
    list.push({name: "generated " + i, text});
  }
  return list;
}
const mentionRe = /(?<=^|[^\/\p{L}\p{M}\p{N}\p{Pc}])@(([a-z0-9_]+)(?:@[\p{L}\p{M}\p{N}\p{Pc}.-]+[\p{L}\p{M}\p{N}\p{Pc}]+)?)/giu;
function mastodonLength(text) {
  let rewritten = "", at = 0;
  for (const url of tt.extractUrlsWithIndices(text, {extractUrlsWithoutProtocol: false})) {
    rewritten += text.slice(at, url.indices[0]) + "x".repeat(23);
    at = url.indices[1];
  }
  rewritten += text.slice(at);
  return graphemes(rewritten.replace(mentionRe, (_, full, local) => "@" + local));
}
function isEmojiGrapheme(g) {
  const cps = Array.from(g), first = cps[0].codePointAt(0);
  if (/^\p{Regional_Indicator}$/u.test(cps[0])) return cps.length === 2;
  if (g.includes('\u20E3')) return /^[#*0-9]/.test(g);
  if (!/^\p{Extended_Pictographic}$/u.test(cps[0])) return false;
  return first >= 0x2000 || /[\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]/u.test(g);
}
function threadsLength(text) {
  let n = 0;
  for (const g of splitter.splitGraphemes(text)) n += isEmojiGrapheme(g) ? Buffer.byteLength(g, 'utf8') : Array.from(g).length;
  return n;
}
const networks = {
  bluesky:   {unit: "graphemes", limit: 300, length: graphemes, piece: "👍🏽"},
  tiktok:    {unit: "UTF-16 code units", limit: 2200, length: s => s.length, piece: "字"},
  facebook:  {unit: "UTF-16 code units", limit: 63206, length: s => s.length, piece: "a"},
  youtube:   {unit: "bytes", limit: 5000, length: s => Buffer.byteLength(s, 'utf8'), piece: "é"},
  linkedin:  {unit: "characters", limit: 3000, length: s => Array.from(s).length, piece: "😀"},
  instagram: {unit: "characters", limit: 2200, length: s => Array.from(s).length, piece: "日"},
  pinterest: {unit: "characters", limit: 800, length: s => Array.from(s).length, piece: "Ж"},
  mastodon:  {unit: "characters", limit: 500, length: mastodonLength, piece: "👨‍👩‍👧"},
  // Meta documents that Threads counts emoji by their UTF-8 bytes (unverified in practice):
  // code points, except that a grapheme led by a pictograph (or a flag, or a keycap) counts
  // its UTF-8 bytes. Text-style symbols below U+2000 (© ® ‼) are emoji only with U+FE0F.
  threads:   {unit: "characters", limit: 500, length: threadsLength, piece: "😀"},
};
for (const [network, spec] of Object.entries(networks)) {
  seed = 4242;
  const cases = texts();
  const count = Math.floor(spec.limit / spec.length(spec.piece));
  cases.push({name: "exactly at the limit", text: spec.piece.repeat(count)});
  cases.push({name: "one over the limit", text: spec.piece.repeat(count + 1)});
  for (const c of cases) { c.length = spec.length(c.text); c.bytes = Buffer.byteLength(c.text, 'utf8'); }
  // Bytes that are not UTF-8 cannot live in a JSON string: these carry hex and expect the
  // one invalid_utf8 problem, never a crash.
  for (const [name, hex] of [["lone continuation byte", "61 80 62"], ["overlong slash", "c0 af"], ["truncated CJK", "e6 97"],
                             ["UTF-16 surrogate", "ed a0 80"], ["past U+10FFFF", "f4 90 80 80"], ["0xFF byte", "ff 61"],
                             ["valid then cut emoji", "68 69 20 f0 9f 98"]])
    cases.push({name: "invalid UTF-8: " + name, bytes_hex: hex, invalid_utf8: true});
  fs.writeFileSync(`${out}/${network}_lengths.json`, JSON.stringify({
    source: `Node ${process.version}: ${spec.unit} as the network documents them (tests/reference/make_length_fixtures.js)`,
    network, limit: spec.limit, cases}, null, 0) + "\n");
  console.log(network, cases.length, "cases");
}
