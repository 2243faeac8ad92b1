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
let seed = Number(process.argv[3] || 1);
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = list => list[Math.floor(random() * list.length)];
const words = ["a", "Z", "word", "é", "e\u0301", "ß", "Ærø", "日本", "한국어", "中文", "مرحبا", "שלום", "Ω", "Жук", "ไทย", "हिन्दी",
  "😀", "👍🏽", "👨‍👩‍👧", "👨‍👩‍👧‍👦", "🇯🇵", "🇩🇪", "1️⃣", "#️⃣", "©", "©️", "❤", "❤️", "☺", "✈️", "🏳️‍🌈", "🧑🏿‍💻", "🥱", "🤏🏽", "🫠", "❤️‍🔥", "🇩", "👁️‍🗨️",
  "https://example.com", "http://a.co/x?y=1", "example.org", "www.example.com/path", "(https://en.wikipedia.org/wiki/A_(b))",
  "foo.bar", "file.txt", "a.b.c", "t.co", "münchen.de", "xn--mnchen-3ya.de", "https://example.com/" + "p".repeat(60),
  "#tag", "#日本", "#123", "@user", "@bob@mastodon.social", "mail@example.com", "…", "—", "–", "‘quoted’", "“double”",
  "\u200d", "\u200b", "\ufeff", "\ufffe", "\u00a0", "\u2009", "\u3000", "\t", "\n", "\u2028"];
const separators = ["", "", "", "", " ", " ", " ", "  ", "\n", ", ", ". ", "! ", " (", ") ", ".", "/", "-", "_", "@", "#"];
for (let i = 0; i < count; i++) {
  let text = "";
  const n = 1 + Math.floor(random() * 14);
  for (let j = 0; j < n; j++) text += (j ? pick(separators) : "") + pick(words);
  if (random() < 0.08) text = Array(2 + Math.floor(random() * 40)).fill(text).join(pick(separators));
  const parsed = tt.parseTweet(text);
  process.stdout.write(JSON.stringify({text, length: parsed.weightedLength, valid: parsed.valid}) + "\n");
}
