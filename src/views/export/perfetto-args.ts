// How the Perfetto writer encodes a slice's arguments: which go in vramscope's typed TrackEvent
// extension (and the descriptor that tells trace processor about it), which values it interns as
// debug annotations, and the shape of an argument list it reuses from call to call.
//
// Typed arguments. Perfetto's recommended way to attach structured data to a TrackEvent is a
// protobuf extension described by an ExtensionDescriptor packet in the trace itself
// (perfetto.dev/docs/instrumentation/extensions): trace processor adds the descriptor to its pool
// and parses the extension's fields into the args table, keyed `vramscope.<field>`, and the UI
// shows them with the slice. A numeric argument there costs its tag and value (~4 bytes), against
// ~7–9 as a debug annotation with an interned name: most of a lifetime's begin packet. Values that
// do not fit the declared type (negative, fractional, text) stay debug annotations (`debug.<key>`).
// Field numbers: Perfetto's ExtensionDescriptor and TrackEvent (Apache-2.0, The Android Open Source
// Project) and Protocol Buffers' descriptor.proto (BSD-3-Clause, Google); see THIRD_PARTY_NOTICES.md.

import { pointerValue } from '../../model/handle-text.js';
import { ProtoWriter } from './protobuf.js';

/** Arguments whose values repeat (a few function, system and usage names): sent as interned strings. */
export const INTERNED_VALUES = new Set(['fn', 'system', 'usage', 'at', 'kind']);

/**
 * The TrackEvent field that holds `vramscope.Args` (TrackEvent reserves 1000–9999 for extensions;
 * Chrome's and Android's live below 2200).
 */
const EXTENSION_FIELD = 9843;
const EXTENSION_NAME = 'vramscope';

/** FieldDescriptorProto.Type values used below. */
const TYPE_UINT64 = 4;
const TYPE_BOOL = 8;
const TYPE_MESSAGE = 11;

/** `vramscope.Args`: argument key → field number and type. Field numbers are stable: never reuse one. */
export const TYPED_ARGS: Readonly<Record<string, { readonly field: number; readonly type: 'uint' | 'bool' }>> = {
  size_bytes: { field: 1, type: 'uint' },
  line: { field: 2, type: 'uint' },
  frame: { field: 3, type: 'uint' },
  memory_type: { field: 4, type: 'uint' },
  block: { field: 5, type: 'uint' },
  offset: { field: 6, type: 'uint' },
  dedicated: { field: 7, type: 'bool' },
};

/** Whether `v` can be written as a typed argument of `type` (else it stays a debug annotation). */
function fitsTyped(type: 'uint' | 'bool', v: unknown): boolean {
  return type === 'bool' ? typeof v === 'boolean' : typeof v === 'number' && v >= 0 && Number.isSafeInteger(v);
}

/**
 * The ExtensionDescriptor's FileDescriptorSet: one file declaring `vramscope.Args` and
 * `extend perfetto.protos.TrackEvent { optional vramscope.Args vramscope = EXTENSION_FIELD; }`
 * (google/protobuf/descriptor.proto field numbers). Trace processor resolves the extendee in its
 * own pool, so TrackEvent's file need not be sent.
 */
export function extensionDescriptorSet(): Uint8Array {
  const w = new ProtoWriter(1024);
  const field = (name: string, number: number, type: number, extra?: () => void) => {
    w.string(1, name);
    w.uint(3, number);
    w.uint(4, 1); // LABEL_OPTIONAL
    w.uint(5, type);
    extra?.();
  };
  w.begin(1); // FileDescriptorSet.file
  w.string(1, 'vramscope/track_event_args.proto');
  w.string(2, 'vramscope');
  w.string(3, 'protos/perfetto/trace/track_event/track_event.proto');
  w.begin(4); // message Args
  w.string(1, 'Args');
  for (const [name, t] of Object.entries(TYPED_ARGS)) {
    w.begin(2);
    field(name, t.field, t.type === 'bool' ? TYPE_BOOL : TYPE_UINT64);
    w.end();
  }
  w.end();
  w.begin(4); // message TrackEventExtension { extend perfetto.protos.TrackEvent { … } }
  w.string(1, 'TrackEventExtension');
  w.begin(6);
  field(EXTENSION_NAME, EXTENSION_FIELD, TYPE_MESSAGE, () => {
    w.string(2, '.perfetto.protos.TrackEvent');
    w.string(6, '.vramscope.Args');
  });
  w.end();
  w.end();
  w.string(12, 'proto2');
  w.end();
  return w.take().slice();
}

/** TrackEvent.debug_annotations, and DebugAnnotation's fields. */
const DEBUG_ANNOTATIONS = 4;
const Annotation = { nameIid: 1, bool: 2, uint: 3, int: 4, double: 5, string: 6, pointer: 7, stringIid: 17 } as const;

/** Argument values as the timeline passes them. */
type ArgValue = string | number | boolean | bigint;

/**
 * Writes a track event's arguments into the open TrackEvent: the typed ones in one extension
 * message, then the rest as debug annotations (names and repeated strings already interned:
 * `strings` holds their iids).
 */
export function writeArgs(w: ProtoWriter, args: Readonly<Record<string, ArgValue>>, shape: ArgShape, strings: ReadonlyMap<string, number>): void {
  let i = 0;
  if (shape.anyTyped) {
    let open = false;
    for (const k in args) {
      const t = shape.typed[i++];
      const v = args[k];
      if (t === undefined || !fitsTyped(t.type, v)) continue;
      if (!open) {
        w.begin(EXTENSION_FIELD);
        open = true;
      }
      w.uint(t.field, t.type === 'bool' ? (v ? 1 : 0) : (v as number));
    }
    if (open) w.end();
    i = 0;
  }
  for (const k in args) {
    const v = args[k]!;
    const t = shape.typed[i];
    if (t !== undefined && fitsTyped(t.type, v)) {
      i++;
      continue;
    }
    w.begin(DEBUG_ANNOTATIONS);
    w.uint(Annotation.nameIid, shape.iids[i]!);
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) {
        if (v >= 0) w.uint(Annotation.uint, v);
        else w.int(Annotation.int, v);
      } else w.double(Annotation.double, v);
    } else if (typeof v === 'boolean') w.uint(Annotation.bool, v ? 1 : 0);
    else if (typeof v === 'bigint') w.string(Annotation.string, v.toString());
    else {
      const pointer = k === 'handle' ? pointerValue(v) : -1;
      if (pointer >= 0) w.uint(Annotation.pointer, pointer);
      else if (shape.interned[i]) w.uint(Annotation.stringIid, strings.get(v)!);
      else w.string(Annotation.string, v);
    }
    w.end();
    i++;
  }
}

export interface ArgShape {
  readonly keys: readonly string[];
  readonly iids: readonly number[];
  readonly interned: readonly boolean[];
  /** Per key: its TYPED_ARGS entry, if it has one. */
  readonly typed: ReadonlyArray<{ readonly field: number; readonly type: 'uint' | 'bool' } | undefined>;
  /** Whether any key has a typed field (else the extension is never opened). */
  readonly anyTyped: boolean;
}
