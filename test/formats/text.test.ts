// Decoding text from bytes as a browser does (a plain Uint8Array: no Buffer#utf8Slice), the path
// the viewer's reading workers take for every handle and name: every length up to past the short
// and ASCII fast paths, with and without non-ASCII bytes, against TextDecoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { text } from '../../src/formats/source.js';
import { data } from '../helpers/data.js';

test('text() of a plain Uint8Array equals TextDecoder at every length 0–80, ASCII and not', () => {
  const decoder = new TextDecoder('utf-8');
  const ascii = new TextEncoder().encode('0x55d0c1a2b3c0 Texture_Albedo,mip 3;x'.repeat(4));
  const mixed = new TextEncoder().encode('Tëxture «albedo» 纹理 0x7f'.repeat(6));
  let checked = 0;
  for (const bytes of [ascii, mixed]) {
    const plain = new Uint8Array(bytes); // not a Buffer
    for (let n = 0; n <= 80 && n <= plain.length; n++) {
      for (const start of [0, 1, 3]) {
        if (start + n > plain.length) continue;
        const want = decoder.decode(plain.subarray(start, start + n));
        assert.equal(text(plain, start, start + n), want, `length ${n} from ${start}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 400, `${checked} slices checked`);
});

test('text() gives every handle of a real recording as written', () => {
  const bytes = new Uint8Array(readFileSync(data('real', 'nvidia-h100', 'vma2', 'streaming-s1', 'vma_replay.csv')));
  const lines = new TextDecoder().decode(bytes).split('\n');
  let at = 0;
  let handles = 0;
  for (const line of lines) {
    const cols = line.split(',');
    // Column 5 of every call past the header: a handle, a number or a name, each decoded alike.
    if (cols.length > 4) {
      const s = at + cols.slice(0, 4).join(',').length + 1;
      assert.equal(text(bytes, s, s + cols[4]!.length), cols[4]);
      handles++;
    }
    at += new TextEncoder().encode(line).length + 1;
  }
  assert.ok(handles > 1000, `${handles} fields checked`);
});
