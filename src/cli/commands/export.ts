// `vramscope export <input> --perfetto out.pftrace`: the timeline as a Perfetto protobuf trace (or
// Chrome trace-event JSON for out.json / --format json).
// `--trace out.vstrace.jsonl`: the input in vramscope's own trace format.

import type { Command } from 'commander';
import { action, printWarnings, UsageError } from '../util.js';

interface ExportOpts {
  placement: boolean;
  perfetto?: string;
  format?: string;
  trace?: string;
  lifetimes: string;
  minSize?: string;
  budget?: string;
  resolution: string;
  maxLeaks: string;
  systems?: string;
  budgets?: string;
}

export function register(program: Command): void {
  program
    .command('export')
    .summary('write a recording or capture as a Perfetto trace (protobuf, or Chrome JSON) for ui.perfetto.dev, or as a vramscope trace')
    .description(
      'Streams the input once and writes a trace that the Perfetto UI (ui.perfetto.dev: drag the file in)\n' +
        "and trace processor load: Perfetto's own protobuf format by default (about a tenth of the JSON's\n" +
        'size, and much faster to load), or Chrome trace-event JSON (also for chrome://tracing) when the\n' +
        'file name ends in .json or with --format json. Either way:\n' +
        '  - counter tracks of live bytes: "gpu_mem total_live_bytes", one per heap and memory type (where\n' +
        '    captures and dumps say objects sit; recordings are placed by the VMA 3.3 model), per kind,\n' +
        '    per VMA memory usage and per system (--systems rules, else the name prefix: depth_1280x720 →\n' +
        '    depth), plus live object count; a capture\'s VkDeviceMemory on its own "vk_device_memory" tracks;\n' +
        '  - allocation lifetimes as async slices (one track per concurrent lifetime), args: size, handle,\n' +
        '    function, create line and frame, system, VMA usage and, where placed, memory type, block,\n' +
        '    offset and dedicated; objects never destroyed are closed at the end with args.leaked = true;\n' +
        '  - frames as slices on the "Frames" thread with allocated, freed and net bytes;\n' +
        '  - instants: allocation failures, budget crossings (--budget, --budgets), each leak, the peak.\n' +
        "Timestamps are the input's times in microseconds. Memory stays bounded by the live set.\n" +
        "With --trace, writes the input losslessly in vramscope's own trace format (JSON Lines, see the\n" +
        'README\'s "Trace format"): every command reads it, and it is what the runtime library writes.',
    )
    .argument('<input>', 'recording or capture file (.gz too)')
    .option('--perfetto <file>', 'write the Perfetto trace here: protobuf (.pftrace), or JSON for a .json name (- for stdout: JSON)')
    .option('--format <encoding>', 'proto | json: the encoding of --perfetto, whatever the file name says')
    .option('--trace <file>', 'write the input as a vramscope trace (.vstrace.jsonl; - for stdout)')
    .option('--lifetimes <mode>', 'allocation lifetime slices: all | none (counters only, a much smaller file)', 'all')
    .option('--min-size <size>', 'no lifetime slice for objects smaller than this (e.g. 64KiB); their bytes still count')
    .option('--budget <size>', 'a budget on total live bytes (e.g. 512MiB): a flat "budget" track and an instant at each crossing')
    .option('--systems <file>', 'system rules (JSON or YAML, as for `vramscope frames`) for the "system" tracks; default: the name\'s prefix')
    .option('--budgets <file>', 'budgets file (as for `vramscope frames`): limits as flat tracks, each crossing an instant at the end of its frame')
    .option('--no-placement', 'recordings: no heap and memory-type tracks (skips the VMA 3.3 placement model; faster)')
    .option('--resolution <us>', 'at most one counter sample per this many microseconds of input time, peaks kept (0: one per distinct timestamp)', '0')
    .option('--max-leaks <n>', 'leak instants to write (the rest are summed in one)', '1000')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  vramscope export vma_replay.csv --perfetto trace.pftrace     # then open trace.pftrace in ui.perfetto.dev\n' +
        '  vramscope export vma_replay.csv --perfetto trace.json        # Chrome trace-event JSON\n' +
        '  vramscope export big.csv.gz --perfetto t.json --lifetimes none --resolution 1000\n' +
        '  vramscope export vma_replay.csv --perfetto t.json --budget 512MiB --min-size 1MiB\n' +
        '  vramscope export capture.gfxr --trace capture.vstrace.jsonl   # then: vramscope frames capture.vstrace.jsonl\n\n' +
        'Exit code: 0 when written, 1 when the input could not be read, 2 on bad options.',
    )
    .action(
      action(async (input: string, opts: ExportOpts) => {
        if (!opts.perfetto && !opts.trace) throw new UsageError('export: say what to write, e.g. --perfetto out.json or --trace out.vstrace.jsonl');
        if (opts.trace) {
          const { writeTraceFile } = await import('../../node/trace-file.js');
          const t = await writeTraceFile(input, opts.trace);
          printWarnings(t.diagnostics);
          if (opts.trace !== '-') process.stderr.write(`wrote ${opts.trace}: ${t.records} records from a ${t.format} input\n`);
        }
        const perfetto = opts.perfetto;
        if (!perfetto) return;
        if (opts.format !== undefined && opts.format !== 'proto' && opts.format !== 'json')
          throw new UsageError(`export: --format must be proto or json, not '${opts.format}'`);
        if (opts.lifetimes !== 'all' && opts.lifetimes !== 'none') throw new UsageError(`export: --lifetimes must be all or none, not '${opts.lifetimes}'`);
        const { parseSize } = await import('../../model/units.js');
        const size = (flag: string, v: string | undefined) => {
          if (v === undefined) return undefined;
          try {
            return parseSize(v);
          } catch {
            throw new UsageError(`export: ${flag} wants a size like 512MiB, not '${v}'`);
          }
        };
        const count = (flag: string, v: string) => {
          const n = Number(v);
          if (!Number.isFinite(n) || n < 0) throw new UsageError(`export: ${flag} wants a number, not '${v}'`);
          return n;
        };
        const { exportChromeTrace } = await import('../../node/chrome-trace.js');
        let stats: Awaited<ReturnType<typeof exportChromeTrace>>;
        try {
          stats = await exportChromeTrace(input, perfetto, {
            systemsFile: opts.systems,
            budgetsFile: opts.budgets,
            simulatePlacement: opts.placement,
            lifetimes: opts.lifetimes,
            minSliceBytes: size('--min-size', opts.minSize),
            budgetBytes: size('--budget', opts.budget),
            counterResolutionUs: count('--resolution', opts.resolution),
            maxLeakInstants: count('--max-leaks', opts.maxLeaks),
            ...(opts.format ? { encoding: opts.format as 'proto' | 'json' } : {}),
          });
        } catch (e) {
          // Rules and budgets files are flags: their problems are usage errors, not unreadable input.
          if ((e as Error).name === 'ConfigFileError') throw new UsageError((e as Error).message);
          throw e;
        }
        printWarnings(stats.warnings);
        if (perfetto !== '-') {
          process.stderr.write(
            `wrote ${perfetto} (${stats.encoding === 'proto' ? 'Perfetto protobuf' : 'Chrome trace-event JSON'}): ${stats.counterSamples} counter samples, ${stats.slices} lifetimes, ${stats.frames} frames, ${stats.instants} instants (${stats.leaks} leaked objects)\n`,
          );
          // The Perfetto UI parses JSON in the browser: past a few hundred thousand slices it gets slow.
          if (stats.encoding === 'json' && stats.slices > 300_000)
            process.stderr.write(
              `note: ${stats.slices} lifetime slices make a big JSON file for the Perfetto UI; the protobuf format (a .pftrace name) is about a tenth of the size, and --min-size 1MiB or --lifetimes none keep the counters and drop the small slices\n`,
            );
        }
      }),
    );
}
