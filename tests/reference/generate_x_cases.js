// Writes JSON lines {"text", "length", "valid"} for generated strings, judged by twitter-text
// 3.1.0 (parseTweet, default v3 config): the reference for tests/unit/x_differential_test.cc.
// Usage: node generate_x_cases.js COUNT SEED > cases.jsonl
//
// Strings are words from a pool that stresses counting — scripts, combining marks, emoji
// sequences (including ones newer than twemoji-parser 11, which X splits into the parts it
// knows), links with and without scheme, IDN, tags, mentions, invisible characters — joined
// by white space, by punctuation, or glued together with nothing between them (where
// twitter-text's URL-boundary rules decide), and now and then repeated past the limit.
const tt = require('twitter-text');
const count = Number(process.argv[2] || 1000);
const { random, pick } = require('./random')(Number(process.argv[3] || 1));
const words = ["a", "Z", "word", "é", "e\u0301", "ß", "Ærø", "日本", "한국어", "中文", "مرحبا", "שלום", "Ω", "Жук", "ไทย", "हिन्दी",
  "😀", "👍🏽", "👨‍👩‍👧", "👨‍👩‍👧‍👦", "🇯🇵", "🇩🇪", "1️⃣", "#️⃣", "\u2615\ufe0f", "\u2b50\ufe0f", "\u26a1\ufe0f", "\u2757\ufe0f", "\u26f7\ud83c\udffd", "\u2615\ufe0e", "©", "©️", "❤", "❤️", "☺", "✈️", "🏳️‍🌈", "🧑🏿‍💻", "🥱", "🤏🏽", "🫠", "❤️‍🔥", "🇩", "👁️‍🗨️",
  "https://example.com", "http://a.co/x?y=1", "example.org", "www.example.com/path", "(https://en.wikipedia.org/wiki/A_(b))",
  "foo.bar", "file.txt", "a.b.c", "t.co", "münchen.de", "xn--mnchen-3ya.de", "https://example.com/" + "p".repeat(60),
  "#tag", "#日本", "#123", "@user", "@bob@mastodon.social", "mail@example.com", "…", "—", "–", "‘quoted’", "“double”",
  "\u200d", "\u200b", "\ufeff", "\ufffe", "\u00a0", "\u2009", "\u3000", "\t", "\n", "\u2028",
  // URL validity (isValidUrl): labels of 63 and 64 characters, once punycode-encoded too, an
  // "xn--" host with no ASCII domain in it, ideographic dots, and URLs around 4096 units.
  "a".repeat(63) + ".com", "a".repeat(64) + ".com", "https://" + "b".repeat(64) + ".co/x", "sub." + "c".repeat(64) + ".example.com",
  "https://" + "\u00fc".repeat(20) + ".de", "https://" + "\u00fc".repeat(57) + ".de", "https://" + "\u00fc".repeat(58) + ".de", "www." + "\u00e9".repeat(28) + "x.com",
  "\u65e5\u672c".repeat(9) + ".jp", "https://" + "\u65e5\u672c".repeat(12) + ".jp", "xn--" + "\u00fc".repeat(3) + ".com",
  "xn--mnchen-3ya.de", "xn--\u00fcber.example.com", "https://a\u3002" + "\u00fc".repeat(30) + ".com", "a.b-" + "d".repeat(62) + ".com",
  "https://example.com/" + "p".repeat(4060), "https://example.com/" + "p".repeat(4080), "example.com/" + "q".repeat(4075)];
const separators = ["", "", "", "", " ", " ", " ", "  ", "\n", ", ", ". ", "! ", " (", ") ", ".", "/", "-", "_", "@", "#"];
for (let i = 0; i < count; i++) {
  let text = "";
  const n = 1 + Math.floor(random() * 14);
  for (let j = 0; j < n; j++) text += (j ? pick(separators) : "") + pick(words);
  if (random() < 0.08) text = Array(2 + Math.floor(random() * 40)).fill(text).join(pick(separators));
  if (text.length > 30000) text = text.slice(0, 30000).replace(/[\ud800-\udbff]$/, '');
  const parsed = tt.parseTweet(text);
  process.stdout.write(JSON.stringify({text, length: parsed.weightedLength, valid: parsed.valid}) + "\n");
}
