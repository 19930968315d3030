// The Perfetto protobuf export, decoded against Perfetto's published schema (the fields vramscope
// writes, test/fixtures/perfetto/trace_subset.proto) with protobufjs, and compared event for event
// with the JSON export of the same real VMA recordings: the same lifetimes, frames, instants and
// counter values, on tracks that are declared before use and slices that nest on every track.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { exportChromeTrace } from '../../src/node/chrome-trace.js';
import { type ArgShape, TYPED_ARGS, writeArgs } from '../../src/views/export/perfetto-args.js';
import { ProtoWriter } from '../../src/views/export/protobuf.js';
import { realRuns, repoRoot } from '../helpers/data.js';

type Ev = Record<string, any>;
const root = protobuf.loadSync([join(repoRoot, 'test/fixtures/perfetto/trace_subset.proto'), join(repoRoot, 'test/fixtures/perfetto/vramscope_args.proto')]);
const Trace = root.lookupType('perfetto.protos.Trace');
/** Where protobufjs puts vramscope's TrackEvent extension (test/fixtures/perfetto/vramscope_args.proto). */
const EXTENSION = '.vramscope.TrackEventExtension.vramscope';
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const dir = mkdtempSync(join(tmpdir(), 'vramscope-pftrace-'));

interface Decoded {
  packets: Ev[];
  tracks: Map<number, Ev>;
  events: Array<{ ts: number; type: string; track: Ev; name?: string; args: Record<string, unknown>; counters: Array<[string, number]> }>;
}

function decode(path: string): Decoded {
  const t = Trace.toObject(Trace.decode(readFileSync(path)), { longs: Number, enums: String, bytes: String }) as { packet: Ev[] };
  const tracks = new Map<number, Ev>();
  const names = new Map<number, string>();
  const argNames = new Map<number, string>();
  const strings = new Map<number, string>();
  const events: Decoded['events'] = [];
  // Timestamps: on BOOTTIME (6) unless a packet or the sequence's defaults name another clock; the
  // sequence's own incremental clock (64) counts from its snapshot, each packet a delta.
  let defaultClock = 6;
  let incremental: number | undefined;
  t.packet.forEach((p, i) => {
    assert.equal(p.trustedPacketSequenceId, 1, `packet ${i}: one sequence`);
    if (i === 0) assert.equal(p.sequenceFlags, 1, 'the first packet clears the incremental state');
    if (p.tracePacketDefaults?.timestampClockId !== undefined) defaultClock = p.tracePacketDefaults.timestampClockId;
    for (const c of p.clockSnapshot?.clocks ?? []) {
      if (c.clockId !== 64) continue;
      assert.equal(c.isIncremental, true, 'clock 64 is incremental');
      incremental = c.timestamp;
    }
    const clock = p.timestampClockId ?? defaultClock;
    let ts = p.timestamp;
    if (clock === 64) {
      assert.ok(incremental !== undefined, `packet ${i}: the incremental clock is defined before use`);
      ts = incremental += p.timestamp;
    } else assert.equal(clock, 6, `packet ${i}: BOOTTIME or the incremental clock`);
    for (const n of p.internedData?.eventNames ?? []) {
      assert.ok(!names.has(n.iid), `event name iid ${n.iid} defined once`);
      names.set(n.iid, n.name);
    }
    for (const n of p.internedData?.debugAnnotationNames ?? []) argNames.set(n.iid, n.name);
    for (const n of p.internedData?.debugAnnotationStringValues ?? []) strings.set(n.iid, Buffer.from(n.str, 'base64').toString('utf8'));
    if (p.trackDescriptor) {
      const d = p.trackDescriptor;
      assert.ok(!tracks.has(d.uuid), `track ${d.uuid} declared once`);
      if (d.parentUuid !== undefined) assert.ok(tracks.has(d.parentUuid), `track ${d.uuid}: parent ${d.parentUuid} declared before`);
      tracks.set(d.uuid, d);
    }
    const e = p.trackEvent;
    if (!e) return;
    const track = tracks.get(e.trackUuid);
    assert.ok(track, `packet ${i}: track ${e.trackUuid} declared before its first event`);
    const args: Record<string, unknown> = {};
    // Typed arguments first (trace processor's `vramscope.*` args), then the debug annotations.
    for (const [k, v] of Object.entries((e[EXTENSION] ?? {}) as Record<string, unknown>)) args[snake(k)] = v;
    for (const a of e.debugAnnotations ?? []) {
      const k = argNames.get(a.nameIid);
      assert.ok(k, `annotation name iid ${a.nameIid} interned before use`);
      args[k] =
        a.stringValueIid !== undefined
          ? strings.get(a.stringValueIid)
          : (a.uintValue ??
            a.intValue ??
            a.doubleValue ??
            a.boolValue ??
            a.stringValue ??
            (a.pointerValue !== undefined ? `ptr:${a.pointerValue}` : undefined));
    }
    const counters: Array<[string, number]> = [];
    if (e.type === 'TYPE_COUNTER') {
      assert.ok(track.counter, `counter on a counter track (${track.name})`);
      counters.push([track.name, e.counterValue ?? e.doubleCounterValue]);
      (e.extraCounterTrackUuids ?? []).forEach((u: number, j: number) => {
        counters.push([tracks.get(u)!.name, e.extraCounterValues[j]]);
      });
      (e.extraDoubleCounterTrackUuids ?? []).forEach((u: number, j: number) => {
        counters.push([tracks.get(u)!.name, e.extraDoubleCounterValues[j]]);
      });
    }
    const name = e.nameIid !== undefined ? names.get(e.nameIid) : e.name;
    if (e.nameIid !== undefined) assert.ok(name !== undefined, `event name iid ${e.nameIid} interned before use`);
    events.push({ ts, type: e.type, track, name, args, counters });
  });
  return { packets: t.packet, tracks, events };
}

const runs = realRuns('vma2'); // the runs with VMA recordings

test("the protobuf trace holds what the JSON trace holds, decoded with Perfetto's schema", async (t) => {
  let slices = 0;
  for (const run of runs) {
    await t.test(`${run.device}/${run.scenario}`, async () => {
      const input = join(run.dir, 'vma_replay.csv');
      const pb = join(dir, `${run.device}-${run.scenario}.pftrace`);
      const js = join(dir, `${run.device}-${run.scenario}.json`);
      const pStats = await exportChromeTrace(input, pb);
      const jStats = await exportChromeTrace(input, js);
      assert.equal(pStats.encoding, 'proto');
      assert.equal(jStats.encoding, 'json');
      const { warnings: _a, encoding: _b, ...ps } = pStats;
      const { warnings: _c, encoding: _d, ...jss } = jStats;
      assert.deepEqual(ps, jss, 'the same timeline');
      const d = decode(pb);
      const json = (JSON.parse(readFileSync(js, 'utf8')) as { traceEvents: Ev[] }).traceEvents;
      assert.ok(readFileSync(pb).length * 2 < readFileSync(js).length, 'less than half the JSON');

      // Lifetimes: the same begins, in order, with the same arguments; every track nests.
      const jb = json.filter((e) => e.ph === 'b');
      const pbgn = d.events.filter((e) => e.type === 'TYPE_SLICE_BEGIN' && e.track.parentUuid === 3);
      assert.equal(pbgn.length, jb.length);
      assert.equal(d.events.filter((e) => e.type === 'TYPE_SLICE_END' && e.track.parentUuid === 3).length, json.filter((e) => e.ph === 'e').length);
      pbgn.forEach((p, i) => {
        const j = jb[i]!;
        assert.equal(p.ts, Math.round(j.ts * 1000));
        assert.equal(p.name, j.name);
        for (const [k, v] of Object.entries(j.args as Ev)) {
          if (k === 'handle' && typeof p.args.handle === 'string' && p.args.handle.startsWith('ptr:'))
            assert.equal(Number(p.args.handle.slice(4)), Number.parseInt(v, 16), `${j.name}: handle`);
          else assert.equal(p.args[k], v, `${j.name}: ${k}`);
        }
      });
      slices += pbgn.length;
      const depth = new Map<number, number>();
      for (const e of d.events) {
        if (e.type !== 'TYPE_SLICE_BEGIN' && e.type !== 'TYPE_SLICE_END') continue;
        const n = (depth.get(e.track.uuid) ?? 0) + (e.type === 'TYPE_SLICE_BEGIN' ? 1 : -1);
        assert.ok(n >= 0 && (e.track.uuid === 2 || n <= 1), `track ${e.track.name}: one lifetime at a time, never an end without a begin`);
        depth.set(e.track.uuid, n);
      }
      for (const [uuid, n] of depth) assert.equal(n, 0, `track ${d.tracks.get(uuid)!.name}: every slice closed`);

      // Frames: one slice per JSON 'X' event, with its per-frame deltas on the end.
      const jx = json.filter((e) => e.ph === 'X');
      const pf = d.events.filter((e) => e.track.uuid === 2);
      assert.equal(pf.length, 2 * jx.length);
      jx.forEach((j, i) => {
        const [b, e] = [pf[2 * i]!, pf[2 * i + 1]!];
        assert.equal(b.name, j.name);
        assert.equal(b.ts, Math.round(j.ts * 1000));
        assert.equal(e.ts, Math.round((j.ts + j.dur) * 1000));
        assert.equal(e.args.allocated_bytes, j.args.allocated_bytes);
        assert.equal(e.args.freed_bytes, j.args.freed_bytes);
      });

      // Counters: every JSON sample's value, on the track of the same name, at the same time.
      const jc: Array<[number, string, number]> = [];
      for (const e of json)
        if (e.ph === 'C') for (const [k, v] of Object.entries(e.args as Record<string, number>)) jc.push([Math.round(e.ts * 1000), `${e.name} ${k}`, v]);
      const pc: Array<[number, string, number]> = [];
      for (const e of d.events) for (const [n, v] of e.counters) pc.push([e.ts, n, v]);
      const key = (x: [number, string, number]) => `${x[0]} ${x[1]} ${x[2]}`;
      assert.deepEqual(pc.map(key).sort(), jc.map(key).sort());
      for (const tr of d.tracks.values())
        if (tr.counter) assert.equal(tr.counter.unit, tr.name.startsWith('live_objects') ? 'UNIT_COUNT' : 'UNIT_SIZE_BYTES', tr.name);

      // Instants (leaks, peak, failures) and what the trace is.
      const ji = json.filter((e) => e.ph === 'i').map((e) => e.name);
      const pi = d.events.filter((e) => e.type === 'TYPE_INSTANT').map((e) => e.name);
      assert.deepEqual(pi.slice(0, -1), ji);
      assert.equal(pi.at(-1), 'about this trace');
    });
  }
  assert.ok(slices >= 5000, `read ${slices} lifetimes`);
});

test('the trace describes its typed arguments: the ExtensionDescriptor declares what the events carry', async () => {
  const descriptorRoot = protobuf.Root.fromJSON(JSON.parse(readFileSync(join(repoRoot, 'node_modules/protobufjs/google/protobuf/descriptor.json'), 'utf8')));
  const FileDescriptorSet = descriptorRoot.lookupType('google.protobuf.FileDescriptorSet');
  const Args = root.lookupType('vramscope.Args');
  const ext = root.lookup(EXTENSION.slice(1)) as protobuf.Field;
  const pb = join(dir, 'described.pftrace');
  await exportChromeTrace(join(runs[0]!.dir, 'vma_replay.csv'), pb);
  const d = decode(pb);
  const at = d.packets.findIndex((p) => p.extensionDescriptor);
  const firstEvent = d.packets.findIndex((p) => p.trackEvent);
  assert.ok(at >= 0 && at < firstEvent, `the descriptor (packet ${at}) comes before the first event (packet ${firstEvent})`);
  assert.equal(d.packets.filter((p) => p.extensionDescriptor).length, 1, 'one descriptor');
  const set = FileDescriptorSet.toObject(FileDescriptorSet.decode(Buffer.from(d.packets[at]!.extensionDescriptor.extensionSet, 'base64')), {
    enums: String,
  }) as { file: Ev[] };
  assert.equal(set.file.length, 1);
  const file = set.file[0]!;
  assert.equal(file.package, 'vramscope');
  const messages = new Map<string, Ev>(file.messageType.map((m: Ev) => [m.name, m]));
  // Each field of the schema the tests decode with, declared with the same number and type.
  const declared = new Map<string, Ev>(messages.get('Args')!.field.map((f: Ev) => [f.name, f]));
  // protobufjs camel-cases field names; the descriptor keeps the .proto's.
  assert.deepEqual([...declared.keys()].sort(), Args.fieldsArray.map((f) => snake(f.name)).sort());
  for (const f of Args.fieldsArray) {
    const g = declared.get(snake(f.name))!;
    assert.equal(g.number, f.id, `${f.name}: number`);
    assert.equal(g.type, f.type === 'bool' ? 'TYPE_BOOL' : 'TYPE_UINT64', `${f.name}: type`);
    assert.equal(g.label, 'LABEL_OPTIONAL', `${f.name}: label`);
  }
  const [e] = messages.get('TrackEventExtension')!.extension as Ev[];
  assert.deepEqual(
    { name: e!.name, number: e!.number, extendee: e!.extendee, type: e!.type, typeName: e!.typeName },
    { name: ext.name, number: ext.id, extendee: '.perfetto.protos.TrackEvent', type: 'TYPE_MESSAGE', typeName: '.vramscope.Args' },
  );
  // And the events use it: every lifetime's size is a typed argument, none is an annotation.
  const begins = d.events.filter((x) => x.type === 'TYPE_SLICE_BEGIN' && x.track.parentUuid === 3);
  assert.ok(begins.length >= 100, `read ${begins.length} lifetimes`);
  const raw = d.packets.filter((p) => p.trackEvent?.type === 'TYPE_SLICE_BEGIN' && p.trackEvent[EXTENSION]);
  assert.equal(raw.length, begins.length, 'every lifetime carries typed arguments');
  for (const p of raw) assert.ok(typeof p.trackEvent[EXTENSION].sizeBytes === 'number');
});

test('an argument its typed field cannot hold stays a debug annotation, with its value as it was', () => {
  const args = { size_bytes: 256, line: 12, frame: -1, offset: 1.5, dedicated: true, handle: '0x10', fn: 'vmaAllocateMemory', memory_type: 2 ** 60 };
  const keys = Object.keys(args);
  const shape: ArgShape = {
    keys,
    iids: keys.map((_, i) => i + 1),
    interned: keys.map((k) => k === 'fn'),
    typed: keys.map((k) => TYPED_ARGS[k]),
    anyTyped: true,
  };
  const w = new ProtoWriter(256);
  writeArgs(w, args, shape, new Map([['vmaAllocateMemory', 7]]));
  const TrackEvent = root.lookupType('perfetto.protos.TrackEvent');
  const e = TrackEvent.toObject(TrackEvent.decode(w.take()), { longs: Number }) as Ev;
  assert.deepEqual(e[EXTENSION], { sizeBytes: 256, line: 12, dedicated: true }, 'the ones that fit, typed');
  const byKey = new Map<string, Ev>((e.debugAnnotations as Ev[]).map((a) => [keys[a.nameIid - 1]!, a]));
  assert.deepEqual([...byKey.keys()], ['frame', 'offset', 'handle', 'fn', 'memory_type'], 'the rest, in order, as annotations');
  assert.equal(byKey.get('frame')!.intValue, -1);
  assert.equal(byKey.get('offset')!.doubleValue, 1.5);
  assert.equal(byKey.get('handle')!.pointerValue, 16);
  assert.equal(byKey.get('fn')!.stringValueIid, 7);
  assert.equal(byKey.get('memory_type')!.doubleValue, 2 ** 60, 'past 2^53: a double, as before');
});

test('a clock that steps back: those packets are absolute, the rest stay deltas, every time as in the JSON', async () => {
  // A real recording with the time of every 20th call moved 5 ms earlier (threads that write late).
  const lines = readFileSync(join(runs[1]!.dir, 'vma_replay.csv'), 'utf8').split('\n');
  let moved = 0;
  const edited = lines.map((l, n) => {
    const c = l.split(',');
    if (n % 20 !== 0 || c.length < 5 || !/^\d+\.\d+$/.test(c[1]!) || Number(c[1]) < 0.006) return l;
    moved++;
    c[1] = (Number(c[1]) - 0.005).toFixed(3);
    return c.join(',');
  });
  assert.ok(moved > 10, `moved ${moved} calls`);
  const input = join(dir, 'steps-back.csv');
  writeFileSync(input, edited.join('\n'));
  await exportChromeTrace(input, join(dir, 'steps-back.pftrace'));
  await exportChromeTrace(input, join(dir, 'steps-back.json'));
  const d = decode(join(dir, 'steps-back.pftrace'));
  const absolute = d.packets.filter((p, i) => i > 0 && p.timestampClockId === 6).length; // packet 0 starts the clock
  assert.ok(absolute > 0, 'some packets are absolute');
  assert.ok(absolute < d.packets.length / 4, 'most packets stay deltas');
  const json = (JSON.parse(readFileSync(join(dir, 'steps-back.json'), 'utf8')) as { traceEvents: Ev[] }).traceEvents;
  const jb = json.filter((e) => e.ph === 'b');
  const pb = d.events.filter((e) => e.type === 'TYPE_SLICE_BEGIN' && e.track.parentUuid === 3);
  assert.equal(pb.length, jb.length);
  for (const [k, p] of pb.entries()) assert.equal(p.ts, Math.round(jb[k]!.ts * 1000), `begin ${k}`);
});

test('--format and the file name pick the encoding; the CLI says which it wrote', async () => {
  const { spawnSync } = await import('node:child_process');
  const input = join(runs[0]!.dir, 'vma_replay.csv');
  const cli = (...a: string[]) => spawnSync(process.execPath, [join(repoRoot, 'bin/vramscope.js'), 'export', input, ...a], { encoding: 'utf8' });
  const a = cli('--perfetto', join(dir, 'cli.pftrace'));
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stderr, /Perfetto protobuf/);
  assert.equal(decode(join(dir, 'cli.pftrace')).events.length > 0, true);
  const b = cli('--perfetto', join(dir, 'cli.trace'), '--format', 'json');
  assert.equal(b.status, 0, b.stderr);
  assert.ok(JSON.parse(readFileSync(join(dir, 'cli.trace'), 'utf8')).traceEvents.length > 0);
  // A cut recording is still exported, and its warnings are printed with their line.
  const cut = join(dir, 'cut.csv');
  writeFileSync(cut, readFileSync(input).subarray(0, 3000));
  const w = spawnSync(process.execPath, [join(repoRoot, 'bin/vramscope.js'), 'export', cut, '--perfetto', join(dir, 'cut.pftrace')], { encoding: 'utf8' });
  assert.equal(w.status, 0, w.stderr);
  assert.match(w.stderr, /warning: .*cut\.csv:\d+: .*cut short/);
  assert.ok(decode(join(dir, 'cut.pftrace')).events.length > 0);
  const c = cli('--perfetto', join(dir, 'x.pftrace'), '--format', 'xml');
  assert.equal(c.status, 2);
  assert.match(c.stderr, /--format must be proto or json/);
});
