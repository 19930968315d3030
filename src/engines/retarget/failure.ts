// Small pieces of the placement stage: a failure record with its reason code, and whether a target
// is the capture's own device (then the capture's recorded requirements are exact).

import type { CreateEvent } from '../../model/events.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { IntentClass } from './intent.js';
import type { FailureReason } from './policies.js';
import type { Failure } from './types.js';

export function sameDevice(a: DeviceProfile | undefined, b: DeviceProfile): boolean {
  if (!a) return false;
  return (
    a.deviceName === b.deviceName &&
    a.vendorID === b.vendorID &&
    a.deviceID === b.deviceID &&
    a.memoryTypes.length === b.memoryTypes.length &&
    a.memoryTypes.every((t, i) => t.propertyFlags === b.memoryTypes[i]!.propertyFlags)
  );
}

export function failure(
  e: CreateEvent,
  kind: string,
  size: number,
  reason: FailureReason,
  detail: string,
  memoryType?: number,
  heap?: number,
  intent?: IntentClass,
): Failure {
  return {
    object: e.id,
    handle: e.handle,
    name: e.name ?? null,
    kind,
    size,
    frame: e.frame,
    seq: e.seq,
    line: e.line,
    reason,
    detail,
    ...(memoryType !== undefined ? { memoryType } : {}),
    ...(heap !== undefined ? { heap } : {}),
    ...(intent ? { intent } : {}),
  };
}
