// The recording reader's live allocations by handle: what a later line naming the handle needs
// (the model id, the handle's text, kind, creating line, whether user data is a copied string).
// Kept as columns by a reusable slot instead of an object per create: a million creates made a
// million small objects that lived as long as their allocation, each copied by the young
// generation's collector before it was promoted. Memory follows the live set: a destroyed handle's
// slot is reused.

import type { ObjectKind } from '../../model/objects.js';
import { IdMap } from '../../model/id-map.js';

/** The kinds a recording creates; anything else would be a reader bug. */
const KINDS: readonly ObjectKind[] = ['allocation', 'buffer', 'image'];

export class LiveHandles {
  /** Handles that fit 53 bits (all in practice) → slot; 64-bit ones by their text. */
  private readonly byNumber = new IdMap<number>();
  private readonly byText = new Map<string, number>();
  private ids = new Float64Array(1024);
  private lines = new Float64Array(1024);
  /** Kind index (KINDS) in the low bits, copied-string user data in bit 7. */
  private flags = new Uint8Array(1024);
  private handles: string[] = [];
  private readonly spare: number[] = [];
  private next = 0;

  /** The slot of a live handle, or -1. */
  find(key: number | string): number {
    const s = typeof key === 'number' ? this.byNumber.get(key) : this.byText.get(key);
    return s ?? -1;
  }

  /** Records a new live handle (a handle still live is replaced: the caller has warned). */
  add(key: number | string, id: number, handle: string, kind: ObjectKind, line: number, copyString: boolean): void {
    let s = this.find(key);
    if (s < 0) {
      s = this.spare.pop() ?? this.take();
      if (typeof key === 'number') this.byNumber.set(key, s);
      else this.byText.set(key, s);
    }
    const k = KINDS.indexOf(kind);
    if (k < 0) throw new Error(`LiveHandles: unexpected kind ${kind}`);
    this.ids[s] = id;
    this.lines[s] = line;
    this.flags[s] = k | (copyString ? 0x80 : 0);
    this.handles[s] = handle;
  }

  /** Forgets a live handle found at `slot`. */
  remove(key: number | string, slot: number): void {
    if (typeof key === 'number') this.byNumber.delete(key);
    else this.byText.delete(key);
    this.handles[slot] = '';
    this.spare.push(slot);
  }

  id(slot: number): number {
    return this.ids[slot]!;
  }
  line(slot: number): number {
    return this.lines[slot]!;
  }
  kind(slot: number): ObjectKind {
    return KINDS[this.flags[slot]! & 0x7f]!;
  }
  copyString(slot: number): boolean {
    return (this.flags[slot]! & 0x80) !== 0;
  }
  handle(slot: number): string {
    return this.handles[slot]!;
  }

  private take(): number {
    if (this.next === this.ids.length) {
      const n = this.ids.length * 2;
      const ids = new Float64Array(n);
      ids.set(this.ids);
      this.ids = ids;
      const lines = new Float64Array(n);
      lines.set(this.lines);
      this.lines = lines;
      const flags = new Uint8Array(n);
      flags.set(this.flags);
      this.flags = flags;
    }
    return this.next++;
  }
}
