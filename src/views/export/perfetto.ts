// The timeline as Perfetto's native protobuf trace (a `Trace` of `TracePacket`s on one sequence), the
// format the Perfetto UI and trace processor read fastest: a process track with child tracks
// "Frames", "Allocations" and "Events"; one counter track per counter key (unit bytes or count);
// one track per concurrent lifetime slot under "Allocations"; event and argument names interned.
// Several counters sampled at one time share one packet (extra_counter_values); timestamps are
// deltas on an incremental clock (ClockSnapshot.Clock.is_incremental); numeric arguments go in a
// typed TrackEvent extension the trace describes itself (perfetto-args.ts). Field numbers from
// Perfetto's published protos (protos/perfetto/trace/trace_packet.proto, clock_snapshot.proto,
// trace_packet_defaults.proto, track_event/*.proto, interned_data/interned_data.proto,
// extension_descriptor.proto); test/export/perfetto.test.ts decodes the output against them.
// Those numbers are Perfetto's (Copyright (C) 2018-2020 The Android Open Source Project, Apache-2.0;
// see THIRD_PARTY_NOTICES.md); the encoder is vramscope's own.

import type { CounterBank } from './counters.js';
import { type ArgShape, extensionDescriptorSet, INTERNED_VALUES, TYPED_ARGS, writeArgs } from './perfetto-args.js';
import { ProtoWriter } from './protobuf.js';
import { type TimelineArgs, type TimelineOptions, type TimelineOutput, TimelineWriter } from './timeline.js';

const Trace = { packet: 1 } as const;
const Packet = {
  clockSnapshot: 6,
  timestamp: 8,
  sequenceId: 10,
  trackEvent: 11,
  internedData: 12,
  sequenceFlags: 13,
  timestampClockId: 58,
  defaults: 59,
  trackDescriptor: 60,
  extensionDescriptor: 72,
  firstPacketOnSequence: 87,
} as const;
/** ExtensionDescriptor.extension_set. */
const EXTENSION_SET = 1;
const SEQ_INCREMENTAL_STATE_CLEARED = 1;
/** TracePacketDefaults, ClockSnapshot and ClockSnapshot.Clock fields. */
const Defaults = { timestampClockId: 58 } as const;
const Snapshot = { clocks: 1 } as const;
const Clock = { id: 1, timestamp: 2, incremental: 3 } as const;
/** BUILTIN_CLOCK_BOOTTIME, the clock a packet's timestamp is on unless it says otherwise. */
const BOOTTIME = 6;
/**
 * A sequence-scoped clock (ids 64–127 are the writer's own) whose timestamps are deltas from the
 * previous packet's on it: a few bytes per packet instead of an absolute nanosecond count.
 */
const INCREMENTAL_CLOCK = 64;
const Track = { uuid: 1, name: 2, process: 3, parentUuid: 5, counter: 8 } as const;
const Process = { pid: 1, name: 6 } as const;
const Counter = { unit: 3 } as const;
const UNIT_COUNT = 2;
const UNIT_SIZE_BYTES = 3;
const Event = {
  type: 9,
  nameIid: 10,
  trackUuid: 11,
  extraCounterValues: 12,
  name: 23,
  counterValue: 30,
  extraCounterTrackUuids: 31,
  doubleCounterValue: 44,
  extraDoubleCounterTrackUuids: 45,
  extraDoubleCounterValues: 46,
} as const;
const TYPE_SLICE_BEGIN = 1;
const TYPE_SLICE_END = 2;
const TYPE_INSTANT = 3;
const TYPE_COUNTER = 4;
const Interned = { eventNames: 2, annotationNames: 3, annotationStrings: 29 } as const;

const SEQUENCE = 1;
const PROCESS_TRACK = 1;
const TRACK = { frames: 2, allocations: 3, events: 4 } as const;
const PID = 1;

class PerfettoOutput implements TimelineOutput {
  private readonly w = new ProtoWriter(2 << 20);
  private nextUuid = 16;
  /** Track uuid per counter number of the timeline's CounterBank. */
  private readonly counterTracks: number[] = [];
  /** Track uuid per lifetime slot, per kind. */
  private readonly slotTracks = new Map<string, number[]>();
  private readonly eventNames = new Map<string, number>();
  /** Event names used once so far (see intern). */
  private readonly seenOnce = new Set<string>();
  private readonly argNames = new Map<string, number>();
  private readonly newEventNames: Array<[number, string]> = [];
  private readonly newArgNames: Array<[number, string]> = [];
  private readonly argStrings = new Map<string, number>();
  private readonly newArgStrings: Array<[number, string]> = [];
  private first = true;
  private lastNs = 0;
  /** Absolute time of the last packet written on the incremental clock. */
  private clockNs = 0;

  constructor(private readonly write: (chunk: Uint8Array) => void) {}

  private packet(ns: number): void {
    const w = this.w;
    w.begin(Trace.packet);
    if (this.first) {
      // Interned names and the incremental clock are valid from here on: the trace processor keeps
      // them for the sequence. This packet is on BOOTTIME and says where the incremental clock
      // starts; every later one is on the incremental clock by default.
      w.uint(Packet.timestamp, ns);
      w.uint(Packet.timestampClockId, BOOTTIME);
      w.uint(Packet.sequenceId, SEQUENCE);
      w.uint(Packet.sequenceFlags, SEQ_INCREMENTAL_STATE_CLEARED);
      w.uint(Packet.firstPacketOnSequence, 1);
      w.begin(Packet.defaults);
      w.uint(Defaults.timestampClockId, INCREMENTAL_CLOCK);
      w.end();
      w.begin(Packet.clockSnapshot);
      w.begin(Snapshot.clocks);
      w.uint(Clock.id, INCREMENTAL_CLOCK);
      w.uint(Clock.timestamp, ns);
      w.uint(Clock.incremental, 1);
      w.end();
      w.begin(Snapshot.clocks);
      w.uint(Clock.id, BOOTTIME);
      w.uint(Clock.timestamp, ns);
      w.end();
      w.end();
      this.clockNs = ns;
      this.first = false;
      return;
    }
    const delta = ns - this.clockNs;
    if (delta >= 0) {
      w.uint(Packet.timestamp, delta);
      this.clockNs = ns;
    } else {
      // Earlier than the packet before (a source's clock stepped back): absolute, on BOOTTIME,
      // which leaves the incremental clock where it was.
      w.uint(Packet.timestamp, ns);
      w.uint(Packet.timestampClockId, BOOTTIME);
    }
    w.uint(Packet.sequenceId, SEQUENCE);
  }

  private endPacket(): void {
    this.w.end();
    if (this.w.pos >= 1 << 20) this.write(this.w.take());
  }

  private descriptor(uuid: number, name: string, parent: number | undefined, counterUnit?: number): void {
    const w = this.w;
    this.packet(this.lastNs);
    w.begin(Packet.trackDescriptor);
    w.uint(Track.uuid, uuid);
    w.string(Track.name, name);
    if (parent !== undefined) w.uint(Track.parentUuid, parent);
    if (counterUnit !== undefined) {
      w.begin(Track.counter);
      w.uint(Counter.unit, counterUnit);
      w.end();
    }
    w.end();
    this.endPacket();
  }

  start(processName: string): void {
    const w = this.w;
    this.packet(0);
    w.begin(Packet.trackDescriptor);
    w.uint(Track.uuid, PROCESS_TRACK);
    w.begin(Track.process);
    w.uint(Process.pid, PID);
    w.string(Process.name, processName);
    w.end();
    w.end();
    this.endPacket();
    // The typed arguments' schema, before any event: trace processor takes it when it reads the
    // packet, ahead of parsing the events that use it.
    this.packet(0);
    w.begin(Packet.extensionDescriptor);
    w.bytes(EXTENSION_SET, extensionDescriptorSet());
    w.end();
    this.endPacket();
    this.descriptor(TRACK.frames, 'Frames', PROCESS_TRACK);
    this.descriptor(TRACK.allocations, 'Allocations', PROCESS_TRACK);
    this.descriptor(TRACK.events, 'Events', PROCESS_TRACK);
  }

  private ns(us: number): number {
    const ns = Math.round(us * 1000);
    this.lastNs = ns;
    return ns;
  }

  private iid(map: Map<string, number>, fresh: Array<[number, string]>, s: string): number {
    let id = map.get(s);
    if (id === undefined) {
      id = map.size + 1;
      map.set(s, id);
      fresh.push([id, s]);
    }
    return id;
  }

  /** Interns the names a track event will use; writes the new ones into the current packet. */
  private intern(name: string | undefined, args: TimelineArgs | undefined, shape: ArgShape | undefined): number {
    // A name is interned the second time it is seen: its first use goes out plain. Object names
    // often all differ (tex_1, tex_2, …), and an interned name used once costs its table entry as
    // well as its reference (22 bytes against 12 for "image 1000"). Past MAX_INTERNED_NAMES new
    // ones go out plain, so the table — kept for the whole trace — stays bounded however long the
    // input; so does the list of names seen once, cleared when full.
    let nameIid = 0;
    if (name !== undefined) {
      nameIid = this.eventNames.get(name) ?? 0;
      if (!nameIid && this.eventNames.size < MAX_INTERNED_NAMES) {
        if (this.seenOnce.has(name)) {
          this.seenOnce.delete(name);
          nameIid = this.iid(this.eventNames, this.newEventNames, name);
        } else {
          if (this.seenOnce.size >= MAX_INTERNED_NAMES) this.seenOnce.clear();
          this.seenOnce.add(name);
        }
      }
    }
    if (args && shape) {
      let i = 0;
      for (const k in args) {
        const v = args[k];
        if (shape.interned[i++] && typeof v === 'string') this.iid(this.argStrings, this.newArgStrings, v);
      }
    }
    if (this.newEventNames.length || this.newArgNames.length || this.newArgStrings.length) {
      const w = this.w;
      w.begin(Packet.internedData);
      for (const [id, s] of this.newEventNames) {
        w.begin(Interned.eventNames);
        w.uint(1, id);
        w.string(2, s);
        w.end();
      }
      for (const [id, s] of this.newArgNames) {
        w.begin(Interned.annotationNames);
        w.uint(1, id);
        w.string(2, s);
        w.end();
      }
      for (const [id, s] of this.newArgStrings) {
        w.begin(Interned.annotationStrings);
        w.uint(1, id);
        w.string(2, s); // InternedString.str is bytes: the UTF-8 of the string
        w.end();
      }
      w.end();
      this.newEventNames.length = 0;
      this.newArgNames.length = 0;
      this.newArgStrings.length = 0;
    }
    return nameIid;
  }

  /** The argument shape last seen: the timeline passes the same keys in the same order call after call. */
  private shape: ArgShape = { keys: [], iids: [], interned: [], typed: [], anyTyped: false };

  /**
   * Name iids of `args`' keys in order (interning new names), and which keys have interned values.
   * Keys are compared by identity with the last shape's: property names are the same internal
   * strings each time, so the usual call costs one pass and no map lookups.
   */
  private shapeOf(args: TimelineArgs): ArgShape {
    const last = this.shape;
    let i = 0;
    let same = true;
    for (const k in args) {
      if (last.keys[i] !== k) {
        same = false;
        break;
      }
      i++;
    }
    if (same && i === last.keys.length) return last;
    const keys: string[] = [];
    const iids: number[] = [];
    const interned: boolean[] = [];
    const typed: ArgShape['typed'][number][] = [];
    for (const k in args) {
      keys.push(k);
      // Every key keeps a name iid: a value that does not fit its typed field goes as an annotation.
      iids.push(this.iid(this.argNames, this.newArgNames, k));
      interned.push(INTERNED_VALUES.has(k));
      typed.push(Object.hasOwn(TYPED_ARGS, k) ? TYPED_ARGS[k] : undefined);
    }
    this.shape = { keys, iids, interned, typed, anyTyped: typed.some((t) => t !== undefined) };
    return this.shape;
  }

  /** A slice or instant: interned name (or a plain one, for names used once such as frames), arguments. */
  private event(us: number, type: number, track: number, name: string | undefined, args: TimelineArgs | undefined, internName = true): void {
    const ns = this.ns(us);
    const w = this.w;
    this.packet(ns);
    const shape = args ? this.shapeOf(args) : undefined;
    const nameIid = this.intern(internName ? name : undefined, args, shape);
    w.begin(Packet.trackEvent);
    w.uint(Event.type, type);
    w.uint(Event.trackUuid, track);
    if (nameIid) w.uint(Event.nameIid, nameIid);
    else if (name !== undefined) w.string(Event.name, name);
    if (args && shape) writeArgs(w, args, shape, this.argStrings);
    w.end();
    this.endPacket();
  }

  counters(us: number, bank: CounterBank, ids: readonly number[], values: readonly number[]): void {
    const uuids = this.counterTracks;
    const w = this.w;
    for (const id of ids) {
      if (uuids[id] === undefined) {
        uuids[id] = this.nextUuid++;
        const group = bank.group[id]!;
        this.descriptor(uuids[id]!, `${group} ${bank.key[id]}`, PROCESS_TRACK, group === 'live_objects' ? UNIT_COUNT : UNIT_SIZE_BYTES);
      }
    }
    this.packet(this.ns(us));
    w.begin(Packet.trackEvent);
    w.uint(Event.type, TYPE_COUNTER);
    // The first value rides on the event's own track; the others are extra values at the same time
    // (integers and doubles in their own lists).
    const firstInt = values.findIndex((v) => Number.isSafeInteger(v));
    const head = Math.max(firstInt, 0);
    w.uint(Event.trackUuid, uuids[ids[head]!]!);
    if (firstInt >= 0) w.int(Event.counterValue, values[head]!);
    else w.double(Event.doubleCounterValue, values[head]!);
    for (let i = 0; i < ids.length; i++) if (i !== head && Number.isSafeInteger(values[i])) w.uint(Event.extraCounterTrackUuids, uuids[ids[i]!]!);
    for (let i = 0; i < ids.length; i++) if (i !== head && Number.isSafeInteger(values[i])) w.int(Event.extraCounterValues, values[i]!);
    for (let i = 0; i < ids.length; i++) if (i !== head && !Number.isSafeInteger(values[i])) w.uint(Event.extraDoubleCounterTrackUuids, uuids[ids[i]!]!);
    for (let i = 0; i < ids.length; i++) if (i !== head && !Number.isSafeInteger(values[i])) w.double(Event.extraDoubleCounterValues, values[i]!);
    w.end();
    this.endPacket();
  }

  private slotTrack(kind: string, slot: number): number {
    let slots = this.slotTracks.get(kind);
    if (!slots) {
      slots = [];
      this.slotTracks.set(kind, slots);
    }
    let uuid = slots[slot];
    if (uuid === undefined) {
      uuid = this.nextUuid++;
      slots[slot] = uuid;
      this.descriptor(uuid, `${kind} lifetimes #${slot}`, TRACK.allocations);
    }
    return uuid;
  }

  sliceBegin(us: number, kind: string, slot: number, name: string, args: TimelineArgs): void {
    this.event(us, TYPE_SLICE_BEGIN, this.slotTrack(kind, slot), name, args);
  }
  sliceEnd(us: number, kind: string, slot: number, _name: string, args?: TimelineArgs): void {
    this.event(us, TYPE_SLICE_END, this.slotTrack(kind, slot), undefined, args);
  }
  frameBegin(us: number, index: number): void {
    this.event(us, TYPE_SLICE_BEGIN, TRACK.frames, `Frame ${index}`, undefined, false);
  }
  frameEnd(_startUs: number, us: number, _name: string, args: TimelineArgs): void {
    // The end's arguments are merged into the slice its begin opened.
    this.event(us, TYPE_SLICE_END, TRACK.frames, undefined, args);
  }
  instant(us: number, name: string, args: TimelineArgs): void {
    this.event(us, TYPE_INSTANT, TRACK.events, name, args, false);
  }
  end(about: Readonly<Record<string, unknown>>): void {
    // Perfetto's trace has no free-form header: what the trace is goes on one instant at its end.
    const args: Record<string, string> = {};
    for (const [k, v] of Object.entries(about)) args[k] = v === null ? 'unknown' : String(v);
    this.event(this.lastNs / 1000, TYPE_INSTANT, TRACK.events, 'about this trace', args, false);
    if (this.w.pos) this.write(this.w.take());
  }
}

/** Distinct event names interned at most (see intern). */
const MAX_INTERNED_NAMES = 1 << 16;

/** The timeline written as a Perfetto protobuf trace, in chunks handed to `write` (each valid only during the call). */
export class PerfettoTraceWriter extends TimelineWriter {
  constructor(write: (chunk: Uint8Array) => void, opts: TimelineOptions = {}) {
    super(new PerfettoOutput(write), opts);
  }
}
