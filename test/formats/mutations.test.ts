// Every reader on damaged real files: cut, bytes flipped, lines duplicated or dropped. The only
// acceptable outcomes are a result (with warnings) or a SourceError that says where — never another
// exception. Mutations are seeded, so a failure reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { data } from '../helpers/data.js';
import { readBytes } from '../helpers/read.js';
import { SourceError } from '../../src/model/diagnostics.js';

const inputs: Array<[string, string]> = [
  ['vma_replay.csv', data('real', 'swiftshader', 'vma2', 'pools-s1', 'vma_replay.csv')],
  ['stats.json', data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'stats_resize2.json')],
  ['stats2.json', data('real', 'lavapipe', 'vma2', 'pools-s1', 'stats_final.json')],
  ['capture.jsonl', data('real', 'lavapipe', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz')],
  ['trace.api', data('lavatube', 'demo_triangle.api')],
];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const kind = Math.floor(r() * 4);
  const out = Buffer.from(bytes);
  if (kind === 0) return out.subarray(0, Math.floor(r() * out.length)); // cut
  if (kind === 1) {
    for (let i = 0; i < 20; i++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
    return out;
  } // flip bytes
  const lines = out.toString('latin1').split('\n');
  const at = Math.floor(r() * lines.length);
  if (kind === 2)
    lines.splice(at, 0, lines[Math.floor(r() * lines.length)]!); // duplicate a line elsewhere
  else lines.splice(at, 1 + Math.floor(r() * 5)); // drop lines
  return Buffer.from(lines.join('\n'), 'latin1');
}

for (const [name, path] of inputs) {
  test(`damaged ${name}: a result or a SourceError, never a crash`, async () => {
    let original: Uint8Array = readFileSync(path);
    if (path.endsWith('.gz')) original = gunzipSync(original);
    const r = rng(name.length * 7919);
    let results = 0,
      errors = 0;
    for (let i = 0; i < 60; i++) {
      const damaged = mutate(original, r);
      try {
        await readBytes(name, damaged);
        results++;
      } catch (e) {
        if (!(e instanceof SourceError)) {
          assert.fail(`mutation ${i} of ${name} threw ${(e as Error).stack}`);
        }
        assert.match(e.message, new RegExp(name.replace('.', '\\.')), 'the error names the file');
        errors++;
      }
    }
    assert.equal(results + errors, 60);
  });
}
