// Writing vramscope traces (see spec.ts): a capture sink that turns the model's events into trace
// records, to any text sink — a file, a stream, a string in tests, an upload in a browser.

import type { Budget } from '../../model/budgets.js';
import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import type { CaptureEvent } from '../../model/events.js';
import type { DeviceProfile } from '../../model/profile.js';
import { TRACE_FORMAT, TRACE_VERSION, type TraceHeader } from './spec.js';

/** JSON with bigint as decimal strings (only `sizeExact` can hold one). */
export function traceJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

export function traceHeader(source?: string, created = new Date().toISOString()): string {
  const h: TraceHeader = { format: TRACE_FORMAT, version: TRACE_VERSION, ...(source !== undefined ? { source } : {}), created };
  return traceJson(h);
}

/** One event as a record: the event's own fields with `op` as `t`, less `seq` and `line` (positions). */
export function eventRecord(e: CaptureEvent): string {
  const { seq: _seq, line: _line, op, ...rest } = e as CaptureEvent & Record<string, unknown>;
  const r: Record<string, unknown> = { t: op };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) r[k] = v;
  return traceJson(r);
}

export function budgetRecord(b: Budget): string {
  return traceJson({ t: 'budget', ...b });
}
export function deviceRecord(p: DeviceProfile): string {
  return traceJson({ t: 'device', profile: p });
}

/** A sink that writes every event as a trace line through `write` (called once per line, `\n` included). */
export class TraceWriter implements CaptureSink {
  private wroteHeader = false;
  private source?: string;
  constructor(
    private readonly write: (text: string) => void,
    opts: { source?: string } = {},
  ) {
    this.source = opts.source;
  }

  begin(info: CaptureInfo): void {
    this.source ??= info.source;
    this.header();
  }
  profile(p: DeviceProfile): void {
    this.header();
    this.write(deviceRecord(p) + '\n');
  }
  budget(b: Budget): void {
    this.header();
    this.write(budgetRecord(b) + '\n');
  }
  event(e: CaptureEvent): void {
    this.header();
    this.write(eventRecord(e) + '\n');
  }
  end(x: CaptureEnd): void {
    this.header();
    // A source that was itself cut stays marked as cut: no `end` record.
    if (x.complete) this.write('{"t":"end"}\n');
  }

  private header(): void {
    if (this.wroteHeader) return;
    this.wroteHeader = true;
    this.write(traceHeader(this.source) + '\n');
  }
}
