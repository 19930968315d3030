// `vramscope render <dump> -o map.png|map.svg`: the memory map of a VMA JSON dump.

import type { Command } from 'commander';
import { action, UsageError } from '../util.js';

export function register(program: Command): void {
  program
    .command('render')
    .summary('draw a VMA JSON dump as a memory map (PNG or SVG): heaps, memory types, pools, blocks, allocations')
    .description(
      'Draws the memory map of a VMA JSON stats dump (vmaBuildStatsString with detailedMap, VMA 2.x or 3.x,\n' +
      '.gz too): one section per heap, then per memory type, then per pool (default first), each block as a\n' +
      'bar whose width is to scale (one byte scale for all blocks, with a readable minimum) and whose\n' +
      'suballocations sit at their real offsets — overlapping (aliased) allocations get a red band.\n' +
      'Dedicated allocations of a pool share one strip, largest first. Headers give totals per heap (with\n' +
      'budget and usage when the dump has them), memory type, pool and block; a legend explains colours.\n' +
      '\n' +
      'Colours: --color-by kind (default) follows VMA\'s GpuMemDumpVis (buffers by usage, images by tiling\n' +
      'and usage, unknown, free); --color-by name gives each of the largest name groups (digits folded:\n' +
      'tex12_256x256 → tex#_#x#) its own colour, so one system\'s memory stands out.\n' +
      '\n' +
      'PNG pixels blend all allocations they cover by bytes (dense small allocations show as a tint, not\n' +
      'lost); SVG has one element per allocation with its name, size, offset, kind and usage on hover.',
    )
    .argument('<dump>', 'VMA JSON dump (vmaBuildStatsString output), optionally gzipped')
    .requiredOption('-o, --output <file>', 'output image: .png or .svg')
    .option('--color-by <mode>', 'kind | name', 'kind')
    .option('--width <px>', 'image width in pixels', '1200')
    .option('--min-block-width <px>', 'narrowest block bar, so small blocks stay readable', '96')
    .addHelpText('after', [
      '',
      'Examples:',
      '  vramscope render stats.json -o map.png',
      '  vramscope render stats.json.gz -o map.svg --color-by name     # hover names in a browser',
      '  vramscope render stats.json -o wide.png --width 2400',
      '',
      'Exit code: 0 written, 1 the dump could not be read (with file:line:column), 2 bad options.',
    ].join('\n'))
    .action(action(async (dump: string, opts: { output: string; colorBy: string; width: string; minBlockWidth: string }) => {
      const format = /\.svg$/i.test(opts.output) ? 'svg' : /\.png$/i.test(opts.output) ? 'png' : undefined;
      if (!format) throw new UsageError(`--output must end in .png or .svg (got "${opts.output}")`);
      if (opts.colorBy !== 'kind' && opts.colorBy !== 'name') throw new UsageError(`--color-by must be kind or name (got "${opts.colorBy}")`);
      const width = Number(opts.width);
      const minBlockWidth = Number(opts.minBlockWidth);
      if (!Number.isInteger(width) || width < 600 || width > 20000) throw new UsageError('--width must be an integer from 600 to 20000');
      if (!Number.isInteger(minBlockWidth) || minBlockWidth < 1) throw new UsageError('--min-block-width must be a positive integer');
      const { readVmaJson } = await import('../../formats/vma-json/file.js');
      const { layoutMemoryMap } = await import('../../render/memory-map/layout.js');
      const snapshot = await readVmaJson(dump);
      const layout = layoutMemoryMap(snapshot, { width, colorBy: opts.colorBy, minBlockWidth });
      const { writeFileSync } = await import('node:fs');
      if (format === 'svg') {
        const { renderSvg } = await import('../../render/memory-map/svg.js');
        writeFileSync(opts.output, renderSvg(layout));
      } else {
        const { renderPng } = await import('../../render/memory-map/png.js');
        writeFileSync(opts.output, renderPng(layout));
      }
    }));
}
