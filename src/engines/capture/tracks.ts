// Which counter series an object adds its bytes to: the whole device, its heap and memory type
// (only when the source says where the object sits), its kind, its VMA memory usage and its
// "system" — the frames engine's system (a rules file, else the name's prefix).
// The Perfetto export and the viewer bundle both split bytes this way, so the two agree.

import type { CreateEvent } from '../../model/events.js';
import { SystemClassifier, type SystemRuleSet } from '../frames/systems.js';
import { memoryUsageName } from '../../model/objects.js';
import { MemoryProperty, type DeviceProfile } from '../../model/profile.js';

/** `deviceMemory`: VkDeviceMemory itself (captures), counted apart from the resources bound in it. */
export type SeriesFamily = 'total' | 'heap' | 'memoryType' | 'kind' | 'usage' | 'system' | 'deviceMemory';

export interface SeriesKey {
  readonly family: SeriesFamily;
  /** Stable key inside its family, e.g. `heap0_device_local`, `image`, `GPU_ONLY`, `depth_#x#_gen#`. */
  readonly key: string;
}

/** Short property words for track names: `device_local`, `host_visible_coherent`. */
export function memoryTypeWords(flags: number): string {
  const w: string[] = [];
  if (flags & MemoryProperty.DEVICE_LOCAL) w.push('device_local');
  if (flags & MemoryProperty.HOST_VISIBLE) w.push('host_visible');
  if (flags & MemoryProperty.HOST_COHERENT) w.push('coherent');
  if (flags & MemoryProperty.HOST_CACHED) w.push('cached');
  if (flags & MemoryProperty.LAZILY_ALLOCATED) w.push('lazy');
  return w.length ? w.join('_') : 'plain';
}

export function heapKey(profile: DeviceProfile | undefined, heap: number): string {
  const h = profile?.heaps[heap];
  if (!h) return `heap${heap}`;
  return `heap${heap}_${h.flags & 1 ? 'device_local' : 'host'}`;
}

export function memoryTypeKey(profile: DeviceProfile | undefined, type: number): string {
  const t = profile?.memoryTypes[type];
  return t ? `type${type}_${memoryTypeWords(t.propertyFlags)}` : `type${type}`;
}

/** The memory type an object sits in, when the source knows its placement. */
export function memoryTypeOf(c: CreateEvent): number | undefined {
  return c.placement?.memoryType;
}

export function heapOf(profile: DeviceProfile | undefined, memoryType: number | undefined): number | undefined {
  if (memoryType === undefined) return undefined;
  return profile?.memoryTypes[memoryType]?.heapIndex;
}

/**
 * Keys an object counts toward, total first. Systems are the frames engine's (rules, else the name's
 * prefix: `staging_tex04_1024x2048` → `staging`), so budgets per system mean the same here.
 * `systemLimit` bounds the number of distinct systems generated names can make: past it, new ones go
 * to `other`.
 */
export class SeriesClassifier {
  /** Each system's one string: a name's prefix is a fresh copy per call, and rows keep it. */
  private readonly systems = new Map<string, string>();
  private readonly rules: SystemClassifier;
  constructor(
    private profile: DeviceProfile | undefined,
    private readonly systemLimit = 64,
    rules?: SystemRuleSet,
  ) {
    this.rules = new SystemClassifier(rules);
  }

  setProfile(p: DeviceProfile): void {
    this.profile = p;
  }

  system(name: string | undefined, kind?: string): string {
    const g = this.rules.classify(name, kind);
    const known = this.systems.get(g);
    if (known !== undefined) return known;
    if (this.systems.size >= this.systemLimit) return 'other';
    this.systems.set(g, g);
    return g;
  }

  /** Keys for one object; `name` is its name at creation. */
  keys(c: CreateEvent, name: string | undefined): SeriesKey[] {
    const out: SeriesKey[] = [{ family: 'total', key: 'live' }];
    const type = memoryTypeOf(c);
    if (type !== undefined) {
      const heap = heapOf(this.profile, type);
      if (heap !== undefined) out.push({ family: 'heap', key: heapKey(this.profile, heap) });
      out.push({ family: 'memoryType', key: memoryTypeKey(this.profile, type) });
    }
    out.push({ family: 'kind', key: c.kind });
    if (c.alloc) out.push({ family: 'usage', key: memoryUsageName(c.alloc.usage) });
    out.push({ family: 'system', key: this.system(name, c.kind) });
    return out;
  }
}
