// The runtime's trace writer: vramscope trace records (formats/trace/spec.ts) to any text sink — a
// file in Node, a buffer uploaded from a browser. Records of a frame are held until the frame ends
// and then written in one call, closing with a `frameEnd` checkpoint, so a reader can tell a
// complete frame from a cut one. What a crash loses depends on the sink: with a synchronous one
// (vramscope/node's `fileTraceSink`, or `fs.appendFileSync`) at most the frame in progress; with a
// buffered one (`fs.createWriteStream`) everything still in its buffer, which can be many frames.
// src/node/trace-sink.ts lists the bound of each.

import type { Budget } from '../model/budgets.js';
import type { DeviceProfile } from '../model/profile.js';
import type { ObjectKind } from '../model/objects.js';
import { traceHeader, traceJson } from '../formats/trace/writer.js';

export interface TracedCreate {
  readonly id: number;
  readonly kind: ObjectKind;
  readonly size: number;
  readonly name?: string;
  readonly system?: string;
  readonly frame: number;
  readonly time: number;
  readonly fn?: string;
}

export class RuntimeTraceWriter {
  private pending: string[] = [];
  private closed = false;
  /** Bytes handed to the sink so far. */
  written = 0;

  /**
   * @param sink receives whole lines, one call per flush. In Node use vramscope/node's
   *   `fileTraceSink(path).write` (synchronous: a crash loses at most the frame in progress); a
   *   stream's `write` buffers and can lose many frames on SIGKILL.
   */
  constructor(
    private readonly sink: (chunk: string) => void,
    opts: { source?: string; device?: DeviceProfile; budgets?: readonly Budget[] } = {},
  ) {
    this.pending.push(traceHeader(opts.source));
    if (opts.device) this.pending.push(traceJson({ t: 'device', profile: opts.device }));
    for (const b of opts.budgets ?? []) this.pending.push(traceJson({ t: 'budget', ...b }));
    this.flush();
  }

  budget(b: Budget): void {
    this.push({ t: 'budget', ...b });
  }
  frameStart(frame: number, time: number): void {
    this.push({ t: 'frame', frame, time });
  }
  // The two records of the hot path are written as text directly: JSON.stringify of a fresh object
  // per allocation cost 4× the tracking itself. Strings still go through JSON.stringify (escaping).
  create(c: TracedCreate): void {
    if (this.closed) return;
    this.pending.push(
      `{"t":"create","id":${c.id},"kind":${JSON.stringify(c.kind)},"size":${num(c.size)}${c.name !== undefined ? `,"name":${JSON.stringify(c.name)}` : ''}${c.system !== undefined ? `,"system":${JSON.stringify(c.system)}` : ''}${c.fn !== undefined ? `,"fn":${JSON.stringify(c.fn)}` : ''},"frame":${num(c.frame)},"time":${num(c.time)}}`,
    );
  }
  destroy(id: number, frame: number, time: number): void {
    if (this.closed) return;
    this.pending.push(`{"t":"destroy","id":${id},"frame":${num(frame)},"time":${num(time)}}`);
  }
  name(id: number, name: string, frame: number, time: number): void {
    this.push({ t: 'name', id, name, frame, time });
  }

  /** Ends a frame: its checkpoint, then everything since the last flush goes out in one write. */
  frameEnd(frame: number, allocated: number, freed: number, live: number): void {
    this.push({ t: 'frameEnd', frame, allocated, freed, live });
    this.flush();
  }

  /** Writes what is pending and the `end` record; later calls are ignored. */
  close(): void {
    if (this.closed) return;
    this.pending.push('{"t":"end"}');
    this.flush();
    this.closed = true;
  }

  flush(): void {
    if (this.pending.length === 0 || this.closed) return;
    const chunk = this.pending.join('\n') + '\n';
    this.pending = [];
    this.sink(chunk);
    this.written += chunk.length;
  }

  private push(r: Record<string, unknown>): void {
    if (this.closed) return;
    this.pending.push(traceJson(r));
  }
}

/** A number as JSON text; non-finite numbers have none (the manager never passes one: sizes are checked, times are clocks). */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : '0';
}
