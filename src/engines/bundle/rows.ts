// The allocation table's rows while the bundle is built: live objects and the most recently
// destroyed ones, as columns indexed by a slot that is reused once a row leaves the table. A
// million creates would otherwise be a million 20-field objects, most promoted to the old
// generation before they die: allocating and collecting them was a fifth of `report --html`.

import { handleFormat, handleText, parsed } from '../../model/handle-text.js';

/** Numeric columns, one value per slot. */
const NUMERIC = [
  'id',
  'size',
  'usage',
  'createSeq',
  'destroySeq',
  'createLine',
  'createFrame',
  'createTime',
  'destroyFrame',
  'memoryType',
  'block',
  'offset',
  'placedSize',
  'dedicatedTo',
  'handleValue',
  'handleFormat',
] as const;
export type RowColumn = (typeof NUMERIC)[number];

export class RowStore<S> {
  private cap = 0;
  private next = 0;
  private readonly spare: number[] = [];
  readonly num = {} as Record<RowColumn, Float64Array>;
  readonly name: (string | undefined)[] = [];
  /** Handles that handle-text.ts cannot encode as a number (rare), by slot; the rest are numbers. */
  private readonly handleTexts: (string | undefined)[] = [];
  readonly kind: string[] = [];
  readonly system: string[] = [];
  /** What each row counts toward (the builder's series), found on its first change. */
  readonly series: (S | undefined)[] = [];

  constructor() {
    for (const c of NUMERIC) this.num[c] = new Float64Array(0);
    this.grow();
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    for (const c of NUMERIC) {
      const a = new Float64Array(cap);
      a.set(this.num[c]);
      this.num[c] = a;
    }
    this.cap = cap;
  }

  /**
   * The row's handle, kept as a value and a format code when that gives the same text back (a
   * string per row, kept until the row leaves the table, was promoted out of the young generation).
   */
  setHandle(slot: number, text: string): void {
    const format = handleFormat(text);
    if (format >= 0) {
      this.num.handleValue[slot] = parsed.value;
      this.num.handleFormat[slot] = format;
      this.handleTexts[slot] = undefined;
    } else {
      this.num.handleFormat[slot] = -1;
      this.handleTexts[slot] = text;
    }
  }

  handle(slot: number): string {
    const format = this.num.handleFormat[slot]!;
    return format >= 0 ? handleText(this.num.handleValue[slot]!, format) : this.handleTexts[slot]!;
  }

  /** A free slot (its columns hold the previous row's values until set). */
  take(): number {
    const s = this.spare.pop();
    if (s !== undefined) return s;
    if (this.next === this.cap) this.grow();
    return this.next++;
  }

  /** The row left the table: its slot is reused and its strings released. */
  release(slot: number): void {
    this.name[slot] = undefined;
    this.handleTexts[slot] = undefined;
    this.series[slot] = undefined;
    this.spare.push(slot);
  }
}
