// DeviceProfile from a VMA call recording's Config section (format ≥ 1.3), so `--device other.csv`
// replays one recording on the device another one was made on. Only the file's head is read.

import { ConfigParser } from '../formats/vma-recording/config.js';
import type { DeviceProfile } from '../model/profile.js';

export function isRecordingHead(text: string): boolean {
  return text.startsWith('Vulkan Memory Allocator,Calls recording');
}

export function profileFromRecordingHead(text: string, source: string): DeviceProfile {
  const lines = text.split(/\r?\n/);
  const begin = lines.findIndex((l) => l.trim() === 'Config,Begin');
  const end = lines.findIndex((l) => l.trim() === 'Config,End');
  if (begin < 0 || end < begin)
    throw new Error(`${source}: the recording has no complete Config section in its first ${text.length} bytes (format < 1.3 records no device)`);
  const p = new ConfigParser();
  for (const l of lines.slice(begin + 1, end)) p.line(l.trim());
  const profile = p.build(`${source} (Config section)`);
  if (!profile.heaps.length || !profile.memoryTypes.length) throw new Error(`${source}: the Config section lists no memory heaps or types`);
  return profile;
}
