// Run: node make_rules_fixtures.js ../fixtures/rules   (see README.md)
// Builds tests/fixtures/rules/x.json from twitter-text 3.1.0 parseTweet, X's reference implementation.
const tt = require('twitter-text'); const fs = require('fs');
const texts = require('./curated_texts');
const generated = require('child_process').execFileSync(process.execPath, [__dirname + '/generate_x_cases.js', '300', '777'])
  .toString().trim().split('\n').map((line, i) => Object.assign({name: 'generated ' + i}, JSON.parse(line)));
const x = texts.map(([name, text]) => { const r = tt.parseTweet(text); return {name, text, length: r.weightedLength, valid: r.valid}; })
  .concat(generated);
fs.writeFileSync(process.argv[2] + '/x.json', JSON.stringify({source: "twitter-text 3.1.0 parseTweet (npm), default v3 config", cases: x}, null, 1));
