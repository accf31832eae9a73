// The JavaScript side of tests/e2e/tokenizer_reference.sh.
//
//   node reference.js corpus OUT ROOT...
//     Writes a corpus (records: u32 little-endian length, then bytes) built
//     deterministically from every file under the ROOTs (sorted): each file
//     whole, chunks of lines, raw byte windows (which cut UTF-8 sequences:
//     invalid text on purpose), then hand-written edge cases and strings drawn
//     from many scripts by a seeded generator. Prints the record count.
//   node reference.js encode PACKAGE_DIR ENCODING CORPUS
//     Encodes each record with the pinned reference (the tiktoken package
//     installed in PACKAGE_DIR: OpenAI's Rust core as WASM), bytes decoded as
//     TextDecoder does (invalid UTF-8 -> U+FFFD, a BOM kept), and prints one
//     line of space-separated ids per record.
//   node reference.js show CORPUS N
//     Prints record N (1-based) as a JSON string, for failure reports.
'use strict';
const fs = require('fs');
const path = require('path');

// A small deterministic generator (xorshift32); no clock, no Math.random.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size <= 256 * 1024) out.push(p);
    }
  };
  walk(root);
  return out;
}

function edgeCases() {
  const s = (x) => Buffer.from(x, 'utf8');
  const h = (x) => Buffer.from(x, 'hex');
  return [
    s(''), s(' '), s('  '), s('\n'), s('\r\n\r\n'), s('a\n\n  b'), s('trailing   '), s('   leading'),
    s('a   b'), s('a \t b'), s('\t\tindent'), s('x  \n  \n  y'), s('end with newline\n'), s('  \n'),
    s("I'm I'M you're YOU'RE we'll it's she'd they've 'tis don't"), s("l'été c'est"), s("''s ''"),
    s('1 12 123 1234 12345 123456 1234567 12345678 3.14159 1e10 0x1F'), s('٣٤٥ ١٢٣٤ 一二三 ½ ⅓ Ⅻ ²³'),
    s('😀👍🏽👨‍👩‍👧‍👦🏳️‍🌈 🇫🇷'), s('e\u0301 n\u0303 a\u0308\u0304'), s('日本語のテキストと漢字、カタカナ。'),
    s('한국어 텍스트입니다'), s('Привет, мир! ЁЛКИ'), s('مرحبا بالعالم'), s('नमस्ते दुनिया'), s('สวัสดีชาวโลก'),
    s('ǅungla ǈudi ʰʲ ˢᵗ ᴬᴮ'), s('Ωμέγα ΣΊΣΥΦΟΣ'), s('ß ẞ ſ ﬁ ﬂ K Å'),
    s('a\u3000\u3000b\u00a0\u00a0c\u2003 d\u2028e\u2029f\u0085g\u000bh\u000ci'), s('\u00a0x'), s('x\u00a0'),
    s(' \u00a0 \u00a0 '), s('\u1680\u180e\u200b\u200c\u200d\ufeff'), s('\ufeffBOM first'),
    s('<|endoftext|> <|endofprompt|> <|fim_prefix|>'), s('src/plan/tokenizer.h\r\n/usr/bin/env'),
    s('{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}'),
    s('def f(x):\n    return x*2\n\n\nclass A:\n\tpass\n'), s('if (a && b) { return a->b[0]; }'),
    s('https://example.com/a/b?c=d&e=f#g'), s('!!!???...---___***'), s('\u0000\u0001\u0007\u007f'),
    h('ff'), h('61ff62'), h('e282'), h('e28261'), h('eda080'), h('c0af'), h('f4908080'), h('f09f98'),
    h('8080'), h('fe'), h('c3'), h('e0a0'), h('f0908080'), h('efbbbf'), h('20e28220'), h('2020ff2020'),
    s('a'.repeat(3000)), s(' '.repeat(5000) + 'x'), s('\n'.repeat(300)), s('9'.repeat(1001)),
    s('Zm9vYmFy'.repeat(700)), s('ab'.repeat(2000)), s('x '.repeat(1000)), s('\t'.repeat(200) + 'y'),
    s('漢'.repeat(500)), s('😀'.repeat(300)), s('-'.repeat(1000)), s('=\n'.repeat(400)),
  ];
}

// Every Unicode White_Space character (what the reference's `\s` means) in
// contexts where a wrong white-space class or lookahead changes the pieces.
function whiteSpaceCases() {
  const ws = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
    0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
  const templates = ['a##b', 'a###', '##x', 'x#!', '!##!', '1##2', '#\n', '\n##', "#'s", 'the#the', '####the',
    'hello##world', '##, ', '#日本', 'Hello#World#', '#-#', ' #x', '# x', '#\t#y'];
  const out = [];
  for (const cp of ws) {
    const c = String.fromCodePoint(cp);
    for (const t of templates) out.push(Buffer.from(t.replace(/#/g, c), 'utf8'));
  }
  return out;
}

// Strings drawn from many scripts, white space, digits and punctuation.
function randomStrings(count) {
  const next = rng(20261207);
  const ranges = [
    [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0x09, 0x0d], [0xa0, 0xff], [0x100, 0x17f], [0x300, 0x36f],
    [0x391, 0x3c9], [0x400, 0x44f], [0x5d0, 0x5ea], [0x620, 0x64a], [0x660, 0x669], [0x905, 0x939],
    [0x93e, 0x94d], [0xe01, 0xe3a], [0x1100, 0x1112], [0x2000, 0x200a], [0x2010, 0x2027], [0x3000, 0x3003],
    [0x3041, 0x3096], [0x30a1, 0x30fa], [0x4e00, 0x4fff], [0xac00, 0xacff], [0x1f600, 0x1f64f], [0xff01, 0xff5e],
  ];
  const out = [];
  for (let i = 0; i < count; ++i) {
    const len = 1 + next(i % 10 === 0 ? 400 : 40);
    let str = '';
    for (let k = 0; k < len; ++k) {
      const [lo, hi] = ranges[next(ranges.length)];
      str += String.fromCodePoint(lo + next(hi - lo + 1));
    }
    out.push(Buffer.from(str, 'utf8'));
  }
  return out;
}

function fileChunks(files) {
  const next = rng(42);
  const out = [];
  for (const f of files) {
    const bytes = fs.readFileSync(f);
    out.push(bytes);
    const lines = bytes.toString('latin1').split('\n');
    for (let k = 0; k < 2 && lines.length > 1; ++k) {
      const start = next(lines.length), n = 1 + next(12);
      out.push(Buffer.from(lines.slice(start, start + n).join('\n'), 'latin1'));
    }
    for (let k = 0; k < 2 && bytes.length > 0; ++k) {
      const start = next(bytes.length), n = 1 + next(300);
      out.push(bytes.subarray(start, start + n));
    }
  }
  return out;
}

function writeCorpus(outPath, roots) {
  const files = [].concat(...roots.map(listFiles));
  const records = [...fileChunks(files), ...edgeCases(), ...whiteSpaceCases(), ...randomStrings(300)];
  const parts = [];
  for (const r of records) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(r.length);
    parts.push(len, r);
  }
  fs.writeFileSync(outPath, Buffer.concat(parts));
  console.log(records.length);
}

function readCorpus(corpusPath) {
  const buf = fs.readFileSync(corpusPath);
  const out = [];
  for (let at = 0; at < buf.length;) {
    const len = buf.readUInt32LE(at);
    out.push(buf.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

function encode(packageDir, encoding, corpusPath) {
  const { get_encoding } = require(path.join(path.resolve(packageDir), 'node_modules', 'tiktoken'));
  const enc = get_encoding(encoding);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const lines = readCorpus(corpusPath).map((r) => Array.from(enc.encode_ordinary(decoder.decode(r))).join(' '));
  enc.free();
  process.stdout.write(lines.map((l) => l + '\n').join(''));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'corpus' && args.length >= 2) writeCorpus(args[0], args.slice(1));
else if (mode === 'encode' && args.length === 3) encode(args[0], args[1], args[2]);
else if (mode === 'show' && args.length === 2) {
  const r = readCorpus(args[0])[Number(args[1]) - 1];
  console.log(r === undefined ? '(no such record)' : JSON.stringify(r.toString('latin1')) + ' (bytes as latin1)');
}
else {
  console.error('usage: node reference.js corpus OUT ROOT... | encode PACKAGE_DIR ENCODING CORPUS | show CORPUS N');
  process.exit(2);
}
