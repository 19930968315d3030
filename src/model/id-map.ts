// A Map from non-negative safe integers (object ids, pointer values) to values, with the keys in a
// typed open-addressing table. The live-set and the readers do a lookup, insert or delete per event;
// with JS Map those cost ~100 ns each on a million-object stream, here a few tens. Linear probing
// with backward-shift deletion keeps the table free of tombstones under constant churn.
// Iteration order is table order, not insertion order.

const EMPTY = -1;

export class IdMap<V> implements Iterable<[number, V]> {
  private table: Float64Array;
  private vals: (V | undefined)[];
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.table = new Float64Array(cap).fill(EMPTY);
    this.vals = new Array<V | undefined>(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  private slot(key: number): number {
    // Mix both 32-bit halves: pointer keys differ mostly in their low bits, ids in all of them.
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    return (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & this.mask;
  }

  private find(key: number): number {
    const keys = this.table;
    let i = this.slot(key);
    for (;;) {
      const k = keys[i]!;
      if (k === key) return i;
      if (k === EMPTY) return -1;
      i = (i + 1) & this.mask;
    }
  }

  get(key: number): V | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.vals[i];
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  set(key: number, value: V): this {
    if (!(key >= 0) || key > Number.MAX_SAFE_INTEGER || key !== Math.floor(key))
      throw new RangeError(`IdMap key must be a non-negative safe integer, got ${key}`);
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    const keys = this.table;
    let i = this.slot(key);
    for (;;) {
      const k = keys[i]!;
      if (k === key) {
        this.vals[i] = value;
        return this;
      }
      if (k === EMPTY) {
        keys[i] = key;
        this.vals[i] = value;
        this.count++;
        return this;
      }
      i = (i + 1) & this.mask;
    }
  }

  delete(key: number): boolean {
    let i = this.find(key);
    if (i < 0) return false;
    const keys = this.table,
      vals = this.vals,
      mask = this.mask;
    // Backward-shift: pull later entries of the probe run into the hole, so lookups never need tombstones.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j]!;
      if (k === EMPTY) break;
      const home = this.slot(k);
      // Move k into the hole at i when its home is not cyclically within (i, j].
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        keys[i] = k;
        vals[i] = vals[j];
        i = j;
      }
    }
    keys[i] = EMPTY;
    vals[i] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.table.fill(EMPTY);
    this.vals = new Array<V | undefined>(this.table.length);
    this.count = 0;
  }

  private grow(): void {
    const oldKeys = this.table,
      oldVals = this.vals;
    const cap = oldKeys.length * 2;
    this.table = new Float64Array(cap).fill(EMPTY);
    this.vals = new Array<V | undefined>(cap);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== EMPTY) this.set(oldKeys[i]!, oldVals[i] as V);
  }

  *entries(): IterableIterator<[number, V]> {
    const keys = this.table;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) yield [keys[i]!, this.vals[i] as V];
  }

  *keys(): IterableIterator<number> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<V> {
    const keys = this.table;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) yield this.vals[i] as V;
  }

  [Symbol.iterator](): IterableIterator<[number, V]> {
    return this.entries();
  }

  forEach(fn: (value: V, key: number) => void): void {
    for (const [k, v] of this.entries()) fn(v, k);
  }
}
