// The timeline as Chrome trace-event JSON, which the Perfetto UI, chrome://tracing and Tracy's
// importer load: counters as 'C' events, lifetimes as async 'b'/'e' pairs (an id per concurrent
// lifetime), frames as complete 'X' events, instants as process-scoped 'i' events. Format: Chrome's
// Trace Event Format, https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSGKchNAySU,
// as Perfetto imports it (https://perfetto.dev/docs/getting-started/other-formats). The protobuf
// trace (perfetto.ts) is smaller and loads faster; this stays for tools that read only JSON.

import type { CounterBank } from './counters.js';
import { type TimelineArgs, type TimelineOptions, type TimelineOutput, type TimelineStats, TimelineWriter } from './timeline.js';

/** Trace-event ids: pid 1 is the GPU memory process; these are its threads. */
export const PID = 1;
export const TID = { frames: 1, allocations: 2, events: 3 } as const;

export type ChromeTraceOptions = TimelineOptions;
export type ChromeTraceStats = TimelineStats;

class ChromeJsonOutput implements TimelineOutput {
  private first = true;
  constructor(private readonly write: (chunk: string) => void) {}

  private emit(ev: Record<string, unknown>): void {
    this.write((this.first ? '' : ',\n') + JSON.stringify(ev, bigintSafe));
    this.first = false;
  }
  start(processName: string): void {
    this.write('{"traceEvents":[\n');
    this.emit({ ph: 'M', pid: PID, tid: 0, name: 'process_name', args: { name: processName } });
    this.emit({ ph: 'M', pid: PID, tid: TID.frames, name: 'thread_name', args: { name: 'Frames' } });
    this.emit({ ph: 'M', pid: PID, tid: TID.allocations, name: 'thread_name', args: { name: 'Allocations' } });
    this.emit({ ph: 'M', pid: PID, tid: TID.events, name: 'thread_name', args: { name: 'Events' } });
  }
  counters(us: number, bank: CounterBank, ids: readonly number[], values: readonly number[]): void {
    // One 'C' event per group; Perfetto names its tracks `<group> <key>`.
    let args: Record<string, number> = {};
    for (let i = 0; i < ids.length; i++) {
      args[bank.key[ids[i]!]!] = values[i]!;
      if (i === ids.length - 1 || !bank.sameGroup(ids[i]!, ids[i + 1]!)) {
        this.emit({ ph: 'C', pid: PID, tid: TID.allocations, ts: us, name: bank.group[ids[i]!], args });
        args = {};
      }
    }
  }
  sliceBegin(us: number, kind: string, slot: number, name: string, args: TimelineArgs): void {
    this.emit({ ph: 'b', pid: PID, tid: TID.allocations, ts: us, cat: kind, id: slotId(slot), name, args });
  }
  sliceEnd(us: number, kind: string, slot: number, name: string, args?: TimelineArgs): void {
    this.emit({ ph: 'e', pid: PID, tid: TID.allocations, ts: us, cat: kind, id: slotId(slot), name, ...(args ? { args } : {}) });
  }
  frameBegin(): void {
    // A complete event ('X') carries its start: nothing to write until the frame closes.
  }
  frameEnd(startUs: number, us: number, name: string, args: TimelineArgs): void {
    this.emit({ ph: 'X', pid: PID, tid: TID.frames, ts: startUs, dur: us - startUs, name, args });
  }
  instant(us: number, name: string, args: TimelineArgs): void {
    this.emit({ ph: 'i', s: 'p', pid: PID, tid: TID.events, ts: us, name, args });
  }
  end(about: Readonly<Record<string, unknown>>): void {
    this.write(`\n],\n"displayTimeUnit":"ms",\n"otherData":${JSON.stringify(about)}}\n`);
  }
}

/** The timeline written as Chrome trace-event JSON, in chunks handed to `write`. */
export class ChromeTraceWriter extends TimelineWriter {
  constructor(write: (chunk: string) => void, opts: ChromeTraceOptions = {}) {
    super(new ChromeJsonOutput(write), opts);
  }
}

function slotId(slot: number): string {
  return `0x${slot.toString(16)}`;
}

function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
