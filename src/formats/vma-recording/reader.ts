// Reader for VMA call recordings (`vma_replay.csv`), formats 1.0–1.8 including the un-bumped 1.8
// variants: VMA_MIN_ALIGNMENT for VMA_DEBUG_ALIGNMENT, VK_AMD_device_coherent_memory, the 6-column
// vmaCreatePool of 2022, Windows (`000001D85B8B1A80`) and glibc (`0x55…`, `(nil)`) pointers.
// Format: VMA's "Recording file format.md" (removed from VMA in a8581fc), last published at
// https://github.com/GPUOpen-LibrariesAndSDKs/VulkanMemoryAllocator/blob/v2.3.0/docs/Recording%20file%20format.md
//
// Streaming: one pass over byte lines, fields parsed from bytes, a handle→id map that only holds
// live objects. Every line becomes an event; lines it cannot interpret become `raw` events with a
// warning that names the line, never silent loss.
//
// One piece: the per-line parser is one class so the hot path (split, dispatch by a byte-keyed slot,
// handle lookup, emit) stays one monomorphic call chain; the call shapes table sits beside the code
// that reads it.

import type { InputTraits } from '../../model/capture.js';
import type { CaptureSink } from '../../model/capture.js';
import { type Diagnostics, SourceError } from '../../model/diagnostics.js';
import type { CaptureEvent, CreateEvent, DestroyEvent, EventOrigin } from '../../model/events.js';
import {
  AllocationCreateFlag,
  type AllocationCreateInfo,
  type BufferCreateInfo,
  type ImageCreateInfo,
  type MemoryRequirements,
  type ObjectKind,
} from '../../model/objects.js';
import { estimateImageBytes } from '../../model/vk-format.js';
import type { ReadOptions, Reader } from '../reader.js';
import { forEachLine, text, type LineSplit, type Source } from '../source.js';
import { ConfigParser } from './config.js';
import { parseDecimal, parseHandle, parseSmall, parseUint } from './numbers.js';
import { AllocInfoCache } from './alloc-info-cache.js';
import { LiveHandles } from './live-handles.js';
import { TextCache } from '../text-cache.js';

/** An event or create info the lean read fills again (see `leanCreate`). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const HEADER = 'Vulkan Memory Allocator,Calls recording';
const HEADER_BYTES = new TextEncoder().encode(HEADER);

/** Columns after the function name, and whether one more "rest of line" column (user data, names) follows. */
interface CallShape {
  readonly params: number;
  readonly rest: boolean;
  readonly minParams?: number;
}

const SHAPES: Record<string, CallShape> = {
  vmaCreateAllocator: { params: 0, rest: false },
  vmaDestroyAllocator: { params: 0, rest: false },
  vmaCreatePool: { params: 7, rest: false, minParams: 6 },
  vmaDestroyPool: { params: 1, rest: false },
  vmaSetPoolName: { params: 1, rest: true },
  vmaSetAllocationUserData: { params: 1, rest: true },
  vmaCreateBuffer: { params: 11, rest: true },
  vmaDestroyBuffer: { params: 1, rest: false },
  vmaCreateImage: { params: 20, rest: true },
  vmaDestroyImage: { params: 1, rest: false },
  vmaFreeMemory: { params: 1, rest: false },
  vmaFreeMemoryPages: { params: 1, rest: false },
  vmaCreateLostAllocation: { params: 1, rest: false },
  vmaAllocateMemory: { params: 10, rest: true },
  vmaAllocateMemoryForBuffer: { params: 12, rest: true },
  vmaAllocateMemoryForImage: { params: 12, rest: true },
  vmaAllocateMemoryPages: { params: 10, rest: true },
  vmaMapMemory: { params: 1, rest: false },
  vmaUnmapMemory: { params: 1, rest: false },
  vmaFlushAllocation: { params: 3, rest: false },
  vmaInvalidateAllocation: { params: 3, rest: false },
  vmaTouchAllocation: { params: 1, rest: false },
  vmaGetAllocationInfo: { params: 1, rest: false },
  vmaMakePoolAllocationsLost: { params: 1, rest: false },
  vmaResizeAllocation: { params: 2, rest: false },
  vmaDefragmentationBegin: { params: 9, rest: false },
  vmaDefragmentationEnd: { params: 1, rest: false },
};

/** Every function a recording may contain, for `report` and documentation. */
export const RECORDED_FUNCTIONS: readonly string[] = Object.keys(SHAPES);

/** What the function column resolves to: its shared name string and shape (undefined when unknown). */
interface FunctionEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly shape: CallShape | undefined;
}

const MAX_COLS = 40;

/** What a create line gives besides its handle and name (see RecordingParser.body). */
type CreateBody = { -readonly [K in 'size' | 'sizeExact' | 'buffer' | 'image' | 'alloc' | 'requirements']: CreateEvent[K] };
const NO_EXACT: Record<number, bigint> = Object.freeze({}) as Record<number, bigint>;

/** What this reader's inputs are (see InputTraits). */
export const VMA_RECORDING_TRAITS: InputTraits = {
  model: 'calls',
  kind: 'recording',
  hasPlacements: false,
  hasMemoryProperties: true,
  hasClock: true,
  hasFrames: true,
  moment: 'stream',
  label: 'VMA call recording',
};

export const vmaRecordingReader: Reader = {
  id: 'vma-recording',
  traits: VMA_RECORDING_TRAITS,
  keepsNoChunk: true,
  description: 'VMA call recording (vma_replay.csv), formats 1.0–1.8',
  sniff(_name, head) {
    if (head.length < HEADER_BYTES.length) return false;
    for (let i = 0; i < HEADER_BYTES.length; i++) if (head[i] !== HEADER_BYTES[i]) return false;
    return true;
  },
  read(src, sink, diag, opts) {
    return new RecordingParser(src.name, sink, diag, opts?.lean === true, opts?.reuseDetails === true).run(src, opts);
  },
};

class RecordingParser {
  private readonly cols = new Int32Array(MAX_COLS + 2);
  private ncols = 0;
  /** Columns forEachLine found while scanning for the line's end (shares `cols`). */
  private readonly found: LineSplit = { cols: this.cols, max: MAX_COLS, n: -1 };
  private seq = 0;
  private nextId = 1;
  private nextPool = 1;
  /** Live allocations by handle key. Holds only live objects: memory follows the live set. */
  private readonly live = new LiveHandles();
  private readonly pools = new Map<number | string, number>();
  private readonly config = new ConfigParser();
  private stage: 'header' | 'version' | 'config?' | 'config' | 'calls' = 'header';
  private minor = 8;
  private lastLine = 0;
  private allocatorDestroyed = 0;
  private lastTime = 0;
  private lastThread = 0;
  private lastFrame = 0;
  private readonly fnSlots: Array<FunctionEntry | undefined> = new Array(1024);
  private readonly cur: { seq: number; line: number; time: number; frame: number; thread: number; fn: string } = {
    seq: 0,
    line: 0,
    time: 0,
    frame: 0,
    thread: 0,
    fn: '',
  };
  /** Object names: the same string for the same bytes (see TextCache). */
  private readonly names = new TextCache();
  /** Allocation create infos, one object per distinct value (see AllocInfoCache). */
  private readonly allocInfos = new AllocInfoCache();
  /** Shape of the function last resolved by `functionName`. */
  private fnShape: CallShape | undefined;
  /**
   * Lean reads hand their consumer one create, one destroy, one buffer create info and one
   * requirements object again and again (ReadOptions.lean: it keeps none). They were 60 % of what the placing thread allocated
   * for the 2 M-op recording (320 of 512 MB; BENCHMARKS.md, eighth session). ReadOptions.reuseDetails
   * reuses all but the create (the viewer's building thread: 219 of its 641 MB).
   */
  private readonly leanCreate: Mutable<CreateEvent> = {
    seq: 0,
    line: 0,
    time: 0,
    frame: 0,
    thread: 0,
    fn: '',
    op: 'create',
    id: 0,
    kind: 'allocation',
    handle: '',
    size: 0,
    sizeExact: undefined,
    name: undefined,
    buffer: undefined,
    image: undefined,
    alloc: undefined,
    requirements: undefined,
    pool: undefined,
    placement: undefined,
  };
  private readonly leanDestroy: Mutable<DestroyEvent> = { seq: 0, line: 0, time: 0, frame: 0, thread: 0, fn: '', op: 'destroy', id: 0 };
  private readonly leanBuffer: Mutable<BufferCreateInfo> = { flags: 0, size: 0, usage: 0, sharingMode: 0 };
  private readonly leanRequirements: Mutable<MemoryRequirements> = {
    size: 0,
    alignment: 0,
    memoryTypeBits: 0,
    requiresDedicated: undefined,
    prefersDedicated: undefined,
  };

  /** ReadOptions.reuseDetails or lean: one destroy, buffer create info and requirements object, filled again each time. */
  private readonly reuse: boolean;

  constructor(
    private readonly file: string,
    private readonly sink: CaptureSink,
    private readonly diag: Diagnostics,
    /** ReadOptions.lean: no names or handle texts (decoding them is a tenth of the read). */
    private readonly lean = false,
    reuseDetails = false,
  ) {
    this.reuse = lean || reuseDetails;
  }

  async run(src: Source, opts?: ReadOptions): Promise<void> {
    const stats = await forEachLine(
      src,
      (buf, s, e, line) => this.line(buf, s, e, line),
      opts?.onProgress,
      (message) => this.diag.warn('truncated', message, { line: this.lastLine + 1 }),
      undefined,
      this.found,
    );
    if (this.stage === 'header' || this.stage === 'version') {
      throw new SourceError(stats.lines === 0 ? 'empty file: not a VMA call recording' : 'file ends inside the recording header (2 lines expected)', {
        file: this.file,
        line: stats.lines,
      });
    }
    if (this.stage === 'config') {
      this.diag.warn('truncated', `file ends inside the Config section (no Config,End) after line ${this.lastLine}`, {
        line: this.lastLine,
      });
      this.emitProfile();
    }
    if (this.stage === 'config?') this.stage = 'calls';
    let complete = stats.endedWithNewline && this.allocatorDestroyed > 0;
    if (!stats.endedWithNewline) {
      this.diag.warn('truncated', `file ends without a newline: line ${stats.lines} may be cut short; last line read: ${this.lastLine}`, { line: stats.lines });
    }
    if (this.allocatorDestroyed === 0) {
      this.diag.warn(
        'no-allocator-destroy',
        `recording ends at line ${this.lastLine} without vmaDestroyAllocator (the app may have crashed or the file was cut); objects alive at the end are reported as leaks`,
        { line: this.lastLine },
      );
      complete = false;
    }
    this.sink.end?.({ lines: stats.lines, bytes: stats.bytes, complete, lastLine: this.lastLine });
  }

  private line(buf: Uint8Array, s: number, e: number, line: number): void {
    switch (this.stage) {
      case 'header': {
        const t = text(buf, s, e).trim();
        if (t !== HEADER)
          throw new SourceError(`not a VMA call recording: line 1 is "${clip(t)}", expected "${HEADER}"`, {
            file: this.file,
            line,
          });
        this.stage = 'version';
        this.lastLine = line;
        return;
      }
      case 'version': {
        const m = /^(\d+),(\d+)$/.exec(text(buf, s, e).trim());
        if (!m)
          throw new SourceError(`line 2 should be the format version "<major>,<minor>", got "${clip(text(buf, s, e))}"`, {
            file: this.file,
            line,
          });
        const major = Number(m[1]),
          minor = Number(m[2]);
        if (major !== 1)
          throw new SourceError(`unsupported recording format version ${major}.${minor}: only major version 1 exists`, {
            file: this.file,
            line,
          });
        if (minor > 8) this.diag.warn('unknown-version', `format version 1.${minor} is newer than 1.8, the last VMA wrote; reading it as 1.8`, { line });
        this.minor = minor;
        this.sink.begin?.({
          format: 'vma-recording',
          traits: VMA_RECORDING_TRAITS,
          formatVersion: `${major}.${minor}`,
          source: this.file,
        });
        this.stage = 'config?';
        this.lastLine = line;
        return;
      }
      case 'config?': {
        if (isText(buf, s, e, 'Config,Begin')) {
          this.stage = 'config';
          this.lastLine = line;
          return;
        }
        if (this.minor >= 3)
          this.diag.warn('no-config', `format 1.${this.minor} should have a Config section at line 3; the device is unknown`, {
            line,
          });
        this.emitProfile();
        this.stage = 'calls';
        break; // this line is a call
      }
      case 'config': {
        if (isText(buf, s, e, 'Config,End')) {
          this.emitProfile();
          this.stage = 'calls';
          this.lastLine = line;
          return;
        }
        const problem = this.config.line(text(buf, s, e).trim());
        if (problem) this.diag.warn('config', problem, { line });
        this.lastLine = line;
        return;
      }
      case 'calls':
        break;
    }
    this.call(buf, s, e, line);
    this.lastLine = line;
  }

  private emitProfile(): void {
    this.sink.profile?.(this.config.build(`${this.file} (Config section)`));
  }

  /** Splits columns: finds up to `max` commas; the column after the last one runs to the end of the line. */
  private split(buf: Uint8Array, s: number, e: number, max: number): void {
    const cols = this.cols;
    let n = 0;
    cols[0] = s;
    for (let i = s; i < e && n < max; i++) {
      if (buf[i] === 44) {
        n++;
        cols[n] = i + 1;
      }
    }
    this.ncols = n + 1;
    cols[n + 1] = e + 1; // so that end(n) = e
  }
  private start(i: number): number {
    return this.cols[i]!;
  }
  private end(i: number): number {
    return this.cols[i + 1]! - 1;
  }

  private call(buf: Uint8Array, s: number, e: number, line: number): void {
    if (s === e) return; // blank line: VmaReplay skips them too
    // One split for the whole line: a rest-of-line column (names) starts where its column starts,
    // whatever commas follow it. Usually forEachLine has split it already, on its way to the line end.
    const found = this.found.n;
    if (found > 0) {
      this.ncols = found;
      this.cols[found] = e + 1; // so that end(last) = e (a CR before the newline is not in the line)
    } else this.split(buf, s, e, MAX_COLS);
    if (this.ncols < 4) return this.raw(buf, s, e, line, '', `not a call line (fewer than 4 columns): "${clip(text(buf, s, e))}"`);
    const thread = parseSmall(buf, this.start(0), this.end(0));
    const time = parseDecimal(buf, this.start(1), this.end(1));
    const frame = parseSmall(buf, this.start(2), this.end(2));
    const fnEnd = this.ncols > 4 ? this.end(3) : e;
    const fn = this.functionName(buf, this.start(3), fnEnd);
    if (Number.isNaN(thread) || Number.isNaN(time) || Number.isNaN(frame)) {
      return this.raw(buf, s, e, line, fn, `thread, time and frame columns must be numbers: "${clip(text(buf, s, e))}"`);
    }
    this.lastThread = thread;
    this.lastTime = time;
    this.lastFrame = frame;
    const shape = this.fnShape;
    if (!shape) return this.raw(buf, s, e, line, fn, `unknown function "${clip(fn)}"; kept as a raw event`, 'unknown-function');
    const params = this.ncols - 4;
    const needed = shape.minParams ?? shape.params;
    if (params < needed) {
      return this.raw(
        buf,
        s,
        e,
        line,
        fn,
        `${fn} has ${Math.max(0, params)} parameter column(s), expected ${shape.params}${shape.rest ? ' plus user data' : ''}`,
        'bad-columns',
      );
    }
    if (!shape.rest && params > shape.params) {
      this.diag.warn('extra-columns', `${fn} has more than the ${shape.params} parameter columns expected; the extra ones are ignored`, { line });
    }
    // One mutable origin per parser: events copy its fields, so no object is allocated per line.
    const o = this.cur;
    o.line = line;
    o.time = time;
    o.frame = frame;
    o.thread = thread;
    o.fn = fn;
    this.dispatch(fn, shape, buf, e, o);
  }

  private origin(o: EventOrigin): EventOrigin {
    return { seq: this.seq++, line: o.line, time: o.time, frame: o.frame, thread: o.thread, fn: o.fn };
  }

  private emit(e: CaptureEvent): void {
    this.sink.event(e);
  }

  private dispatch(fn: string, _shape: CallShape, buf: Uint8Array, e: number, o: EventOrigin): void {
    const P = 4; // first parameter column
    switch (fn) {
      case 'vmaCreateAllocator':
        return this.emit({ ...this.origin(o), op: 'allocatorCreate' });
      case 'vmaDestroyAllocator':
        this.allocatorDestroyed++;
        return this.emit({ ...this.origin(o), op: 'allocatorDestroy' });
      case 'vmaCreateBuffer': {
        const n = this.nums(buf, P, 9, o, fn);
        if (!n) return;
        const buffer: BufferCreateInfo = this.reuse ? this.reusedBuffer(n) : { flags: n[0]!, size: n[1]!, usage: n[2]!, sharingMode: n[3]! };
        const alloc = this.allocInfo(buf, n, 4, P + 9, o);
        const exact = this.exact;
        return this.create(o, fn, 'buffer', buf, P + 10, P + 11, e, this.body(buffer.size, exact[1], buffer, undefined, alloc, undefined));
      }
      case 'vmaCreateImage': {
        const n = this.nums(buf, P, 18, o, fn);
        if (!n) return;
        const image: ImageCreateInfo = {
          flags: n[0]!,
          imageType: n[1]!,
          format: n[2]!,
          width: n[3]!,
          height: n[4]!,
          depth: n[5]!,
          mipLevels: n[6]!,
          arrayLayers: n[7]!,
          samples: n[8]!,
          tiling: n[9]!,
          usage: n[10]!,
          sharingMode: n[11]!,
          initialLayout: n[12]!,
        };
        const alloc = this.allocInfo(buf, n, 13, P + 18, o);
        const size = estimateImageBytes(image);
        if (size === 0)
          this.diag.warn('unknown-format', `vmaCreateImage with VkFormat ${image.format}: size unknown, counted as 0 bytes`, {
            line: o.line,
          });
        return this.create(o, fn, 'image', buf, P + 19, P + 20, e, this.body(size, undefined, undefined, image, alloc, undefined));
      }
      case 'vmaAllocateMemory':
      case 'vmaAllocateMemoryPages': {
        const n = this.nums(buf, P, 8, o, fn);
        if (!n) return;
        const requirements: MemoryRequirements = this.reuse
          ? this.reusedRequirements(n[0]!, n[1]!, n[2]!, undefined, undefined)
          : { size: n[0]!, alignment: n[1]!, memoryTypeBits: n[2]! };
        const alloc = this.allocInfo(buf, n, 3, P + 8, o);
        const sizeExact = this.exact[0];
        const body = this.body(requirements.size, sizeExact, undefined, undefined, alloc, requirements);
        if (fn === 'vmaAllocateMemoryPages') return this.createPages(o, fn, buf, P + 9, P + 10, e, body);
        return this.create(o, fn, 'allocation', buf, P + 9, P + 10, e, body);
      }
      case 'vmaAllocateMemoryForBuffer':
      case 'vmaAllocateMemoryForImage': {
        const n = this.nums(buf, P, 10, o, fn);
        if (!n) return;
        const requirements: MemoryRequirements = this.reuse
          ? this.reusedRequirements(n[0]!, n[1]!, n[2]!, n[3] === 1, n[4] === 1)
          : {
              size: n[0]!,
              alignment: n[1]!,
              memoryTypeBits: n[2]!,
              requiresDedicated: n[3] === 1,
              prefersDedicated: n[4] === 1,
            };
        const alloc = this.allocInfo(buf, n, 5, P + 10, o);
        return this.create(o, fn, 'allocation', buf, P + 11, P + 12, e, this.body(requirements.size, this.exact[0], undefined, undefined, alloc, requirements));
      }
      case 'vmaCreateLostAllocation':
        return this.create(o, fn, 'allocation', buf, P, -1, e, this.body(0, undefined, undefined, undefined, undefined, undefined));
      case 'vmaDestroyBuffer':
      case 'vmaDestroyImage':
      case 'vmaFreeMemory':
        return this.destroy(o, fn, buf, this.start(P), this.end(P), true);
      case 'vmaFreeMemoryPages': {
        for (const [hs, he] of this.listItems(buf, this.start(P), this.end(P))) this.destroy(o, fn, buf, hs, he, false);
        return;
      }
      case 'vmaSetAllocationUserData': {
        const h = this.lookup(buf, P, o, fn);
        if (h < 0) return;
        const hs = this.start(P + 1);
        const name = hs <= e ? this.names.get(buf, hs, e) : '';
        if (!this.live.copyString(h) && isPointerText(name)) return this.emit({ ...this.origin(o), op: 'raw', fn, args: [this.live.handle(h), name] });
        return this.emit({ ...this.origin(o), op: 'name', id: this.live.id(h), name });
      }
      case 'vmaMapMemory':
      case 'vmaUnmapMemory':
      case 'vmaFlushAllocation':
      case 'vmaInvalidateAllocation':
      case 'vmaTouchAllocation':
      case 'vmaGetAllocationInfo': {
        const h = this.lookup(buf, P, o, fn);
        if (h < 0) return;
        const op =
          fn === 'vmaMapMemory'
            ? 'map'
            : fn === 'vmaUnmapMemory'
              ? 'unmap'
              : fn === 'vmaFlushAllocation'
                ? 'flush'
                : fn === 'vmaInvalidateAllocation'
                  ? 'invalidate'
                  : fn === 'vmaTouchAllocation'
                    ? 'touch'
                    : 'getInfo';
        return this.emit({ ...this.origin(o), op, id: this.live.id(h) });
      }
      case 'vmaResizeAllocation': {
        const h = this.lookup(buf, P, o, fn);
        if (h < 0) return;
        const size = parseUint(buf, this.start(P + 1), this.end(P + 1));
        if (typeof size !== 'number' || Number.isNaN(size)) return this.rawCols(buf, e, o, fn, 'new size is not a number');
        return this.emit({ ...this.origin(o), op: 'resize', id: this.live.id(h), size });
      }
      case 'vmaCreatePool': {
        const hasFrameInUse = this.ncols - 4 >= 7;
        const count = hasFrameInUse ? 6 : 5;
        const n = this.nums(buf, P, count, o, fn);
        if (!n) return;
        const hcol = P + count;
        const key = parseHandle(buf, this.start(hcol), this.end(hcol));
        const handle = text(buf, this.start(hcol), this.end(hcol));
        if (key === null) return this.rawCols(buf, e, o, fn, `pool handle "${clip(handle)}" is not a pointer`);
        if (key === 0) return this.rawCols(buf, e, o, fn, 'pool creation failed (null handle)', 'create-failed');
        const pool = this.nextPool++;
        if (this.pools.has(key))
          this.diag.warn('handle-reused', `pool ${handle} created again while still alive; the earlier pool is forgotten`, {
            line: o.line,
          });
        this.pools.set(key, pool);
        return this.emit({
          ...this.origin(o),
          op: 'poolCreate',
          pool,
          handle,
          memoryTypeIndex: n[0]!,
          flags: n[1]!,
          blockSize: n[2]!,
          minBlockCount: n[3]!,
          maxBlockCount: n[4]!,
          frameInUseCount: hasFrameInUse ? n[5] : undefined,
        });
      }
      case 'vmaDestroyPool':
      case 'vmaSetPoolName':
      case 'vmaMakePoolAllocationsLost': {
        const key = parseHandle(buf, this.start(P), this.end(P));
        const handle = text(buf, this.start(P), this.end(P));
        const pool = key === null ? undefined : this.pools.get(key);
        if (pool === undefined) {
          return this.rawCols(buf, e, o, fn, key === 0 ? `${fn} of a null pool` : `${fn} of unknown pool ${clip(handle)}`, 'unknown-pool');
        }
        if (fn === 'vmaDestroyPool') {
          this.pools.delete(key!);
          return this.emit({ ...this.origin(o), op: 'poolDestroy', pool });
        }
        if (fn === 'vmaSetPoolName') {
          const ns = this.start(P + 1);
          return this.emit({ ...this.origin(o), op: 'poolName', pool, name: ns <= e ? text(buf, ns, e) : '' });
        }
        return this.rawCols(buf, e, o, fn);
      }
      default:
        // Defragmentation and other calls that do not create or free anything: kept raw, no warning.
        // (Defragmentation moves placements; the replay engine warns that it does not model that.)
        return this.rawCols(buf, e, o, fn);
    }
  }

  /** Exact values of the last `nums` call for columns above 2^53 (index → bigint). */
  private exact: Record<number, bigint> = NO_EXACT;
  private readonly numBuf = new Float64Array(MAX_COLS);

  /** Parses `count` numeric columns from `first`; warns and emits a raw event when one is not a number. */
  private nums(buf: Uint8Array, first: number, count: number, o: EventOrigin, fn: string): Float64Array | null {
    const out = this.numBuf;
    this.exact = NO_EXACT;
    for (let i = 0; i < count; i++) {
      const v = parseUint(buf, this.start(first + i), this.end(first + i));
      if (typeof v === 'bigint') {
        if (this.exact === NO_EXACT) this.exact = {};
        this.exact[i] = v;
        this.diag.warn('huge-number', `${fn} column ${first + i + 1} is ${v}, above 2^53: kept exact as text, approximated in totals`, { line: o.line });
        out[i] = Number(v);
      } else if (Number.isNaN(v)) {
        this.rawCols(
          buf,
          this.end(this.ncols - 1),
          o,
          fn,
          `column ${first + i + 1} should be a number, got "${clip(text(buf, this.start(first + i), this.end(first + i)))}"`,
          'bad-number',
        );
        return null;
      } else out[i] = v;
    }
    return out;
  }

  private allocInfo(buf: Uint8Array, n: Float64Array, at: number, poolCol: number, o: EventOrigin): AllocationCreateInfo {
    const key = parseHandle(buf, this.start(poolCol), this.end(poolCol));
    let pool: number | null = null;
    if (key === null)
      this.diag.warn('bad-handle', `pool column is not a pointer: "${clip(text(buf, this.start(poolCol), this.end(poolCol)))}"`, {
        line: o.line,
      });
    else if (key !== 0) {
      const p = this.pools.get(key);
      if (p === undefined)
        this.diag.warn('unknown-pool', `allocation in unknown pool ${text(buf, this.start(poolCol), this.end(poolCol))}; treated as the default pool`, {
          line: o.line,
        });
      else pool = p;
    }
    return this.allocInfos.get(n[at]!, n[at + 1]!, n[at + 2]!, n[at + 3]!, n[at + 4]!, pool);
  }

  /** The create's fields, in one object that every create reuses: it only carries them into `create`, which copies them. */
  private readonly createBody: CreateBody = { size: 0, sizeExact: undefined, buffer: undefined, image: undefined, alloc: undefined, requirements: undefined };
  private body(
    size: number,
    sizeExact: bigint | undefined,
    buffer: BufferCreateInfo | undefined,
    image: ImageCreateInfo | undefined,
    alloc: AllocationCreateInfo | undefined,
    requirements: MemoryRequirements | undefined,
  ): CreateBody {
    const b = this.createBody;
    b.size = size;
    b.sizeExact = sizeExact;
    b.buffer = buffer;
    b.image = image;
    b.alloc = alloc;
    b.requirements = requirements;
    return b;
  }

  private create(o: EventOrigin, fn: string, kind: ObjectKind, buf: Uint8Array, hcol: number, nameCol: number, e: number, body: CreateBody): void {
    const hs = this.start(hcol),
      he = this.end(hcol);
    const key = parseHandle(buf, hs, he);
    if (key === null) return this.rawCols(buf, e, o, fn, `allocation handle "${clip(text(buf, hs, he))}" is not a pointer`, 'bad-handle');
    const handle = this.lean ? '' : text(buf, hs, he);
    let name: string | undefined;
    const copyString = this.minor < 2 || ((body.alloc?.flags ?? 0) & AllocationCreateFlag.USER_DATA_COPY_STRING) !== 0;
    if (nameCol >= 0 && this.ncols > nameCol && !this.lean) {
      const ns = this.start(nameCol);
      if (ns < e) {
        if (copyString || !isPointerBytes(buf, ns, e)) name = this.names.get(buf, ns, e);
      }
    }
    if (key === 0) {
      return this.emit({
        ...this.origin(o),
        op: 'createFailed',
        kind,
        fn,
        size: body.size,
        name,
        buffer: body.buffer,
        image: body.image,
        alloc: body.alloc,
        requirements: body.requirements,
      });
    }
    const id = this.bind(key, handle, kind, o, copyString);
    this.emit(this.createEvent(o, fn, id, kind, handle, name, body));
  }

  private createPages(o: EventOrigin, fn: string, buf: Uint8Array, hcol: number, nameCol: number, e: number, body: CreateBody): void {
    let name: string | undefined;
    if (this.ncols > nameCol && this.start(nameCol) < e && !this.lean) name = this.names.get(buf, this.start(nameCol), e);
    const copyString = ((body.alloc?.flags ?? 0) & AllocationCreateFlag.USER_DATA_COPY_STRING) !== 0;
    if (name !== undefined && !copyString && isPointerText(name)) name = undefined;
    const items = this.listItems(buf, this.start(hcol), this.end(hcol));
    if (items.length === 0) {
      return this.emit({
        ...this.origin(o),
        op: 'createFailed',
        kind: 'allocation',
        fn,
        size: body.size,
        name,
        alloc: body.alloc,
        requirements: body.requirements,
      });
    }
    for (const [hs, he] of items) {
      const key = parseHandle(buf, hs, he);
      if (key === null || key === 0) {
        this.diag.warn('bad-handle', `${fn}: "${clip(text(buf, hs, he))}" is not a valid allocation pointer`, { line: o.line });
        continue;
      }
      const handle = this.lean ? '' : text(buf, hs, he);
      const id = this.bind(key, handle, 'allocation', o, copyString);
      this.emit(this.createEvent(o, fn, id, 'allocation', handle, name, body));
    }
  }

  private bind(key: number | string, handle: string, kind: ObjectKind, o: EventOrigin, copyString: boolean): number {
    const prior = this.live.find(key);
    if (prior >= 0) {
      // VMA never hands out a live address twice: a destroy line is missing (cut or interleaved file).
      this.diag.warn(
        'handle-reused',
        `handle ${handle} created again while still alive (created at line ${this.live.line(prior)}, never destroyed); the earlier ${this.live.kind(prior)} is treated as destroyed here`,
        { line: o.line },
      );
      this.emit({ ...this.origin(o), op: 'destroy', id: this.live.id(prior), fn: '(implicit: handle reused)' });
    }
    const id = this.nextId++;
    this.live.add(key, id, handle, kind, o.line, copyString);
    return id;
  }

  private destroy(o: EventOrigin, fn: string, buf: Uint8Array, hs: number, he: number, nullOk: boolean): void {
    const key = parseHandle(buf, hs, he);
    if (key === null) return this.rawCols(buf, this.end(this.ncols - 1), o, fn, `"${clip(text(buf, hs, he))}" is not a pointer`, 'bad-handle');
    if (key === 0) {
      // vmaDestroyBuffer(buffer, VK_NULL_HANDLE) is legal and recorded; nothing is freed.
      if (!nullOk) this.diag.warn('null-handle', `${fn} lists a null allocation`, { line: o.line });
      return this.emit({ ...this.origin(o), op: 'raw', fn, args: ['null'] });
    }
    const h = this.live.find(key);
    if (h < 0)
      return this.rawCols(
        buf,
        this.end(this.ncols - 1),
        o,
        fn,
        `${fn} of unknown handle ${clip(text(buf, hs, he))} (never created, or already destroyed)`,
        'destroy-unknown-handle',
      );
    const id = this.live.id(h);
    this.live.remove(key, h);
    this.emit(this.destroyEvent(o, fn, id));
  }

  /**
   * A create event (the next `seq`): a fresh object, or in a lean read the one reused object filled
   * again (a lean read has no names or handle texts: `handle` is '' and `name` undefined).
   */
  private createEvent(o: EventOrigin, fn: string, id: number, kind: ObjectKind, handle: string, name: string | undefined, body: CreateBody): CreateEvent {
    if (!this.lean)
      // A literal with every field in one order keeps events one hidden class: spreads here cost a third of the read time.
      return {
        seq: this.seq++,
        line: o.line,
        time: o.time,
        frame: o.frame,
        thread: o.thread,
        fn,
        op: 'create',
        id,
        kind,
        handle,
        size: body.size,
        sizeExact: body.sizeExact,
        name,
        buffer: body.buffer,
        image: body.image,
        alloc: body.alloc,
        requirements: body.requirements,
        pool: body.alloc?.pool ?? undefined,
      };
    const c = this.leanCreate;
    c.seq = this.seq++;
    c.line = o.line;
    c.time = o.time;
    c.frame = o.frame;
    c.thread = o.thread;
    c.fn = fn;
    c.id = id;
    c.kind = kind;
    c.size = body.size;
    c.sizeExact = body.sizeExact;
    c.buffer = body.buffer;
    c.image = body.image;
    c.alloc = body.alloc;
    c.requirements = body.requirements;
    c.pool = body.alloc?.pool ?? undefined;
    c.placement = undefined;
    return c;
  }

  /** A destroy event (the next `seq`): a fresh object, or in a lean read the one reused object filled again. */
  private destroyEvent(o: EventOrigin, fn: string, id: number): DestroyEvent {
    if (!this.reuse) return { seq: this.seq++, line: o.line, time: o.time, frame: o.frame, thread: o.thread, fn, op: 'destroy', id };
    const d = this.leanDestroy;
    d.seq = this.seq++;
    d.line = o.line;
    d.time = o.time;
    d.frame = o.frame;
    d.thread = o.thread;
    d.fn = fn;
    d.id = id;
    return d;
  }

  private reusedRequirements(
    size: number,
    alignment: number,
    memoryTypeBits: number,
    requiresDedicated: boolean | undefined,
    prefersDedicated: boolean | undefined,
  ): MemoryRequirements {
    const r = this.leanRequirements;
    r.size = size;
    r.alignment = alignment;
    r.memoryTypeBits = memoryTypeBits;
    r.requiresDedicated = requiresDedicated;
    r.prefersDedicated = prefersDedicated;
    return r;
  }

  private reusedBuffer(n: Float64Array): BufferCreateInfo {
    const b = this.leanBuffer;
    b.flags = n[0]!;
    b.size = n[1]!;
    b.usage = n[2]!;
    b.sharingMode = n[3]!;
    return b;
  }

  /** The live-handle slot of the allocation in column `col`, or -1 (with a raw event and a warning). */
  private lookup(buf: Uint8Array, col: number, o: EventOrigin, fn: string): number {
    const hs = this.start(col),
      he = this.end(col);
    const key = parseHandle(buf, hs, he);
    const h = key === null ? -1 : this.live.find(key);
    if (h < 0) this.rawCols(buf, this.end(this.ncols - 1), o, fn, `${fn} of unknown handle ${clip(text(buf, hs, he))}`, 'unknown-handle');
    return h;
  }

  /** Space-separated pointer list inside one column (format ≥ 1.5). */
  private listItems(buf: Uint8Array, s: number, e: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let i = s;
    while (i < e) {
      while (i < e && buf[i] === 32) i++;
      const a = i;
      while (i < e && buf[i] !== 32) i++;
      if (i > a) out.push([a, i]);
    }
    return out;
  }

  private rawCols(buf: Uint8Array, e: number, o: EventOrigin, fn: string, warning?: string, code = 'bad-line'): void {
    const args: string[] = [];
    for (let i = 4; i < this.ncols; i++) args.push(text(buf, this.start(i), i === this.ncols - 1 ? e : this.end(i)));
    if (warning) this.diag.warn(code, warning, { line: o.line });
    this.emit({ ...this.origin(o), op: 'raw', fn, args });
  }

  private raw(buf: Uint8Array, s: number, e: number, line: number, fn: string, warning: string, code = 'bad-line'): void {
    this.diag.warn(code, warning, { line });
    const args = text(buf, s, e).split(',').slice(4);
    this.emit({
      seq: this.seq++,
      line,
      time: this.lastTime,
      frame: this.lastFrame,
      thread: this.lastThread,
      op: 'raw',
      fn,
      args,
    });
  }

  /**
   * The function column as one shared string per name. A slot from the length and two bytes picks
   * the candidate, then its bytes are compared: decoding a string per line, or hashing every byte
   * into a Map, cost more than the rest of the line's parsing.
   */
  private functionName(buf: Uint8Array, s: number, e: number): string {
    const len = e - s;
    const slot = len > 3 ? (len * 31 + buf[s + 3]! * 7 + buf[e - 1]!) & 1023 : len;
    const known = this.fnSlots[slot];
    if (known !== undefined && known.bytes.length === len) {
      const k = known.bytes;
      let i = 0;
      while (i < len && k[i] === buf[s + i]) i++;
      if (i === len) {
        this.fnShape = known.shape;
        return known.name;
      }
    }
    const decoded = text(buf, s, e);
    // Known names resolve to the key strings of SHAPES, which are internalized: the dispatch
    // switch then compares pointers instead of characters.
    const name = RECORDED_FUNCTIONS.find((k) => k === decoded) ?? decoded;
    // The bytes copied: a Node Buffer's slice() is a view, which would keep the whole chunk alive
    // and change under the entry when the source reuses its chunk buffer.
    const entry: FunctionEntry = { name, bytes: new Uint8Array(buf.subarray(s, e)), shape: Object.hasOwn(SHAPES, name) ? SHAPES[name] : undefined };
    // First come keeps the slot: a garbage name cannot evict a real one for long, and every line still compares bytes.
    if (known === undefined) this.fnSlots[slot] = entry;
    this.fnShape = entry.shape;
    return name;
  }
}

function isText(buf: Uint8Array, s: number, e: number, t: string): boolean {
  while (e > s && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
  if (e - s !== t.length) return false;
  for (let i = 0; i < t.length; i++) if (buf[s + i] !== t.charCodeAt(i)) return false;
  return true;
}

/** Same test as isPointerText, on bytes, without decoding a string first (the per-create hot path). */
function isPointerBytes(buf: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n === 5) return buf[s] === 40 && buf[s + 1] === 110 && buf[s + 2] === 105 && buf[s + 3] === 108 && buf[s + 4] === 41;
  if (n >= 2 && buf[s] === 48 && buf[s + 1] === 120) s += 2;
  if (e - s < 8 || e - s > 16) return false;
  for (let i = s; i < e; i++) {
    const c = buf[i]! | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isPointerText(t: string): boolean {
  return t === '(nil)' || /^(0x)?[0-9a-fA-F]{8,16}$/.test(t);
}

function clip(t: string, n = 80): string {
  return t.length > n ? `${t.slice(0, n)}…` : t;
}
