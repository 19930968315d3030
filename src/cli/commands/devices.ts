// `vramscope devices`: the built-in device profiles that --device accepts, with their heaps, memory
// types and limits, and where each number comes from.

import type { Command } from 'commander';
import { action, UsageError, writeJson, writeText } from '../util.js';

export function register(program: Command): void {
  program
    .command('devices')
    .summary('list the built-in device profiles for --device (heaps, memory types, limits, sources)')
    .description(
      'Lists the device profiles that replay and the other --device options accept by name: the three real ' +
        'devices of the shared ground-truth runs (lavapipe, swiftshader, nvidia-h100) and one profile per common ' +
        'GPU kind (discrete with a 256 MiB BAR heap, discrete with resizable BAR, integrated, mobile tiler). ' +
        'Each profile cites where its numbers come from. --device also takes a file: a device.json of ' +
        'shared/data/real, the output of `vulkaninfo` (text report; JSON when it has memory properties), or a VMA recording (its Config section). ' +
        'Give a name or a file to show just that profile.',
    )
    .argument('[device]', 'a built-in name or a device file to show in full')
    .option('--json', 'print the profiles as JSON (each entry carries `name`)')
    .addHelpText(
      'after',
      "\nExamples:\n  vramscope devices\n  vramscope devices discrete-256mib-bar\n  vulkaninfo > mygpu.txt && vramscope devices mygpu.txt\n  vramscope devices --json | jq -r '.[].name'",
    )
    .action(
      action(async (device: string | undefined, opts: { json?: boolean }) => {
        const { listDevices } = await import('../../devices/index.js');
        const { resolveDevice } = await import('../../node/devices.js');
        const { deviceText } = await import('../../devices/describe.js');
        let list: ReturnType<typeof resolveDevice>[];
        if (device) {
          try {
            list = [resolveDevice(device)];
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
        } else list = [...listDevices()];
        if (opts.json) writeJson(device ? list[0] : list);
        else writeText(list.map((d) => deviceText(d, !!device)).join(device ? '\n' : ''));
      }),
    );
}
