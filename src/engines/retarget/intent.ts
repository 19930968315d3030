// Why an object wants the memory it had: the app never says, so intent is read from what the capture
// shows — the property flags of the capture memory type (lavatube already split DEVICE_LOCAL|HOST_VISIBLE
// types at capture so they reveal intent), whether that memory was mapped or written by the host, and
// the usage flags. The result is a requirement (flags the target type must have) and a preference
// (flags it should have), plus the rule that decided it, in words, for the explanation log.

import { MemoryProperty as P, memoryPropertyNames, type DeviceProfile } from '../../model/profile.js';

/** VkBufferUsageFlagBits used by the rules. */
const BU = {
  TRANSFER_SRC: 0x1,
  TRANSFER_DST: 0x2,
  UNIFORM_TEXEL: 0x4,
  STORAGE_TEXEL: 0x8,
  UNIFORM: 0x10,
  STORAGE: 0x20,
  INDEX: 0x40,
  VERTEX: 0x80,
  INDIRECT: 0x100,
} as const;
/** VkImageUsageFlagBits::TRANSIENT_ATTACHMENT */
const IU_TRANSIENT = 0x40;

export type IntentClass = 'device' | 'upload' | 'readback' | 'device-host' | 'transient';

export interface Intent {
  readonly intent: IntentClass;
  /** Flags every acceptable target type has. */
  readonly required: number;
  /** Flags that make a target type better (one point each). */
  readonly preferred: number;
  /** Flags that make a target type worse (host memory does not want to eat VRAM). */
  readonly avoided: number;
  /** Capture memory type and flags, when known. */
  readonly captureType?: number;
  readonly captureFlags?: number;
  /** The rule, e.g. "captured in DEVICE_LOCAL|HOST_VISIBLE|HOST_COHERENT (type 4) and mapped: host access needed, device-local preferred". */
  readonly rule: string;
  /** True when the capture could not tell device-local from host-visible need (flagged, not guessed silently). */
  readonly ambiguous?: boolean;
}

export interface IntentInput {
  readonly kind: 'buffer' | 'image';
  readonly usage: number;
  /** Image tiling: 0 OPTIMAL, 1 LINEAR. */
  readonly tiling?: number;
  readonly captureType?: number;
  readonly captureFlags?: number;
  /** The host mapped the object's memory, or wrote into the object, during the capture. */
  readonly hostAccessed: boolean;
  /**
   * True when that evidence is about this object: it wrote into it (lavatube's `written`) or the
   * mapped VkDeviceMemory was its own (dedicated). A map of a block shared by many objects only says
   * that one of them was accessed.
   */
  readonly hostAccessOwn?: boolean;
}

export function inferIntent(o: IntentInput, capture?: DeviceProfile): Intent {
  const f = o.captureFlags;
  const where = f !== undefined ? `${memoryPropertyNames(f)}${o.captureType !== undefined ? ` (capture type ${o.captureType})` : ''}` : '';
  const base = { captureType: o.captureType, captureFlags: f };
  if (o.kind === 'image' && o.usage & IU_TRANSIENT && (f === undefined || f & P.LAZILY_ALLOCATED)) {
    return {
      ...base,
      intent: 'transient',
      required: 0,
      preferred: P.DEVICE_LOCAL | P.LAZILY_ALLOCATED,
      avoided: P.HOST_VISIBLE,
      rule: 'transient attachment: lazily allocated memory preferred',
    };
  }
  if (f !== undefined && f & P.HOST_VISIBLE) {
    const deviceToo = (f & P.DEVICE_LOCAL) !== 0;
    const onlyDst = o.kind === 'buffer' && (o.usage & ~BU.TRANSFER_DST) === 0 && o.usage !== 0;
    if (deviceToo) {
      // ReBAR / UMA type: both features offered, one was needed. Mapping tells which.
      const uma = capture
        ? capture.memoryTypes.every((t) => (t.propertyFlags & (P.DEVICE_LOCAL | P.HOST_VISIBLE)) === (P.DEVICE_LOCAL | P.HOST_VISIBLE))
        : false;
      if (o.kind === 'image' && o.tiling !== 1) {
        return {
          ...base,
          intent: 'device',
          required: 0,
          preferred: P.DEVICE_LOCAL,
          avoided: P.HOST_VISIBLE,
          rule: `optimal-tiling image captured in ${where}: the host cannot use its layout, device-local`,
        };
      }
      if (o.hostAccessed && !uma) {
        // A discrete GPU's DEVICE_LOCAL|HOST_VISIBLE type (BAR/ReBAR) picked and mapped: chosen on purpose.
        return {
          ...base,
          intent: 'device-host',
          required: P.HOST_VISIBLE,
          preferred: P.DEVICE_LOCAL | (f & P.HOST_COHERENT),
          avoided: 0,
          rule: `captured in ${where} and mapped: host access needed, device-local preferred`,
        };
      }
      if (o.hostAccessed) {
        // Unified memory: every type was host-visible, so the type says nothing; the usage says which
        // way the data flows. A map of a block shared with other objects is weaker evidence still.
        const shared = !o.hostAccessOwn;
        const why = `captured in ${where} (unified-memory capture) and ${shared ? 'in a mapped block shared with other objects' : 'mapped'}:`;
        const role = hostRole(o.kind, o.usage);
        if (role === 'upload') {
          return {
            ...base,
            intent: 'upload',
            required: P.HOST_VISIBLE,
            preferred: P.HOST_COHERENT,
            avoided: P.DEVICE_LOCAL,
            ambiguous: shared,
            rule: `${why} usage TRANSFER_SRC only → staging`,
          };
        }
        if (role === 'readback') {
          return {
            ...base,
            intent: 'readback',
            required: P.HOST_VISIBLE,
            preferred: P.HOST_CACHED,
            avoided: P.DEVICE_LOCAL,
            ambiguous: shared,
            rule: `${why} TRANSFER_DST without vertex/index/uniform/sampled usage → readback`,
          };
        }
        if (!shared || o.usage & BU.UNIFORM || !(o.usage & BU.TRANSFER_DST)) {
          return {
            ...base,
            intent: 'device-host',
            required: P.HOST_VISIBLE,
            preferred: P.DEVICE_LOCAL | P.HOST_COHERENT,
            avoided: 0,
            ambiguous: shared,
            rule: `${why} ${!shared ? 'GPU usage written by the host' : o.usage & BU.UNIFORM ? 'uniform buffer' : 'no TRANSFER_DST usage'} → host-visible, device-local preferred`,
          };
        }
        // As GFXReconstruct's rebind does for integrated GPUs: TRANSFER_DST without UNIFORM → GPU_ONLY.
        return {
          ...base,
          intent: 'device',
          required: 0,
          preferred: P.DEVICE_LOCAL,
          avoided: P.HOST_VISIBLE,
          ambiguous: true,
          rule: `${why} TRANSFER_DST usage without UNIFORM → filled by copies, device-local`,
        };
      }
      // Flagged as ambiguous: the app chose a host-visible type, and a capture that never maps it cannot
      // prove the choice was an accident (it may map outside the captured frames).
      return {
        ...base,
        intent: 'device',
        required: 0,
        preferred: P.DEVICE_LOCAL,
        avoided: P.HOST_VISIBLE,
        ambiguous: true,
        rule: `captured in ${where} but never mapped: host visibility unused, device-local${uma ? ' (unified-memory capture: every type was host-visible, so this is a guess from mapping alone)' : ' (ambiguous: the app chose a host-visible type)'}`,
      };
    }
    if (f & P.HOST_CACHED || onlyDst) {
      return {
        ...base,
        intent: 'readback',
        required: P.HOST_VISIBLE,
        preferred: P.HOST_CACHED | (f & P.HOST_COHERENT),
        avoided: P.DEVICE_LOCAL,
        rule:
          f & P.HOST_CACHED ? `captured in ${where}: host reads back, cached host memory preferred` : `captured in ${where}, usage TRANSFER_DST only: readback`,
      };
    }
    return {
      ...base,
      intent: 'upload',
      required: P.HOST_VISIBLE,
      preferred: P.HOST_COHERENT,
      avoided: P.DEVICE_LOCAL,
      rule: `captured in ${where}: host-visible, not device-local → staging/upload memory, kept out of VRAM`,
    };
  }
  if (f !== undefined && f & P.DEVICE_LOCAL) {
    return {
      ...base,
      intent: 'device',
      required: 0,
      preferred: P.DEVICE_LOCAL,
      avoided: P.HOST_VISIBLE,
      rule: `captured in ${where}: device-local`,
    };
  }
  if (f !== undefined && f !== 0) {
    return {
      ...base,
      intent: 'device',
      required: 0,
      preferred: P.DEVICE_LOCAL,
      avoided: 0,
      rule: `captured in ${where}: no host access, device-local preferred`,
    };
  }
  // No capture memory recorded: usage alone (as GFXR's rebind does).
  if (o.kind === 'image') {
    return o.tiling === 1 && o.hostAccessed
      ? {
          ...base,
          intent: 'upload',
          required: P.HOST_VISIBLE,
          preferred: P.HOST_COHERENT,
          avoided: 0,
          rule: 'no capture memory; linear image written by the host: host-visible',
        }
      : {
          ...base,
          intent: 'device',
          required: 0,
          preferred: P.DEVICE_LOCAL,
          avoided: P.HOST_VISIBLE,
          rule: 'no capture memory; image: device-local',
        };
  }
  if (o.usage === BU.TRANSFER_SRC) {
    return {
      ...base,
      intent: 'upload',
      required: P.HOST_VISIBLE,
      preferred: P.HOST_COHERENT,
      avoided: P.DEVICE_LOCAL,
      rule: 'no capture memory; usage TRANSFER_SRC only: staging',
    };
  }
  if (o.usage === BU.TRANSFER_DST) {
    return {
      ...base,
      intent: 'readback',
      required: P.HOST_VISIBLE,
      preferred: P.HOST_CACHED,
      avoided: P.DEVICE_LOCAL,
      rule: 'no capture memory; usage TRANSFER_DST only: readback',
    };
  }
  return {
    ...base,
    intent: 'device',
    required: 0,
    preferred: P.DEVICE_LOCAL,
    avoided: 0,
    rule: 'no capture memory; GPU usage: device-local preferred',
  };
}

/** Which way host data flows for a host-accessed buffer or linear image, from its usage alone. */
function hostRole(kind: 'buffer' | 'image', usage: number): 'upload' | 'readback' | 'both' {
  const SRC = 0x1,
    DST = 0x2;
  if (usage === SRC) return 'upload';
  const gpuReads = kind === 'buffer' ? BU.UNIFORM | BU.VERTEX | BU.INDEX | BU.INDIRECT | BU.UNIFORM_TEXEL : 0x4 /* SAMPLED */;
  if (usage & DST && !(usage & gpuReads) && !(usage & SRC)) return 'readback';
  return 'both';
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/**
 * Target memory types that satisfy the intent and the requirements' memoryTypeBits, best first (VMA's
 * cost: missing preferred flags plus present avoided flags; ties by index, as drivers list better types
 * first). Empty when no type qualifies.
 */
export function candidateTypes(target: DeviceProfile, intent: Intent, memoryTypeBits: number): number[] {
  const out: Array<{ index: number; cost: number }> = [];
  for (const t of target.memoryTypes) {
    if (!(memoryTypeBits & (1 << t.index))) continue;
    const flags = t.propertyFlags;
    if ((flags & intent.required) !== intent.required) continue;
    // PROTECTED memory is only for protected resources, and LAZILY_ALLOCATED only for transient
    // attachments: never pick either for an ordinary one.
    if (flags & P.PROTECTED) continue;
    if (flags & P.LAZILY_ALLOCATED && intent.intent !== 'transient') continue;
    const cost = popcount(intent.preferred & ~flags) + popcount(intent.avoided & flags);
    out.push({ index: t.index, cost });
  }
  out.sort((a, b) => a.cost - b.cost || a.index - b.index);
  return out.map((c) => c.index);
}
