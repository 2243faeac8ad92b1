// Run: node make_rules_fixtures.js ../fixtures/rules   (see README.md)
// Builds tests/fixtures/rules/x.json from twitter-text 3.1.0 parseTweet, X's reference implementation.
const tt = require('twitter-text'); const fs = require('fs');
const texts = require('./curated_texts');
const x = texts.map(([name, text]) => { const r = tt.parseTweet(text); return {name, text, length: r.weightedLength, valid: r.valid}; });
fs.writeFileSync(process.argv[2] + '/x.json', JSON.stringify({source: "twitter-text 3.1.0 parseTweet (npm), default v3 config", cases: x}, null, 1));
