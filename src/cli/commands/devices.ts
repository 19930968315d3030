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
        'shared/data/real, the output of `vulkaninfo` (text report; JSON when it has memory properties), a VMA recording (its Config section), ' +
        "or a measured device folder (`devices probe` writes one: your driver's own answers to memory-requirement queries, used before any rule). " +
        'Give a name or a file to show just that profile.',
    )
    .argument('[device]', 'a built-in name or a device file to show in full')
    .option('--json', 'print the profiles as JSON (each entry carries `name`)')
    .addHelpText(
      'after',
      "\nExamples:\n  vramscope devices\n  vramscope devices discrete-256mib-bar\n  vulkaninfo > mygpu.txt && vramscope devices mygpu.txt\n  vramscope devices probe -o mygpu/ && vramscope replay rec.csv --device mygpu/\n  vramscope devices --json | jq -r '.[].name'",
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
  program.commands
    .find((c) => c.name() === 'devices')!
    .command('probe')
    .summary("measure this machine's Vulkan driver: a device folder that --device accepts")
    .description(
      "Builds vramscope's requirement probe (tools/vk-req-probe.c) with the system's C compiler, runs it on this machine's Vulkan " +
        'driver and writes DIR/device.json and DIR/sweep-SEED.csv: what vkGetBufferMemoryRequirements2 and vkGetImageMemoryRequirements2 ' +
        'answered for thousands of seeded buffer and image create infos (formats, mips, arrays, cubes, 3D, MSAA, linear). ' +
        '--device DIR then answers those create infos exactly as your driver did and the rules answer the rest; the command ' +
        "also says how many rows vramscope's rules answer exactly on their own. Needs a C compiler, the Vulkan headers and loader, " +
        'and a driver; it says what to install when one is missing.',
    )
    .requiredOption('-o, --out <dir>', 'the measured device folder to write')
    .option('--seed <n>', 'seed of the create-info generator (another seed, another sweep)', '1')
    .option('--images <n>', 'random images to ask about', '3000')
    .option('--buffers <n>', 'random buffers to ask about', '300')
    .option('--grid', 'first ask a fixed grid of sizes around where drivers switch to dedicated memory')
    .option('--wide', 'draw from more formats, flags and shapes than the default mix')
    .option('--rows <csv>', "ask about the create infos of this CSV (the sweep's columns) instead of random ones")
    .option('--physical-device <n>', 'which physical device, in the order the Vulkan loader lists them', '0')
    .option('--icd <json>', 'the driver to use: an ICD manifest (sets VK_ICD_FILENAMES)')
    .option('--cc <compiler>', 'the C compiler (default: $CC, else cc)')
    .addHelpText(
      'after',
      '\nExamples:\n  vramscope devices probe -o mygpu/\n  vramscope devices probe -o lavapipe/ --icd /usr/share/vulkan/icd.d/lvp_icd.x86_64.json --seed 7 --wide\n  vramscope replay rec.csv --device mygpu/',
    )
    .action(
      action(async (opts: Record<string, string | boolean | undefined>) => {
        const { probeDevice, ProbeUnavailable } = await import('../../node/probe.js');
        const int = (name: string) => {
          const v = Number(opts[name]);
          if (!Number.isSafeInteger(v) || v < 0)
            throw new UsageError(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a non-negative integer, not "${String(opts[name])}"`);
          return v;
        };
        try {
          const r = probeDevice({
            out: String(opts.out),
            seed: int('seed'),
            images: int('images'),
            buffers: int('buffers'),
            grid: Boolean(opts.grid),
            wide: Boolean(opts.wide),
            rows: typeof opts.rows === 'string' ? opts.rows : undefined,
            physicalDevice: int('physicalDevice'),
            icd: typeof opts.icd === 'string' ? opts.icd : undefined,
            cc: typeof opts.cc === 'string' ? opts.cc : undefined,
          });
          const pct = r.rows ? ((100 * r.rulesExact) / r.rows).toFixed(2) : 'n/a';
          writeText(
            `${r.deviceName}: ${r.rows} answers in ${r.sweep}, the device in ${r.deviceJson}\n` +
              `vramscope's rules alone answer ${r.rulesExact} of them exactly (${pct} %); with --device ${String(opts.out)} all of these create infos are answered as measured.\n`,
          );
        } catch (e) {
          if (e instanceof ProbeUnavailable) throw new UsageError(e.message);
          throw e;
        }
      }),
    );
}
