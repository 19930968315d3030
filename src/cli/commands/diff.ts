// `vramscope diff <a> <b> [<c> …]`: what changed between VMA dumps (or points of a recording), and
// who keeps growing.

import type { Command } from 'commander';
import { action, pngOrUsageError, UsageError, writeJson, writeText, deviceOption } from '../util.js';

export function register(program: Command): void {
  program
    .command('diff')
    .summary('compare VMA JSON dumps: growth per heap, type, pool and name; added, removed, moved; leak suspects')
    .description(
      [
        'Compares two or more VMA JSON stats dumps of one application, in time order.',
        'Dumps have no handles, so allocations are matched by name and size: at the',
        'same place they are unchanged, elsewhere they moved, and the rest were added',
        '(only in the later dump) or removed (only in the earlier one). Prints growth',
        'of blocks and allocated bytes per heap, memory type, pool and name group',
        '(digits folded: depth_1280x720_gen3 → depth_#x#_gen#), the added/removed/moved',
        'allocations, and the VkDeviceMemory blocks allocated or freed.',
        '',
        'With three or more dumps it also prints each step and the growth suspects:',
        'name groups whose live count rises at every step. A group of which nothing was',
        'ever freed ("retained") comes first — the signature of a leak such as a depth',
        'buffer left behind at every window resize.',
        '',
        'Points of a recording or capture work too: give one input with several --at',
        'points (line:N, frame:N), or files as rec.csv@frame:30. A recording is',
        'replayed through the VMA 3.3 placement model; a GFXReconstruct or lavatube',
        "capture is taken as the app's allocator placed it.",
      ].join('\n'),
    )
    .argument('<inputs...>', 'two or more VMA JSON dumps (.gz too) or recording points (file@frame:N), oldest first')
    .option('--at <point...>', 'points of one recording: line:N, frame:N or N (a line), in time order')
    .option('--json', 'print one JSON object (heaps, memoryTypes, pools, nameGroups, added, removed, moved, suspects, steps)')
    .option('-o, --output <file>', 'also draw both maps with the difference highlighted (.png or .svg; first vs last dump)')
    .option('--text <file>', 'write the text or JSON report to a file instead of stdout')
    .option('--max-rows <n>', 'rows per list in the text output (all are in --json)', '25')
    .option('--device <name|file>', 'device to replay a recording on for --at when it names none (a built-in name, device.json, vulkaninfo, recording)')
    .option('--color-by <mode>', 'picture colours of unchanged allocations: kind | name', 'kind')
    .option('--width <px>', 'picture width in pixels', '1200')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  vramscope diff stats_before.json stats_after.json',
        '  vramscope diff stats_resize1.json stats_resize2.json -o diff.png',
        "  vramscope diff stats_resize*.json --json | jq '.suspects[] | .group'",
        '  vramscope diff vma_replay.csv --at frame:30 frame:60 frame:90',
        '',
        'Exit code: 0 compared, 1 a dump could not be read (with file:line:column), 2 bad options.',
      ].join('\n'),
    )
    .action(
      action(
        async (
          inputs: string[],
          opts: {
            at?: string[];
            json?: boolean;
            output?: string;
            text?: string;
            maxRows: string;
            device?: string;
            colorBy: string;
            width: string;
          },
        ) => {
          const { splitInput, parsePoint, loadSnapshot } = await import('../../node/diff-inputs.js');
          let sources = inputs.map(splitInput);
          if (opts.at) {
            if (inputs.length !== 1) throw new UsageError('--at takes points of one recording: give exactly one input with it');
            sources = opts.at.map((t) => {
              const at = parsePoint(t);
              if (!at) throw new UsageError(`--at points must be line:N, frame:N or N (got "${t}")`);
              return { path: sources[0]!.path, at };
            });
          }
          if (sources.length < 2) throw new UsageError('diff needs at least two dumps or points (oldest first)');
          const format = opts.output === undefined ? undefined : /\.svg$/i.test(opts.output) ? 'svg' : /\.png$/i.test(opts.output) ? 'png' : undefined;
          if (opts.output !== undefined && !format) throw new UsageError(`--output must end in .png or .svg (got "${opts.output}")`);
          if (opts.colorBy !== 'kind' && opts.colorBy !== 'name') throw new UsageError(`--color-by must be kind or name (got "${opts.colorBy}")`);
          const width = Number(opts.width);
          if (!Number.isInteger(width) || width < 600 || width > 20000) throw new UsageError('--width must be an integer from 600 to 20000');
          const { diffSeries } = await import('../../engines/diff/diff.js');
          const snapshots = [];
          const device = await deviceOption(opts.device);
          for (const s of sources) snapshots.push(await loadSnapshot(s.path, s.at, device));
          const diff = diffSeries(snapshots);
          if (opts.json) writeJson(diff, opts.text);
          else {
            const { diffToText } = await import('../../engines/diff/text.js');
            writeText(diffToText(diff, { maxRows: Number(opts.maxRows) || 25 }), opts.text);
          }
          if (opts.output && format) {
            const { layoutDiff } = await import('../../views/memory-map/diff-layout.js');
            const { writeFileSync } = await import('node:fs');
            const first = snapshots[0]!,
              last = snapshots[snapshots.length - 1]!;
            const layout = layoutDiff(first, last, diff, { width, colorBy: opts.colorBy });
            if (format === 'svg') writeFileSync(opts.output, (await import('../../views/memory-map/svg.js')).renderSvg(layout));
            else {
              const { renderPng } = await import('../../views/memory-map/png.js');
              (await import('../../node/png-codecs.js')).installNativePngCodecs();
              writeFileSync(
                opts.output,
                pngOrUsageError(() => renderPng(layout)),
              );
            }
          }
        },
      ),
    );
}
