// Driver families, recognised from vendor ID and device name. Memory requirements (alignment, size
// padding, allowed memory types, dedicated preference) are a property of the driver, not of VMA.

import type { DeviceProfile } from '../model/profile.js';

export type DriverFamily = 'nvidia' | 'amd' | 'intel' | 'lavapipe' | 'swiftshader' | 'arm' | 'qualcomm' | 'apple' | 'generic';

export function driverFamily(p: DeviceProfile): DriverFamily {
  const name = p.deviceName.toLowerCase();
  if (name.includes('llvmpipe')) return 'lavapipe';
  if (name.includes('swiftshader')) return 'swiftshader';
  switch (p.vendorID) {
    case 0x10de:
      return 'nvidia';
    case 0x1002:
    case 0x1022:
      return 'amd';
    case 0x8086:
      return 'intel';
    case 0x13b5:
      return 'arm';
    case 0x5143:
      return 'qualcomm';
    case 0x106b:
      return 'apple';
    case 0x1ae0:
      return 'swiftshader';
    case 0x10005:
      return 'lavapipe';
    default:
      return 'generic';
  }
}
