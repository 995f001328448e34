// Runs planer (the npm port of talon) over a list of .eml files, the way
// `mentormail parse --batch LIST` runs: one JSON line per mail on stdout.
// usage: node planer_batch.js PLANER_DIR LIST [--per-mail-slowest]
// planer takes a text body, not MIME: it is given the bytes after the header block (the
// corpus mails are plain 8-bit text), so it does less work than mentormail, which decodes MIME.
'use strict';
const fs = require('fs');
const path = require('path');
const planer = require(path.join(process.argv[2], 'node_modules', 'planer'));
const files = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);

function bodyOf(raw) {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? raw.slice(m.index + m[0].length) : raw;
}

if (process.argv.includes('--per-mail-slowest')) {
  // Best of 20 runs per mail, after one warm-up pass: the slowest mail's time in ms.
  let worst = [0, ''];
  const bodies = files.map((f) => [f, bodyOf(fs.readFileSync(f, 'utf8'))]);
  for (const [, b] of bodies) planer.extractFrom(b, 'text/plain');
  for (const [f, b] of bodies) {
    let best = Infinity;
    for (let i = 0; i < 20; i++) {
      const t = process.hrtime.bigint();
      planer.extractFrom(b, 'text/plain');
      best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
    }
    if (best > worst[0]) worst = [best, f];
  }
  console.log(JSON.stringify({ slowest_ms: worst[0], mail: worst[1] }));
} else {
  const out = [];
  for (const f of files) {
    const reply = planer.extractFrom(bodyOf(fs.readFileSync(f, 'utf8')), 'text/plain');
    out.push(JSON.stringify({ id: f, reply_text: reply }));
  }
  process.stdout.write(out.join('\n') + '\n');
}
