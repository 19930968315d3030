// Retarget, stage 2 — requirements: what the target driver would answer for each object's create
// info (the device models of src/devices/), with lavatube's portability rules applied.

import type { MemoryRequirements } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import { modelRequirements } from '../../devices/requirements.js';
import type { EstimateTally } from '../../devices/estimates.js';
import type { Subject } from './subject.js';

/** The target as this stage sees it; `grew` counts objects whose requirements grew over the capture's. */
export interface RequirementsTarget {
  readonly profile: DeviceProfile;
  /** The target is the capture's own device: its recorded answers are exact. */
  readonly sameDevice: boolean;
  grew: number;
  grewBytes: number;
  /** Objects whose modelled requirements are estimates on this target. */
  readonly estimates: EstimateTally;
}

/**
 * Requirements on the target: the capture's own answer on the capture device; otherwise the model,
 * with lavatube's portability rules (buffers by used size, images at least the capture's size).
 */
export function requirementsOn(target: RequirementsTarget, sub: Subject): MemoryRequirements | string {
  const e = sub.create;
  if (target.sameDevice && sub.captureReq) return sub.captureReq;
  const subj = e.buffer ? { kind: 'buffer' as const, buffer: e.buffer } : e.image ? { kind: 'image' as const, image: e.image } : undefined;
  const modelled = modelRequirements(target.profile, subj);
  let req: MemoryRequirements;
  if (typeof modelled === 'string') {
    if (!sub.captureReq) return modelled;
    req = { ...sub.captureReq, memoryTypeBits: allTypes(target.profile) };
  } else {
    req = modelled;
    target.estimates.add(modelled);
  }
  if (sub.kind === 'image' && sub.captureReq && sub.captureReq.size > req.size) req = { ...req, size: sub.captureReq.size };
  if (sub.captureReq?.requiresDedicated) req = { ...req, requiresDedicated: true };
  if (sub.captureReq && req.size > sub.captureReq.size) {
    target.grew++;
    target.grewBytes += req.size - sub.captureReq.size;
  }
  return req;
}

export function allTypes(p: DeviceProfile): number {
  let bits = 0;
  for (const t of p.memoryTypes) bits |= 1 << t.index;
  return bits >>> 0;
}
