// Seeded mutations of real inputs, as a user's broken files would be: cut, bytes flipped, lines
// duplicated, dropped or swapped, numbers replaced by boundary values, holes of zeros, over-long
// lines, fields and keys removed, hostile text in names, gzip (whole or cut). A mutation is a pure
// function of (input, seed), so every finding reproduces from its seed.

/** xorshift32: small, fast, and the same sequence everywhere. @param {number} seed */
export function rng(seed) {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const BOUNDARY = [
  '0',
  '-1',
  '1',
  '4294967295',
  '4294967296',
  '18446744073709551617',
  '9007199254740993',
  '1e309',
  '-1e309',
  'NaN',
  '99999999999999999999999',
  '2147483648',
  '65535',
  '0x7fffffff',
];
const HOSTILE = ['\u0000', '<script>alert(1)</script>', '\u202e', '"', ',', '\r', '\ud800', '&amp;', '\u0007', '"}]'];

/** @param {() => number} r @param {number} n */
const pick = (r, n) => Math.floor(r() * n);

/** @type {Record<string, (b: Buffer, r: () => number, text: boolean) => Buffer>} */
const MUTATORS = {
  cut: (b, r) => b.subarray(0, pick(r, b.length)),
  flip: (b, r) => {
    const out = Buffer.from(b);
    const n = 1 + pick(r, 32);
    for (let i = 0; i < n; i++) out[pick(r, out.length)] = pick(r, 256);
    return out;
  },
  zeros: (b, r) => {
    const at = pick(r, b.length);
    return Buffer.concat([b.subarray(0, at), Buffer.alloc(1 + pick(r, 1 << 16)), b.subarray(at)]);
  },
  longLine: (b, r, text) => {
    if (!text) return MUTATORS.flip(b, r, text);
    const at = pick(r, b.length);
    return Buffer.concat([b.subarray(0, at), Buffer.alloc(100_000 + pick(r, 400_000), 0x41), b.subarray(at)]);
  },
  duplicateLine: (b, r) => lines(b, (l) => l.splice(pick(r, l.length), 0, l[pick(r, l.length)] ?? '')),
  dropLines: (b, r) => lines(b, (l) => l.splice(pick(r, l.length), 1 + pick(r, 6))),
  swapLines: (b, r) =>
    lines(b, (l) => {
      const i = pick(r, l.length),
        j = pick(r, l.length);
      [l[i], l[j]] = [l[j] ?? '', l[i] ?? ''];
    }),
  number: (b, r) => {
    const s = b.toString('latin1');
    const runs = [...s.matchAll(/\d+/g)];
    if (!runs.length) return MUTATORS.flip(b, r, true);
    let out = s;
    const n = 1 + pick(r, 4);
    for (let k = 0; k < n; k++) {
      const m = runs[pick(r, runs.length)];
      if (!m || m.index === undefined) continue;
      const v = BOUNDARY[pick(r, BOUNDARY.length)] ?? '0';
      out = out.slice(0, m.index) + v + out.slice(m.index + m[0].length);
      break; // indices shift after one replacement: one per pass keeps them right
    }
    return Buffer.from(out, 'latin1');
  },
  dropField: (b, r) => {
    const s = b.toString('latin1');
    // A JSON "key": value pair (scalar values), or one CSV column of one line.
    const keys = [...s.matchAll(/"[A-Za-z_]+"\s*:\s*("[^"]*"|-?[\d.eE+]+|true|false|null)\s*,?/g)];
    if (keys.length && r() < 0.7) {
      const m = keys[pick(r, keys.length)];
      if (m && m.index !== undefined) return Buffer.from(s.slice(0, m.index) + s.slice(m.index + m[0].length), 'latin1');
    }
    return lines(b, (l) => {
      const i = pick(r, l.length);
      const cols = (l[i] ?? '').split(',');
      cols.splice(pick(r, cols.length), 1);
      l[i] = cols.join(',');
    });
  },
  hostile: (b, r) => {
    const s = b.toString('utf8');
    const at = pick(r, s.length);
    return Buffer.from(s.slice(0, at) + (HOSTILE[pick(r, HOSTILE.length)] ?? '') + s.slice(at), 'utf8');
  },
};

/** @param {Buffer} b @param {(lines: string[]) => void} edit */
function lines(b, edit) {
  const l = b.toString('latin1').split('\n');
  edit(l);
  return Buffer.from(l.join('\n'), 'latin1');
}

export const MUTATOR_NAMES = Object.keys(MUTATORS);

/**
 * One mutated copy of `original` (already gunzipped): 1–3 mutations, then sometimes gzip (and
 * sometimes a cut gzip). Returns the bytes and what was done.
 * @param {Buffer} original @param {number} seed @param {boolean} text
 * @param {(b: Buffer) => Buffer} gzip
 */
export function mutate(original, seed, text, gzip) {
  const r = rng(seed);
  let b = original;
  const steps = [];
  const n = 1 + pick(r, 3);
  for (let i = 0; i < n; i++) {
    const names = text ? MUTATOR_NAMES : ['cut', 'flip', 'zeros'];
    const name = names[pick(r, names.length)] ?? 'flip';
    b = MUTATORS[name]?.(b, r, text) ?? b;
    steps.push(name);
  }
  const g = r();
  if (g < 0.15) {
    b = gzip(b);
    steps.push('gzip');
    if (r() < 0.4) {
      b = b.subarray(0, pick(r, b.length));
      steps.push('cut-gzip');
    }
  }
  return { bytes: b, steps };
}
