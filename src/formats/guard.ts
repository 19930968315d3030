// The gate between readers and the model. Every reader's output passes through here (readSource
// wraps the sink), so each input-derived number is checked once, where it enters: ids are safe
// integers, sizes finite, image extents and mip levels within what Vulkan allows, placements inside
// the device, and the device profile itself whole (heaps and memory types contiguous and pointing at
// each other, limits present). What cannot be trusted is dropped or corrected with a warning that
// names the line; engines after this gate never see an impossible value.

import type { CaptureEnd, CaptureInfo, CaptureSink } from '../model/capture.js';
import type { Diagnostics } from '../model/diagnostics.js';
import type { CaptureEvent, CreateEvent } from '../model/events.js';
import type { ImageCreateInfo } from '../model/objects.js';
import type { DeviceProfile } from '../model/profile.js';
import { checkProfile, isCount, isSize } from '../model/profile-check.js';

export { checkProfile } from '../model/profile-check.js';
import { fullMipChain } from '../model/vk-format.js';

const U32 = 4294967295;

/** Wraps `sink` so that only checked events and profiles reach it. */
export function guardSink(sink: CaptureSink, diag: Diagnostics): CaptureSink {
  let types = -1;
  // One function for every warning: no closure per event on the hot path.
  const warn = (code: string, message: string, line: number) => diag.warn(code, message, { line });
  return {
    begin: (info: CaptureInfo) => sink.begin?.(info),
    budget: (b) => sink.budget?.(b),
    end: (x: CaptureEnd) => sink.end?.(x),
    profile(p: DeviceProfile) {
      // One device per input: engines size their tables by it. A repeated device record (a
      // duplicated line, two traces pasted together) keeps the first.
      if (types >= 0) {
        diag.warn('device-again', `the input gives its device a second time (${p?.deviceName ?? 'unnamed'}): the first one is kept`);
        return;
      }
      const checked = checkProfile(p, (m) => diag.warn('bad-device', m));
      types = checked.memoryTypes.length;
      sink.profile?.(checked);
    },
    event(e: CaptureEvent) {
      // The hot path: most events are destroys, maps and names whose only input-derived number is
      // the id, checked inline; creates (and anything odd) take the full check.
      if (e.op !== 'create' && e.op !== 'resize') {
        const id = (e as { id?: number }).id;
        if (id === undefined || (id >= 0 && id <= Number.MAX_SAFE_INTEGER && Math.floor(id) === id)) {
          sink.event(e);
          return;
        }
      }
      const ok = checkEvent(e, types, warn);
      if (ok) sink.event(ok);
    },
  };
}

/** The event as the model may see it, corrected where Vulkan's rules allow; undefined to drop it. */
export function checkEvent(e: CaptureEvent, memoryTypes: number, warnAt: (code: string, message: string, line: number) => void): CaptureEvent | undefined {
  if (e.op === 'create' && isSize(e.size) && !e.image && !e.placement && isCount(e.id)) return e; // the common create: nothing to correct
  return checkOdd(e, memoryTypes, warnAt);
}

/**
 * The rest of checkEvent, apart: a function whose parameters a closure captures gets a context
 * object on every call, before its first line runs, so the common create would pay for `warn`
 * (61 MB of the 777 MB the placing thread allocated for the 2 M-op recording; BENCHMARKS.md).
 */
function checkOdd(e: CaptureEvent, memoryTypes: number, warnAt: (code: string, message: string, line: number) => void): CaptureEvent | undefined {
  const warn = (code: string, message: string) => warnAt(code, message, e.line);
  if ('id' in e && !isCount(e.id)) {
    warn('bad-id', `${e.op}: object id ${String(e.id)} is not an integer in 0…2^53: the event is skipped`);
    return undefined;
  }
  if (e.op === 'resize' && !isSize(e.size)) {
    warn('bad-size', `resize: size ${String(e.size)} is not a byte count: skipped`);
    return undefined;
  }
  if (e.op !== 'create') return e;
  if (!isSize(e.size)) {
    warn('bad-size', `create of ${e.kind} ${e.handle}: size ${String(e.size)} is not a byte count: skipped`);
    return undefined;
  }
  let out: CreateEvent = e;
  if (e.image) {
    const image = checkImage(e.image, (m) => warn('bad-image', `${e.fn} ${e.handle}: ${m}`));
    if (!image) return undefined;
    if (image !== e.image) out = { ...out, image };
  }
  const p = e.placement;
  if (p) {
    const bad = !isCount(p.memoryType) || (memoryTypes >= 0 && p.memoryType >= memoryTypes) || !isSize(p.offset) || !isSize(p.size);
    if (bad) {
      warn(
        'bad-placement',
        `${e.fn} ${e.handle}: placement (memory type ${p.memoryType}, offset ${p.offset}, size ${p.size}) is outside the device: kept without a placement`,
      );
      const { placement: _drop, ...rest } = out;
      out = rest;
    }
  }
  return out;
}

/** Extents up to 2^32 − 1, mip levels up to the full chain, samples a power of two up to 64. */
function checkImage(img: ImageCreateInfo, warn: (m: string) => void): ImageCreateInfo | undefined {
  for (const k of ['width', 'height', 'depth', 'arrayLayers'] as const) {
    if (!isCount(img[k], U32)) {
      warn(`${k} ${String(img[k])} is outside 0…2^32−1: skipped`);
      return undefined;
    }
  }
  let out = img;
  const full = fullMipChain(img.width, img.height, img.depth);
  if (!isCount(img.mipLevels, U32) || img.mipLevels > full) {
    warn(
      `mipLevels ${String(img.mipLevels)} exceeds the full chain of ${full} for ${img.width}×${img.height}×${img.depth} (invalid in Vulkan): taken as ${full}`,
    );
    out = { ...out, mipLevels: full };
  }
  const s = img.samples;
  if (!isCount(s, 64) || (s & (s - 1)) !== 0 || s === 0) {
    warn(`samples ${String(s)} is not a VkSampleCountFlagBits value (1, 2, 4 … 64): taken as 1`);
    out = { ...out, samples: 1 };
  }
  return out;
}
