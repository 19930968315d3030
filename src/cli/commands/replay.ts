// `vramscope replay <recording>`: place every allocation of a recording the way VMA 3.3 would on a
// device, and report what that costs in device memory.

import type { Command } from 'commander';
import { action, ExitCode, UsageError, writeJson, writeText } from '../util.js';

function parseAt(text: string): { line?: number; frame?: number } {
  const m = /^(?:line:)?(\d+)$/.exec(text) ?? null;
  if (m) return { line: Number(m[1]) };
  const f = /^frame:(\d+)$/.exec(text);
  if (f) return { frame: Number(f[1]) };
  throw new UsageError(`--dump-at: expected LINE or frame:N, got "${text}"`);
}

export function register(program: Command): void {
  program
    .command('replay')
    .summary("place a recording's allocations as VMA 3.3 would on a device: memory per heap and type, peaks, failures")
    .description(
      "Replays a VMA call recording through a model of VMA 3.3.0's allocator (TLSF blocks, 1/8-1/4-1/2 block " +
        'growth, dedicated allocations, memory-type choice, bufferImageGranularity, the 80 % budget rule, custom ' +
        "and linear pools) on the recording's own device or on --device. Recordings of vmaCreateBuffer and " +
        "vmaCreateImage carry create infos only; their memory requirements come from the device's driver model. " +
        'Prints per heap and memory type: block bytes (VkDeviceMemory), allocation bytes, the peaks with line and ' +
        'frame, blocks, unused ranges, the largest free range and fragmentation of the final state (or of the ' +
        '--dump-at point); allocations that could not be placed, with the reason; and every place where VMA 3.3.0 ' +
        'put a linear and an optimal resource on one bufferImageGranularity page (VMA issue #517).',
    )
    .argument('<recording>', 'VMA call recording (vma_replay.csv, .gz too)')
    .option(
      '--device <profile>',
      "built-in profile name (see `vramscope devices`), a device.json, a vulkaninfo report or another VMA recording; default: the recording's own device",
    )
    .option(
      '--placements <file>',
      'write one row per allocation: seq,memoryType,block,offset,size (seq counts allocation and free rows; block numbers each VkDeviceMemory in allocation order)',
    )
    .option('--dump-at <point>', 'stop after line LINE, or at the end of frame N (frame:N), and report that state')
    .option('-o, --output <file>', 'with --dump-at: write the state there as a VMA 3.x JSON stats dump (loadable by GpuMemDumpVis)')
    .option('--vma <version>', "VMA version to model: 3.3 (TLSF) or 2.3 (the Generic best-fit algorithm and 2.x rules of the recordings' era)", '3.3')
    .option('--json', 'print the summary as JSON')
    .option('--max-rows <n>', 'failure and conflict rows shown in text (all are counted)', '20')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  vramscope replay vma_replay.csv',
        '  vramscope replay vma_replay.csv --device discrete-256mib-bar      # would it fit a 256 MiB-BAR GPU?',
        '  vramscope replay vma_replay.csv --device mygpu-vulkaninfo.txt --json | jq .heaps',
        '  vramscope replay vma_replay.csv --placements placements.csv',
        '  vramscope replay vma_replay.csv --vma 2.3                       # what the VMA 2.3.0 that recorded it did',
        '  vramscope replay vma_replay.csv --dump-at frame:60 -o frame60.json   # then: GpuMemDumpVis.py frame60.json',
        '',
        'Exit code: 0 when every allocation was placed, 3 when some could not be (out of memory on that device),',
        '1 when the recording cannot be read, 2 for usage errors.',
      ].join('\n'),
    )
    .action(
      action(
        async (
          input: string,
          opts: {
            device?: string;
            placements?: string;
            dumpAt?: string;
            output?: string;
            json?: boolean;
            maxRows: string;
            vma: string;
          },
        ) => {
          const at = opts.dumpAt ? parseAt(opts.dumpAt) : undefined;
          if (opts.vma !== '3.3' && opts.vma !== '2.3') throw new UsageError(`--vma: expected 3.3 or 2.3, got "${opts.vma}"`);
          if (opts.output && !at) throw new UsageError('-o/--output writes the --dump-at state; give --dump-at LINE or frame:N');
          let device: import('../../model/profile.js').DeviceProfile | undefined;
          if (opts.device) {
            const { resolveDevice } = await import('../../node/devices.js');
            try {
              device = resolveDevice(opts.device);
            } catch (e) {
              throw new UsageError(`--device: ${(e as Error).message}`);
            }
          }
          const { replayFile } = await import('../../node/replay.js');
          const { progressBar } = await import('../progress.js');
          const { statSync } = await import('node:fs');
          let size = 0;
          try {
            size = statSync(input).size;
          } catch {
            /* readSource reports it */
          }
          const bar = !opts.json ? progressBar('replaying', size) : undefined;
          let result: Awaited<ReturnType<typeof replayFile>>;
          try {
            result = await replayFile(input, {
              device,
              at,
              placements: opts.placements,
              allocator: { vmaVersion: opts.vma },
              onProgress: bar ? (n) => bar.update(n) : undefined,
            });
          } catch (e) {
            const msg = (e as Error).message;
            if ((e as Error).name === 'NeedsDeviceError') throw new UsageError(msg);
            throw e;
          } finally {
            bar?.done();
          }
          const { summary, engine } = result;
          if (opts.output) {
            const { replayVmaJson } = await import('../../node/replay.js');
            writeText(replayVmaJson(engine), opts.output);
            if (opts.output !== '-') process.stderr.write(`wrote ${opts.output} (${summary.at.label})\n`);
          }
          if (opts.json) writeJson(summary);
          else if (opts.output !== '-') {
            const { replayToText } = await import('../../engines/replay/text.js');
            writeText(replayToText(summary, Number(opts.maxRows) || 20));
          }
          return summary.failures.count > 0 ? ExitCode.LIMIT : ExitCode.OK;
        },
      ),
    );
}
