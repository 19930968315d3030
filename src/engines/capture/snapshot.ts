// The memory of a capture at one moment, as the capture placed it: every live VkDeviceMemory is a
// block, every buffer or image bound in it a suballocation at its real offset (aliased ones overlap).
// Unlike replaying a recording through the placement model, nothing is re-placed: this is what the
// app's allocator (VMA or its own) did, as recorded by the tracer. The memory-map renderer and the
// differ take the Snapshot as they take a VMA dump.

import type { Capture, CaptureSink } from '../../model/capture.js';
import type { CaptureEvent, CreateEvent } from '../../model/events.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { Block, Snapshot, Suballocation, SuballocationType } from '../../model/snapshot.js';

export interface CapturePoint {
  /** After this source line. */
  readonly line?: number;
  /** At the end of this frame. */
  readonly frame?: number;
}

interface LiveMemory {
  readonly create: CreateEvent;
  readonly resources: Map<number, CreateEvent>;
}

/** A sink that keeps the capture's live memory and bound resources; `snapshot()` at any moment. */
export class CaptureSnapshotBuilder implements CaptureSink {
  private profile_?: DeviceProfile;
  private readonly memories = new Map<number, LiveMemory>();
  /** Resource id → the memory it is bound in. */
  private readonly boundIn = new Map<number, number>();
  private readonly names = new Map<number, string>();
  private last?: CaptureEvent;
  private stopped = false;

  constructor(private readonly stopAt: CapturePoint = {}) {}

  profile(p: DeviceProfile): void {
    this.profile_ = p;
  }

  event(e: CaptureEvent): void {
    if (this.stopped) return;
    // Stop before the first event past the point. Resource creates are emitted at their bind but keep
    // their vkCreate* line: one created by the point and bound just after it still counts as bound.
    if ((this.stopAt.line !== undefined && e.line > this.stopAt.line) || (this.stopAt.frame !== undefined && e.frame > this.stopAt.frame)) {
      this.stopped = true;
      return;
    }
    this.last = e;
    switch (e.op) {
      case 'create':
        if (e.name !== undefined) this.names.set(e.id, e.name);
        if (e.kind === 'deviceMemory') this.memories.set(e.id, { create: e, resources: new Map() });
        else if (e.placement?.memoryId !== undefined) {
          const m = this.memories.get(e.placement.memoryId);
          if (m) {
            m.resources.set(e.id, e);
            this.boundIn.set(e.id, e.placement.memoryId);
          }
        }
        break;
      case 'destroy': {
        if (this.memories.delete(e.id)) break;
        const mem = this.boundIn.get(e.id);
        if (mem !== undefined) {
          this.boundIn.delete(e.id);
          this.memories.get(mem)?.resources.delete(e.id);
        }
        break;
      }
      case 'name':
        this.names.set(e.id, e.name);
        break;
      default:
        break;
    }
  }

  snapshot(label = 'capture'): Snapshot {
    if (!this.profile_) throw new Error('capture snapshot: the capture has no device profile');
    const blocks: Block[] = [];
    for (const m of this.memories.values()) {
      const p = m.create.placement;
      const subs: Suballocation[] = [...m.resources.values()]
        .map((r) => ({
          offset: r.placement!.offset,
          size: r.placement!.size,
          type: suballocationType(r),
          ...(this.names.get(r.id) !== undefined ? { name: this.names.get(r.id) } : {}),
          ...(r.buffer || r.image ? { usage: r.buffer?.usage ?? r.image!.usage } : {}),
          objectId: r.id,
          line: r.line,
          frame: r.frame,
        }))
        .sort((a, b) => a.offset - b.offset);
      blocks.push({
        id: p?.block ?? m.create.id,
        memoryType: p?.memoryType ?? 0,
        size: m.create.size,
        dedicated: m.create.dedicatedTo !== undefined,
        suballocations: withFree(subs, m.create.size),
      });
    }
    blocks.sort((a, b) => a.memoryType - b.memoryType || a.id - b.id);
    const at = this.last ? { line: this.last.line, frame: this.last.frame, seq: this.last.seq } : undefined;
    return { profile: this.profile_, label, ...(at ? { at } : {}), blocks };
  }
}

function suballocationType(r: CreateEvent): SuballocationType {
  if (r.kind === 'buffer') return 'buffer';
  if (r.kind === 'image') return r.image?.tiling === 1 ? 'image-linear' : r.image?.tiling === 0 ? 'image-optimal' : 'image-unknown';
  return 'unknown';
}

/** Free ranges between the bound resources (none where they overlap), as VMA dumps list them. */
function withFree(subs: Suballocation[], size: number): Suballocation[] {
  const out: Suballocation[] = [];
  let end = 0;
  for (const s of subs) {
    if (s.offset > end) out.push({ offset: end, size: s.offset - end, type: 'free' });
    out.push(s);
    end = Math.max(end, s.offset + s.size);
  }
  if (end < size) out.push({ offset: end, size: size - end, type: 'free' });
  return out;
}

/** The capture's memory at a point (its end when none is given). */
export function captureSnapshot(capture: Capture, at: CapturePoint = {}, label?: string): Snapshot {
  const b = new CaptureSnapshotBuilder(at);
  if (capture.profile) b.profile(capture.profile);
  for (const e of capture.events) b.event(e);
  return b.snapshot(label ?? `${capture.info.source}${at.line !== undefined ? `@line:${at.line}` : at.frame !== undefined ? `@frame:${at.frame}` : ' (end)'}`);
}
