// `vramscope report <input>`: what is alive, what leaked, what was biggest, and when.

import type { Command } from 'commander';
import { action, UsageError, writeJson, writeText } from '../util.js';

export function register(program: Command): void {
  program
    .command('report')
    .summary('summarize a recording or capture: calls, live bytes over time, peak, leaks, top names')
    .description(
      'Reads a VMA call recording (vma_replay.csv, formats 1.0–1.8, .gz too), a GFXReconstruct capture\n' +
        '(.gfxr or gfxrecon-convert .jsonl[.gz]), a lavatube trace (.api), a vramscope trace, or a VMA JSON\n' +
        'stats dump, and prints the device, calls per function, live objects and bytes over time (requested\n' +
        'sizes), the peak with its line, time and frame, the objects still alive at vmaDestroyAllocator or\n' +
        'vkDestroyDevice or at the end of the input (leaks) with their create line, the top names by bytes,\n' +
        'and warnings with line numbers.',
    )
    .argument('<input>', 'recording, capture, trace or dump (gzip is undone by content)')
    .option('--json', 'print one JSON object (device, calls, peak, leaks, warnings, …) instead of text')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--top <n>', 'rows in the top-names and largest-object lists', '10')
    .option('--max-leaks <n>', 'leak rows in the text output (all are in --json)', '50')
    .option('--html <file>', 'also write the interactive viewer as one self-contained HTML file (opens from disk, no server)')
    .option('--systems <file>', 'with --html: system rules (JSON or YAML, as for `vramscope frames`) for the timeline and frame bars')
    .option('--budgets <file>', 'with --html: budgets (as for `vramscope frames`), drawn as lines with their crossings')
    .option('--no-placement', 'with --html: do not place a recording with the VMA 3.3 model (faster on very long ones; no blocks or heaps)')
    .addHelpText(
      'after',
      '\nExamples:\n  vramscope report vma_replay.csv\n  vramscope report vma_replay.csv --json | jq .leaks\n  vramscope report vma_replay.csv --html report.html   # then open report.html in a browser\n  vramscope report vma_replay.csv --html r.html --systems examples/systems.yaml --budgets examples/budgets.yaml\n\nExit code: 0 when the input could be read (even with warnings), 1 when nothing could be read.',
    )
    .action(
      action(
        async (
          input: string,
          opts: {
            json?: boolean;
            output?: string;
            top: string;
            maxLeaks: string;
            html?: string;
            systems?: string;
            budgets?: string;
            placement: boolean;
          },
        ) => {
          if (opts.html) {
            const { writeHtmlReport } = await import('../../node/report-html.js');
            try {
              const { progressDrawer } = await import('../progress.js');
              await writeHtmlReport(input, opts.html, {
                onProgress: progressDrawer(),
                systemsFile: opts.systems,
                budgetsFile: opts.budgets,
                simulatePlacement: opts.placement,
              });
            } catch (e) {
              // Rules and budgets files are flags: their problems are usage errors, not unreadable input.
              if ((e as Error).name === 'ConfigFileError') throw new UsageError((e as Error).message);
              throw e;
            }
            if (opts.html !== '-') process.stderr.write(`wrote ${opts.html}\n`);
            if (!opts.json && !opts.output) return;
          }
          const { buildReport } = await import('../../node/report.js');
          const { progressDrawer } = await import('../progress.js');
          const report = await buildReport(input, { topN: Number(opts.top) || 10, onProgress: progressDrawer() });
          if (opts.json) writeJson(report, opts.output);
          else {
            const { reportToText } = await import('../../views/report/text.js');
            writeText(reportToText(report, { maxLeaks: Number(opts.maxLeaks) || 50 }), opts.output);
          }
        },
      ),
    );
}
