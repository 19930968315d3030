// `vramscope render <dump|recording> -o map.png|map.svg`: the memory map of a VMA JSON dump, or of
// a recording at one moment (replayed through the VMA 3.3 placement model).

import type { Command } from 'commander';
import { action, pngOrUsageError, UsageError, deviceOption } from '../util.js';

export function register(program: Command): void {
  program
    .command('render')
    .summary('draw a VMA JSON dump (or a recording at --at) as a memory map (PNG or SVG): heaps, types, pools, blocks')
    .description(
      [
        'Draws the memory map of a VMA JSON stats dump (vmaBuildStatsString with',
        'detailedMap, VMA 2.x or 3.x, .gz too): one section per heap, then per memory',
        'type, then per pool (default first), each block as a bar whose width is to',
        'scale (one byte scale for all blocks, with a readable minimum) and whose',
        'suballocations sit at their real offsets — overlapping (aliased) allocations',
        'get a red band. Dedicated allocations of a pool share one strip, largest',
        'first. Headers give totals per heap (with budget and usage when the dump has',
        'them), memory type, pool and block; a legend explains colours.',
        '',
        "Colours: --color-by kind (default) follows VMA's GpuMemDumpVis (buffers by",
        'usage, images by tiling and usage, unknown, free); --color-by name gives each',
        'of the largest name groups (digits folded: tex12_256x256 → tex#_#x#) its own',
        "colour, so one system's memory stands out.",
        '',
        'PNG pixels blend all allocations they cover by bytes (dense small allocations',
        'show as a tint, not lost); SVG has one element per allocation with its name,',
        'size, offset, kind and usage on hover.',
        '',
        'A recording (vma_replay.csv) is replayed through the VMA 3.3 placement model',
        'up to --at (after line N, or at the end of frame N; its end when --at is left',
        'out) and drawn the same way; a GFXReconstruct or lavatube capture is drawn as',
        "the app's allocator placed it (its VkDeviceMemory and bind offsets).",
      ].join('\n'),
    )
    .argument('<input>', 'VMA JSON dump (vmaBuildStatsString output, .gz too), or a recording (also as file@POINT)')
    .option('--at <point>', 'for a recording: line:N (after that line), frame:N (end of that frame) or N (a line)')
    .requiredOption('-o, --output <file>', 'output image: .png or .svg')
    .option('--device <name|file>', 'device to replay a recording on for --at when it names none (a built-in name, device.json, vulkaninfo, recording)')
    .option('--color-by <mode>', 'kind | name', 'kind')
    .option('--width <px>', 'image width in pixels', '1200')
    .option('--min-block-width <px>', 'narrowest block bar, so small blocks stay readable', '96')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  vramscope render stats.json -o map.png',
        '  vramscope render stats.json.gz -o map.svg --color-by name     # hover names in a browser',
        '  vramscope render stats.json -o wide.png --width 2400',
        '  vramscope render vma_replay.csv --at frame:60 -o frame60.png',
        '  vramscope render capture.jsonl.gz --at frame:60 -o capture60.png',
        '',
        'Exit code: 0 written, 1 the dump could not be read (with file:line:column), 2 bad options.',
      ].join('\n'),
    )
    .action(
      action(async (input: string, opts: { output: string; at?: string; device?: string; colorBy: string; width: string; minBlockWidth: string }) => {
        const format = /\.svg$/i.test(opts.output) ? 'svg' : /\.png$/i.test(opts.output) ? 'png' : undefined;
        if (!format) throw new UsageError(`--output must end in .png or .svg (got "${opts.output}")`);
        if (opts.colorBy !== 'kind' && opts.colorBy !== 'name') throw new UsageError(`--color-by must be kind or name (got "${opts.colorBy}")`);
        const width = Number(opts.width);
        const minBlockWidth = Number(opts.minBlockWidth);
        if (!Number.isInteger(width) || width < 600 || width > 20000) throw new UsageError('--width must be an integer from 600 to 20000');
        if (!Number.isInteger(minBlockWidth) || minBlockWidth < 1) throw new UsageError('--min-block-width must be a positive integer');
        const { splitInput, parsePoint, loadSnapshot } = await import('../../node/diff-inputs.js');
        const src = splitInput(input);
        let at = src.at;
        if (opts.at !== undefined) {
          at = parsePoint(opts.at);
          if (!at) throw new UsageError(`--at must be line:N, frame:N or N (got "${opts.at}")`);
        }
        const { layoutMemoryMap } = await import('../../views/memory-map/layout.js');
        const snapshot = await loadSnapshot(src.path, at, await deviceOption(opts.device));
        if (!at && snapshot.label.endsWith(' (end)') && !snapshot.blocks.some((b) => b.suballocations.some((x) => x.type !== 'free'))) {
          process.stderr.write(`vramscope: note: nothing is alive at the end of ${src.path}; pick a moment with --at frame:N or --at line:N\n`);
        }
        const layout = layoutMemoryMap(snapshot, { width, colorBy: opts.colorBy, minBlockWidth });
        const { writeFileSync } = await import('node:fs');
        if (format === 'svg') {
          const { renderSvg } = await import('../../views/memory-map/svg.js');
          writeFileSync(opts.output, renderSvg(layout));
        } else {
          const { renderPng } = await import('../../views/memory-map/png.js');
          (await import('../../node/png-codecs.js')).installNativePngCodecs();
          writeFileSync(
            opts.output,
            pngOrUsageError(() => renderPng(layout)),
          );
        }
      }),
    );
}
