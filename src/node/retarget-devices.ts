// Target devices for `retarget`: the same names and files every --device takes (src/node/devices.ts),
// with file problems as SourceError.

import type { DeviceProfile } from '../model/profile.js';
import { SourceError } from '../model/diagnostics.js';
import { listDevices } from '../devices/index.js';
import { profileFromFile as readProfile, resolveDevice } from './devices.js';

/** Every built-in profile (`vramscope devices`). */
export function builtinTargets(): readonly DeviceProfile[] {
  return listDevices();
}

/** A built-in name, or a file: profile JSON (as `vramscope devices --json` prints one), device.json, vulkaninfo or a recording. */
export function resolveTarget(nameOrPath: string): DeviceProfile {
  try {
    return resolveDevice(nameOrPath);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError((e as Error).message);
  }
}

export function profileFromFile(path: string): DeviceProfile {
  try {
    return readProfile(path);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`not a device profile: ${(e as Error).message}`, { file: path });
  }
}
