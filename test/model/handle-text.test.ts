// Handle texts kept as a value and a format code must come back exactly, for the forms recordings
// and captures write, and be refused (kept as text by the caller) for anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleFormat, handleText, handleValue, parsed } from '../../src/model/handle-text.js';

const roundTrip = (t: string) => {
  const f = handleFormat(t);
  assert.ok(f >= 0, `${t}: accepted`);
  assert.equal(parsed.value, handleValue(t), `${t}: the value found in the same pass`);
  assert.equal(handleText(parsed.value, f), t);
};

test('the handle forms VMA recordings and Vulkan captures write come back exactly', () => {
  // Windows %p (16 upper-case digits, zero-padded), glibc %p, Vulkan non-dispatchable handles.
  for (const t of ['0000000007F66FA0', '000001E0F5A3B2C0', '0x5649a38844d0', '0x0', '0', '0X1F', 'ffff', '1234', '0x00000000deadbeef', '0xFFFFFFFFFFFFF'])
    roundTrip(t);
});

test('random handles of every width, case and prefix come back exactly', () => {
  let s = 12345;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  let n = 0;
  for (let k = 0; k < 20000; k++) {
    const sig = 1 + rnd(13);
    let digits = (1 + rnd(15)).toString(16);
    while (digits.length < sig) digits += rnd(16).toString(16);
    const width = sig + rnd(31 - sig + 1);
    let t = digits.padStart(width, '0');
    if (rnd(2)) t = t.toUpperCase();
    t = ['', '0x', '0X'][rnd(3)]! + t;
    roundTrip(t);
    n++;
  }
  assert.equal(n, 20000);
});

test('texts that would not come back exactly are refused', () => {
  for (const t of ['', '0x', 'x12', '0xAbC', '12g4', '0x-1', ' 0x1', '0x1 ', '0x12345678901234', '0'.repeat(32), 'null', '0x0x1'])
    assert.equal(handleFormat(t), -1, JSON.stringify(t));
});
