// Run: node make_rules_fixtures.js ../fixtures/rules   (see README.md)
// Builds tests/fixtures/rules/{x,bluesky}.json from reference implementations:
// X: twitter-text 3.1.0 parseTweet; Bluesky: Intl.Segmenter graphemes + UTF-8 bytes.
const tt = require('twitter-text'); const fs = require('fs');
const seg = new Intl.Segmenter('en', {granularity: 'grapheme'});
const graphemes = s => [...seg.segment(s)].length;
const texts = [
  ["plain ascii", "Hello world"],
  ["empty", ""],
  ["whitespace only", "   "],
  ["cjk weighs two", "日本語のテキスト"],
  ["korean", "안녕하세요 세계"],
  ["latin accents weigh one", "Crème brûlée à la française"],
  ["cyrillic weighs one", "Привет, мир"],
  ["arabic right to left", "مرحبا بالعالم"],
  ["hebrew right to left", "שלום עולם"],
  ["combining mark is normalised", "e\u0301te\u0301"],
  ["decomposed hangul", "\u1100\u1161\u11A8"],
  ["emoji", "😀"],
  ["emoji with skin tone", "👍🏽"],
  ["zwj family", "👨‍👩‍👧‍👦"],
  ["rainbow flag", "🏳️‍🌈"],
  ["country flag", "🇩🇪"],
  ["keycap", "1️⃣"],
  ["copyright text style", "©"],
  ["copyright emoji style", "©️"],
  ["heart text and emoji", "❤ ❤️"],
  ["url with scheme", "Read https://example.com/a/very/long/path/that/goes/on?and=on#and-on"],
  ["url without scheme", "Read example.com today"],
  ["www url", "www.example.org/page"],
  ["url in parentheses", "(see https://example.com/a)"],
  ["wikipedia url with parentheses", "https://en.wikipedia.org/wiki/Foo_(bar)"],
  ["trailing punctuation", "Go to example.com."],
  ["two urls", "https://a.co and https://b.co/x"],
  ["idn domain", "http://münchen.de"],
  ["punycode domain", "xn--mnchen-3ya.de"],
  ["file name is not a url", "open file.txt now"],
  ["email is not a url", "write to mail@example.com"],
  ["hashtags in scripts", "#café #日本 #Москва #123"],
  ["mentions", "@alice and @bob@mastodon.social"],
  ["bom is invalid", "bad\uFEFFchar"],
  ["fffe is invalid", "bad\uFFFEchar"],
  ["exactly 280", "a".repeat(280)],
  ["one over 280", "a".repeat(281)],
  ["140 cjk is 280", "日".repeat(140)],
  ["141 cjk", "日".repeat(141)],
  ["140 emoji is 280", "😀".repeat(140)],
  ["141 emoji", "😀".repeat(141)],
  ["url makes it fit", "a".repeat(257) + " https://example.com/" + "x".repeat(100)],
  ["punctuation range weighs one", "\u2014\u2013\u2018\u2019\u201C\u201D\u2032"],
  ["ideographic space", "a\u3000b"],
  ["long mixed", "Hello 👋🏽 world! See https://example.com/a/very/long/path?x=1 and example.org, #café #日本"],
];
const x = texts.map(([name, text]) => { const r = tt.parseTweet(text); return {name, text, length: r.weightedLength, valid: r.valid}; });
fs.writeFileSync(process.argv[2] + '/x.json', JSON.stringify({source: "twitter-text 3.1.0 parseTweet (npm), default v3 config", cases: x}, null, 1));
const bsky = texts.filter(([n]) => !n.startsWith('exactly 280') && !n.startsWith('one over')).map(([name, text]) => ({name, text, graphemes: graphemes(text), bytes: Buffer.byteLength(text, 'utf8')}));
bsky.push({name: "exactly 300 graphemes", text: "👍🏽".repeat(300), graphemes: 300, bytes: Buffer.byteLength("👍🏽".repeat(300))});
bsky.push({name: "301 graphemes", text: "é".repeat(301), graphemes: 301, bytes: 602});
bsky.push({name: "300 graphemes but over 3000 bytes", text: "👨‍👩‍👧‍👦".repeat(300), graphemes: 300, bytes: Buffer.byteLength("👨‍👩‍👧‍👦".repeat(300))});
fs.writeFileSync(process.argv[2] + '/bluesky_lengths.json', JSON.stringify({source: "Intl.Segmenter grapheme clusters and UTF-8 byte length (Node 20)", cases: bsky}, null, 1));
