// `vramscope frames <input>`: per-frame allocation tracking and budgets — the frame log, systems,
// standout frames, forecast and heatmap; exit code 3 when a hard limit is crossed (a CI gate).

import type { Command } from 'commander';
import { action, ExitCode, UsageError, writeJson, writeText } from '../util.js';

interface FramesFlags {
  systems?: string;
  budgets?: string;
  threshold?: string;
  softLimit?: string;
  hardLimit?: string;
  frameTime?: string;
  framesFrom: string;
  forecastWindow: string;
  json?: boolean;
  heatmap?: string;
  output?: string;
  maxLines: string;
}

export function register(program: Command): void {
  program
    .command('frames')
    .summary('per-frame allocations: gross/net deltas, systems, budgets (exit 3 on a hard limit), forecast, heatmap')
    .description(
      [
        'Cuts the input into frames and prints the log of the allocation-tracking',
        'design: a line for every frame that changed live bytes, then the budget',
        'lines it raised:',
        '',
        '  [FRAME 60] GPU alloc delta: +260.77 MB (RenderTargets: 260.77 MB)',
        '  [WARN] Frame allocation exceeded threshold: 290.05 MB > 64.0 MB limit',
        '',
        'Frames come from the frame index of each recorded call (VMA recordings),',
        'from explicit frame events (vramscope traces, captures), or from',
        '--frame-time buckets. Per frame: bytes and counts allocated and freed',
        '(gross: a buffer created and freed in the same frame still counts), the',
        'net delta, live bytes at the end and at the high-water mark inside the',
        'frame, heap utilization and the split by system. Then the frames that',
        'stand out, the systems, heaps, budgets and a forecast of the next frame.',
        '',
        'Systems come from --systems rules (name patterns -> system); without',
        'rules, names group by prefix (staging_tex04 -> staging). Budgets',
        '(--budgets, the limit flags, or those a trace declares) are checked',
        'against the highest live bytes within each frame: a soft limit warns,',
        'a hard limit is a violation. MB in log lines means 2^20 bytes.',
      ].join('\n'),
    )
    .argument('<input>', 'recording, capture or vramscope trace')
    .option('--systems <file>', "JSON or YAML rules: systems: { RenderTargets: ['^depth_', '^gbuffer_'] }")
    .option('--budgets <file>', 'JSON or YAML: threshold, total {soft, hard}, systems {NAME: {soft, hard, frameDelta}}, heaps {0: {soft: 80%}}')
    .option('--threshold <size>', 'warn when one frame allocates more than this (gross), e.g. 1MiB')
    .option('--soft-limit <size>', 'warn when total live bytes go over this, e.g. 400MiB')
    .option('--hard-limit <size>', 'violation (exit 3) when total live bytes go over this, e.g. 512MiB')
    .option('--frame-time <ms>', 'cut frames by time instead: one frame per this many milliseconds')
    .option('--frames-from <how>', 'auto | field (frame index of each call) | events (frame events) | time', 'auto')
    .option('--forecast-window <n>', 'frames the forecast looks back over', '8')
    .option('--json', 'print one JSON object: frames: [{frame, allocated, freed, net, live, …}], systems, warnings, violations, …')
    .option('--heatmap <file>', 'write the system × frame allocation heatmap (.svg or .png)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--max-lines <n>', 'frame log lines in the text output (0 = all)', '200')
    .addHelpText(
      'after',
      `
Examples:
  vramscope frames vma_replay.csv
  vramscope frames vma_replay.csv --systems examples/systems.yaml --threshold 8MiB
  vramscope frames vma_replay.csv --budgets examples/budgets.yaml || echo "over budget"
  vramscope frames vma_replay.csv --hard-limit 512MiB --json | jq '.violations'
  vramscope frames app.vstrace.jsonl --heatmap heatmap.svg
  vramscope frames old_recording.csv --frame-time 16.7   # the app never set a frame index

Exit code: 0 fine (warnings included), 1 input unreadable, 2 bad flags or rules/budgets file,
3 a hard limit was crossed (the output names the frame and the system).`,
    )
    .action(
      action(async (input: string, opts: FramesFlags) => {
        const { parseSize } = await import('../../model/units.js');
        const size = (flag: string, v: string | undefined) => {
          if (v === undefined) return undefined;
          try {
            return parseSize(v);
          } catch (e) {
            throw new UsageError(`${flag}: ${(e as Error).message}`);
          }
        };
        const threshold = size('--threshold', opts.threshold);
        const soft = size('--soft-limit', opts.softLimit);
        const hard = size('--hard-limit', opts.hardLimit);
        let frameTimeMs: number | undefined;
        if (opts.frameTime !== undefined) {
          frameTimeMs = Number(opts.frameTime);
          if (!(frameTimeMs > 0)) throw new UsageError(`--frame-time: expected milliseconds above 0, got "${opts.frameTime}"`);
        }
        const from = opts.framesFrom;
        if (!['auto', 'field', 'events', 'time'].includes(from)) throw new UsageError(`--frames-from: expected auto, field, events or time, got "${from}"`);
        if (from === 'time' && frameTimeMs === undefined) throw new UsageError('--frames-from time needs --frame-time MS');
        const window = Number(opts.forecastWindow);
        if (!Number.isInteger(window) || window < 1)
          throw new UsageError(`--forecast-window: expected a whole number of frames ≥ 1, got "${opts.forecastWindow}"`);
        if (opts.heatmap && !/\.(svg|png)$/i.test(opts.heatmap)) throw new UsageError(`--heatmap: the file must end in .svg or .png, got "${opts.heatmap}"`);
        const total = {
          ...(threshold !== undefined ? { frameDelta: threshold } : {}),
          ...(soft !== undefined ? { soft } : {}),
          ...(hard !== undefined ? { hard } : {}),
        };

        const { buildFrames } = await import('../../node/frames.js');
        const { framesToJson } = await import('../../engines/frames/json.js');
        const { progressBar } = await import('../progress.js');
        const { statSync } = await import('node:fs');
        let storedSize: number | undefined;
        try {
          storedSize = statSync(input).size;
        } catch {
          /* the reader reports a missing file */
        }
        const bar = progressBar('frames', storedSize);
        let built: Awaited<ReturnType<typeof buildFrames>>;
        try {
          built = await buildFrames(input, {
            systemsFile: opts.systems,
            budgetsFile: opts.budgets,
            budgets: Object.keys(total).length ? [{ scope: 'total', name: 'total', ...total }] : [],
            segmentation: frameTimeMs !== undefined && from === 'auto' ? 'time' : (from as 'auto'),
            frameTimeMs,
            forecastWindow: window,
            onProgress: (n) => bar.update(n),
          });
        } catch (e) {
          // Rules and budgets files are flags: their problems are usage errors, not unreadable input.
          if ((e as Error).name === 'ConfigFileError') throw new UsageError((e as Error).message);
          throw e;
        } finally {
          bar.done();
        }
        const { result, diag } = built;
        const j = framesToJson(result);
        if (opts.heatmap) {
          const { writeFileSync } = await import('node:fs');
          if (/\.png$/i.test(opts.heatmap)) {
            const { renderHeatmapPng } = await import('../../views/heatmap/png.js');
            (await import('../../node/png-codecs.js')).installNativePngCodecs();
            writeFileSync(opts.heatmap, renderHeatmapPng(j.heatmap));
          } else {
            const { renderHeatmapSvg } = await import('../../views/heatmap/svg.js');
            writeFileSync(opts.heatmap, renderHeatmapSvg(j.heatmap, { title: `Gross bytes allocated per frame, by system — ${input}` }));
          }
        }
        if (opts.json) writeJson({ ...j, diagnostics: diag.list, diagnosticCount: diag.total }, opts.output);
        else {
          const { framesToText } = await import('../../engines/frames/text.js');
          const { formatDiagnostic } = await import('../../model/diagnostics.js');
          let text = framesToText(j, { maxLines: Number(opts.maxLines) || 0 });
          if (diag.total)
            text +=
              `\nInput warnings (${diag.total}):\n` +
              diag.list
                .slice(0, 20)
                .map((d) => '  ' + formatDiagnostic(d))
                .join('\n') +
              '\n' +
              diag
                .overflow()
                .map((l) => '  ' + l + '\n')
                .join('');
          writeText(text, opts.output);
        }
        if (result.violations > 0) {
          const first = j.violations[0];
          if (first) process.stderr.write(`vramscope: ${first.message}\n`);
          return ExitCode.LIMIT;
        }
        return ExitCode.OK;
      }),
    );
}
