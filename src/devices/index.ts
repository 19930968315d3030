// Device profiles: built-ins and the texts of device.json, vulkaninfo (text or JSON) and a VMA
// recording's Config section. Files and `resolveDevice(nameOrPath)` are in src/node/devices.ts.

import type { DeviceProfile } from '../model/profile.js';
import { BUILTIN_DEVICES } from './builtin.js';
import { profileFromDeviceJson } from './device-json.js';
import { profileFromVulkaninfoJson, profileFromVulkaninfoText } from './vulkaninfo.js';
import { isRecordingHead, profileFromRecordingHead } from './recording.js';

export { BUILTIN_DEVICES } from './builtin.js';
export { profileFromDeviceJson } from './device-json.js';
export { profileFromVulkaninfoJson, profileFromVulkaninfoText } from './vulkaninfo.js';
export { profileFromRecordingHead } from './recording.js';
export { modelRequirements, type RequirementSubject } from './requirements.js';
export { EstimateTally, type EstimateSummary } from './estimates.js';
export { withMeasurements } from './measured.js';
export { parseSweepCsv, subjectKey, subjectOfRow, SweepError, SWEEP_COLUMNS, type SweepRow } from './sweep.js';
export { driverFamily, type DriverFamily } from './family.js';

export function listDevices(): readonly DeviceProfile[] {
  return BUILTIN_DEVICES;
}

export function builtinDevice(name: string): DeviceProfile | undefined {
  const n = name.toLowerCase();
  return BUILTIN_DEVICES.find((d) => d.name === n);
}

/**
 * A profile from the text of a device.json, a vulkaninfo report (text or JSON), a profile as
 * `vramscope devices --json` prints it, or a VMA recording (its Config section). `name` is for messages. Reading the file is the Node layer's job
 * (src/node/devices.ts).
 */
export function profileFromText(text: string, name: string): DeviceProfile {
  if (isRecordingHead(text.slice(0, 64 * 1024))) return profileFromRecordingHead(text.slice(0, 64 * 1024), name);
  if (/^\s*[{[]/.test(text)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`${name}: not valid JSON (${(e as Error).message})`);
    }
    const j = json as Record<string, unknown>;
    const file = name.split(/[\\/]/).pop() ?? name;
    if (Array.isArray(j.heaps) && Array.isArray(j.memoryTypes) && j.limits) {
      // A profile as `vramscope devices --json` prints it.
      const p = j as unknown as DeviceProfile;
      return { ...p, name: p.name ?? file, deviceName: p.deviceName ?? p.name ?? file, source: p.source ?? name };
    }
    if (Array.isArray(j.memoryHeaps) && Array.isArray(j.memoryTypes)) {
      // The VMA harness writes every run's device as "device.json": name it after the device instead.
      const short = file === 'device.json' && typeof j.deviceName === 'string' ? j.deviceName : file.replace(/\.json$/, '');
      return profileFromDeviceJson(json, name, short);
    }
    return profileFromVulkaninfoJson(json, name);
  }
  if (text.includes('VkPhysicalDeviceMemoryProperties')) return profileFromVulkaninfoText(text, name);
  throw new Error(
    `${name}: not a device profile (expected a device.json, vulkaninfo output, a VMA recording, or a built-in name: ${BUILTIN_DEVICES.map((d) => d.name).join(', ')})`,
  );
}
