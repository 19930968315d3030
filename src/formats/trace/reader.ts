// Reading vramscope traces (spec.ts): JSON Lines, streamed line by line. Recoverable problems — a bad
// line, a missing field, a destroy of an unknown id, a record type from a newer writer, a cut last
// line — become warnings with the line number; only a file that is not a trace at all, or one from
// a newer major version, is an error.

import type { CaptureSink, InputTraits } from '../../model/capture.js';
import type { Diagnostics } from '../../model/diagnostics.js';
import { SourceError } from '../../model/diagnostics.js';
import type { CaptureEvent, CreateEvent } from '../../model/events.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { Budget } from '../../model/budgets.js';
import type { ObjectKind } from '../../model/objects.js';
import type { ReadOptions, Reader } from '../reader.js';
import { forEachLine, text, type Source } from '../source.js';
import { OBJECT_KINDS, RECORD_FIELDS, TRACE_FORMAT, TRACE_VERSION } from './spec.js';

const HEAD = new TextDecoder('utf-8');

/** What this reader's inputs are (see InputTraits). */
export const TRACE_TRAITS: InputTraits = {
  model: 'calls',
  kind: 'trace',
  hasPlacements: false,
  hasMemoryProperties: true,
  hasClock: true,
  hasFrames: true,
  moment: 'stream',
  label: 'vramscope trace',
};

export const traceReader: Reader = {
  id: 'trace',
  traits: TRACE_TRAITS,
  description: 'a vramscope trace (JSON Lines, "format":"vramscope-trace")',
  sniff(_name, head) {
    const first = HEAD.decode(head.subarray(0, 512)).split('\n', 1)[0]!;
    return /^\s*\{/.test(first) && first.includes(`"${TRACE_FORMAT}"`);
  },
  read: readTrace,
};

async function readTrace(src: Source, sink: CaptureSink, diag: Diagnostics, opts?: ReadOptions): Promise<void> {
  let seq = 0;
  let frame = 0;
  let headerSeen = false;
  let ended = false;
  let lastLine = 0;
  let t0 = 0;
  const live = new Set<number>();
  let liveBytes = 0;
  const sizes = new Map<number, number>();
  sink.begin?.({ format: 'trace', traits: TRACE_TRAITS, formatVersion: String(TRACE_VERSION), source: src.name });

  const stats = await forEachLine(
    src,
    (buf, s, e, line) => {
      if (e === s) return;
      let r: Record<string, unknown>;
      try {
        const v: unknown = JSON.parse(text(buf, s, e));
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
        r = v as Record<string, unknown>;
      } catch (err) {
        if (!headerSeen) throw new SourceError('not a vramscope trace: the first line is not a JSON object', { file: src.name, line });
        diag.warn('bad-line', `not a JSON object: ${(err as Error).message}`, { line });
        return;
      }
      if (!headerSeen) {
        if (r.format !== TRACE_FORMAT)
          throw new SourceError(`not a vramscope trace: the header's "format" is ${JSON.stringify(r.format)}, not "${TRACE_FORMAT}"`, { file: src.name, line });
        if (typeof r.version !== 'number' || r.version > TRACE_VERSION || r.version < 1) {
          throw new SourceError(`trace version ${JSON.stringify(r.version)} is not one this vramscope reads (1 to ${TRACE_VERSION}); upgrade vramscope`, {
            file: src.name,
            line,
          });
        }
        headerSeen = true;
        lastLine = line;
        return;
      }
      lastLine = line;
      const t = r.t;
      if (typeof t !== 'string') {
        diag.warn('bad-record', 'record without a "t" (type)', { line });
        return;
      }
      const fields = RECORD_FIELDS[t];
      if (!fields) {
        diag.warn('unknown-record', `unknown record type "${clip(t)}" skipped (written by a newer vramscope?)`, { line });
        return;
      }
      for (const [k, type] of Object.entries(fields)) {
        const v = r[k];
        const ok = type === 'array' ? Array.isArray(v) : type === 'object' ? v !== null && typeof v === 'object' && !Array.isArray(v) : typeof v === type;
        if (!ok || (type === 'number' && !Number.isFinite(v as number))) {
          diag.warn('bad-record', `${t}: "${k}" must be a ${type}`, { line });
          return;
        }
      }
      if (ended) {
        diag.warn('after-end', `${t} record after the "end" record`, { line });
      }
      switch (t) {
        case 'device':
          sink.profile?.(r.profile as DeviceProfile);
          return;
        case 'budget': {
          if (!['total', 'system', 'heap'].includes(r.scope as string)) {
            diag.warn('bad-record', `budget: scope must be total, system or heap`, { line });
            return;
          }
          const b: Record<string, unknown> = { scope: r.scope, name: r.name };
          for (const k of ['soft', 'hard', 'frameDelta']) {
            if (r[k] === undefined) continue;
            if (typeof r[k] !== 'number' || !((r[k] as number) >= 0)) {
              diag.warn('bad-record', `budget: "${k}" must be a size in bytes`, { line });
              return;
            }
            b[k] = r[k];
          }
          sink.budget?.(b as unknown as Budget);
          return;
        }
        case 'frameEnd':
          // A checkpoint: the writer's totals must match what the records before it add up to.
          if (r.live !== liveBytes)
            diag.warn(
              'frame-total-mismatch',
              `frame ${r.frame} ends with ${r.live} live bytes by the writer's count, ${liveBytes} by its records: records are missing`,
              { line },
            );
          return;
        case 'end':
          ended = true;
          return;
        default:
          break;
      }
      if (typeof r.frame === 'number' && Number.isFinite(r.frame)) frame = r.frame;
      const time = typeof r.time === 'number' && Number.isFinite(r.time) ? r.time : t0;
      t0 = time;
      const origin = {
        seq: 0,
        line,
        time,
        frame,
        thread: typeof r.thread === 'number' ? r.thread : 0,
        ...(typeof r.fn === 'string' ? { fn: r.fn } : {}),
      };
      const id = r.id as number;
      if ('id' in fields && (!Number.isSafeInteger(id) || id < 0)) {
        diag.warn('bad-record', `${t}: "id" must be a non-negative integer below 2^53 (JSON numbers are not exact above), got ${clip(String(r.id))}`, {
          line,
        });
        return;
      }
      let ev: CaptureEvent;
      switch (t) {
        case 'create': {
          if (!OBJECT_KINDS.has(r.kind as string)) {
            diag.warn('bad-record', `create: unknown kind "${clip(String(r.kind))}"`, { line });
            return;
          }
          if (live.has(id)) {
            diag.warn('id-reused', `create: id ${id} is still alive; the earlier object is taken as destroyed`, { line });
            emit({ ...origin, op: 'destroy', id, fn: 'destroy' });
          }
          const size = r.size as number;
          if (size < 0) {
            diag.warn('bad-record', 'create: negative size', { line });
            return;
          }
          const c: Record<string, unknown> = {
            ...origin,
            fn: typeof r.fn === 'string' ? r.fn : 'create',
            op: 'create',
            id,
            kind: r.kind as ObjectKind,
            handle: typeof r.handle === 'string' ? r.handle : `#${id}`,
            size,
          };
          if (typeof r.sizeExact === 'string' && /^[0-9]+$/.test(r.sizeExact)) c.sizeExact = BigInt(r.sizeExact);
          for (const k of ['name', 'system']) if (typeof r[k] === 'string') c[k] = r[k];
          for (const k of ['buffer', 'image', 'alloc', 'requirements', 'placement']) if (r[k] !== null && typeof r[k] === 'object') c[k] = r[k];
          for (const k of ['pool', 'dedicatedTo', 'hostWrites']) if (typeof r[k] === 'number') c[k] = r[k];
          live.add(id);
          sizes.set(id, size);
          if (r.kind !== 'deviceMemory') liveBytes += size;
          ev = c as unknown as CreateEvent;
          break;
        }
        case 'destroy':
          if (!live.has(id)) {
            diag.warn('destroy-unknown-id', `destroy of id ${id}, which is not alive`, { line });
            return;
          }
          live.delete(id);
          liveBytes -= sizes.get(id)!;
          sizes.delete(id);
          ev = { ...origin, op: 'destroy', id, fn: typeof r.fn === 'string' ? r.fn : 'destroy' };
          break;
        case 'resize':
          if (!live.has(id)) {
            diag.warn('unknown-id', `resize of id ${id}, which is not alive`, { line });
            return;
          }
          liveBytes += (r.size as number) - sizes.get(id)!;
          sizes.set(id, r.size as number);
          ev = { ...origin, op: 'resize', id, size: r.size as number };
          break;
        case 'name':
          ev = { ...origin, op: 'name', id, name: r.name as string };
          break;
        case 'map':
        case 'unmap':
        case 'flush':
        case 'invalidate':
        case 'touch':
        case 'getInfo':
          ev = { ...origin, op: t, id };
          break;
        case 'frame':
          ev = { ...origin, op: 'frame' };
          break;
        case 'createFailed': {
          if (!OBJECT_KINDS.has(r.kind as string)) {
            diag.warn('bad-record', `createFailed: unknown kind "${clip(String(r.kind))}"`, { line });
            return;
          }
          const c: Record<string, unknown> = {
            ...origin,
            op: 'createFailed',
            fn: typeof r.fn === 'string' ? r.fn : 'create',
            kind: r.kind,
            size: r.size,
          };
          if (typeof r.name === 'string') c.name = r.name;
          for (const k of ['buffer', 'image', 'alloc', 'requirements']) if (r[k] !== null && typeof r[k] === 'object') c[k] = r[k];
          ev = c as unknown as CaptureEvent;
          break;
        }
        case 'poolCreate':
          ev = {
            ...origin,
            op: 'poolCreate',
            pool: r.pool as number,
            handle: typeof r.handle === 'string' ? r.handle : `pool#${r.pool}`,
            memoryTypeIndex: r.memoryTypeIndex as number,
            flags: num(r.flags),
            blockSize: num(r.blockSize),
            minBlockCount: num(r.minBlockCount),
            maxBlockCount: num(r.maxBlockCount),
            ...(typeof r.frameInUseCount === 'number' ? { frameInUseCount: r.frameInUseCount } : {}),
          };
          break;
        case 'poolDestroy':
          ev = { ...origin, op: 'poolDestroy', pool: r.pool as number };
          break;
        case 'poolName':
          ev = { ...origin, op: 'poolName', pool: r.pool as number, name: r.name as string };
          break;
        case 'allocatorCreate':
        case 'allocatorDestroy':
          ev = { ...origin, op: t };
          break;
        case 'raw':
          ev = { ...origin, op: 'raw', fn: r.fn as string, args: (r.args as unknown[]).map(String) };
          break;
        default:
          return;
      }
      emit(ev);
    },
    opts?.onProgress,
  );

  if (!headerSeen) throw new SourceError('not a vramscope trace: empty', { file: src.name });
  const cutMidLine = !stats.endedWithNewline && stats.bytes > 0;
  if (!ended) {
    diag.warn(
      'truncated',
      cutMidLine
        ? `the trace was cut inside line ${stats.lines} (the app stopped while writing); kept everything up to line ${lastLine}`
        : `the trace has no "end" record: the app stopped (or is still running) after line ${lastLine}`,
      { line: stats.lines },
    );
  }
  sink.end?.({ lines: stats.lines, bytes: stats.bytes, complete: ended, lastLine });

  function emit(e: CaptureEvent): void {
    (e as { seq: number }).seq = seq++;
    sink.event(e);
  }
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function clip(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
