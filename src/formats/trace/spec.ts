// vramscope's own trace format, version 1: JSON Lines (one JSON object per line, UTF-8, `\n`), written
// by the runtime (`vramscope/runtime`) and by `writeTrace`, read by `traceReader`. It carries
// everything the capture model has, so a recording converted to a trace and read back is the same
// capture. Documented for users in README ("## Trace format"); this file is the source of truth.
//
// Line 1, the header:   {"format":"vramscope-trace","version":1,"source":"app name","created":"2026-…"}
// Then records, each with `t` (its type). Every event record may carry `time` (seconds since the
// trace started), `frame` (when absent: the frame of the last `frame` record), `thread` and `fn`.
//
//   device     {t, profile: DeviceProfile}                      heaps, memory types, limits (once, first)
//   budget     {t, scope: total|system|heap, name, soft?, hard?, frameDelta?}      a declared budget
//   frame      {t, frame}                                        frame `frame` starts (explicit boundary)
//   frameEnd   {t, frame, allocated, freed, live}                frame closed; totals to check against
//   create     {t, id, kind, size, sizeExact?, name?, system?, handle?, buffer?, image?, alloc?,
//               requirements?, placement?, pool?, dedicatedTo?, hostWrites?}
//   destroy    {t, id}              name {t, id, name}          resize {t, id, size}
//   map | unmap | flush | invalidate | touch | getInfo  {t, id}
//   createFailed {t, kind, size, name?, buffer?, image?, alloc?, requirements?}
//   poolCreate {t, pool, handle, memoryTypeIndex, flags, blockSize, minBlockCount, maxBlockCount}
//   poolDestroy {t, pool}           poolName {t, pool, name}
//   allocatorCreate | allocatorDestroy {t}
//   raw        {t, fn, args: string[]}                           a call the model does not interpret
//   end        {t}                                               written on a clean close
//
// Rules: `id` is the writer's object id, a non-negative integer never reused within a trace. Sizes are
// bytes as JSON numbers; a size above 2^53 also comes as `sizeExact`, a decimal string. A reader skips
// record types it does not know with a warning (a newer minor writer may add some) and refuses a
// header whose `version` is above the one it reads. A trace without `end` was cut (the app crashed or
// is still running): everything up to the last complete line is kept. The runtime writes a frame's
// records at its end, in one write, so a crash loses at most the frame in progress.

export const TRACE_FORMAT = 'vramscope-trace';
export const TRACE_VERSION = 1;

export interface TraceHeader {
  readonly format: typeof TRACE_FORMAT;
  readonly version: number;
  /** The app or the input the trace was made from. */
  readonly source?: string;
  /** ISO 8601 time the trace was started. */
  readonly created?: string;
}

/** Record types and the fields each must have, with their JSON types. */
export const RECORD_FIELDS: Readonly<Record<string, Readonly<Record<string, 'number' | 'string' | 'object' | 'array'>>>> = {
  device: { profile: 'object' },
  budget: { scope: 'string', name: 'string' },
  frame: { frame: 'number' },
  frameEnd: { frame: 'number', allocated: 'number', freed: 'number', live: 'number' },
  create: { id: 'number', kind: 'string', size: 'number' },
  destroy: { id: 'number' },
  name: { id: 'number', name: 'string' },
  resize: { id: 'number', size: 'number' },
  map: { id: 'number' },
  unmap: { id: 'number' },
  flush: { id: 'number' },
  invalidate: { id: 'number' },
  touch: { id: 'number' },
  getInfo: { id: 'number' },
  createFailed: { kind: 'string', size: 'number' },
  poolCreate: { pool: 'number', memoryTypeIndex: 'number' },
  poolDestroy: { pool: 'number' },
  poolName: { pool: 'number', name: 'string' },
  allocatorCreate: {},
  allocatorDestroy: {},
  raw: { fn: 'string', args: 'array' },
  end: {},
};

export const OBJECT_KINDS = new Set(['buffer', 'image', 'allocation', 'deviceMemory', 'swapchainImage']);
