// IdMap behaves like Map<number, V> under random churn, including colliding and wrapped probe runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdMap } from '../../src/model/id-map.js';

test('IdMap matches Map under 200k random operations', () => {
  let s = 12345;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const a = new IdMap<number>(4);
  const b = new Map<number, number>();
  const pool: number[] = [];
  for (let i = 0; i < 5000; i++) pool.push(rnd() < 0.5 ? Math.floor(rnd() * 1e6) : 0x55d0c1a2b3c0 + Math.floor(rnd() * 4096) * 16);
  pool.push(Number.MAX_SAFE_INTEGER, 0);
  for (let op = 0; op < 200_000; op++) {
    const k = pool[Math.floor(rnd() * pool.length)]!;
    const r = rnd();
    if (r < 0.45) {
      a.set(k, op);
      b.set(k, op);
    } else if (r < 0.9) assert.equal(a.delete(k), b.delete(k));
    else assert.equal(a.get(k), b.get(k));
    if (op % 20_000 === 0) {
      assert.equal(a.size, b.size);
      for (const [key, v] of b) assert.equal(a.get(key), v);
    }
  }
  assert.deepEqual(
    [...a.entries()].sort((x, y) => x[0] - y[0]),
    [...b.entries()].sort((x, y) => x[0] - y[0]),
  );
  assert.throws(() => a.set(-1, 0), RangeError);
  assert.throws(() => a.set(1.5, 0), RangeError);
});
