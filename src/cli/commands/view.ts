// `vramscope view <input>`: the viewer on a local web server (127.0.0.1 only), data built once.

import type { Command } from 'commander';
import { action, ExitCode, UsageError } from '../util.js';

export function register(program: Command): void {
  program
    .command('view')
    .summary('open the interactive viewer for a recording, dump or capture on http://127.0.0.1')
    .description(
      'Reads the input once, then serves the viewer on a local web server bound to 127.0.0.1 (never to\n' +
        'other machines) and prints its URL, which carries a random token: other web pages cannot read\n' +
        'the data (only that URL is served, only to a 127.0.0.1/localhost Host, never in a frame). The\n' +
        'viewer has the timeline of live bytes per heap, memory type, kind, VMA usage and system with\n' +
        'budget lines and frame markers; per-frame deltas; the memory map at a picked moment; the\n' +
        'allocation table (sort, filter, search); leaks; the diff of two picked moments; and the device\n' +
        'with its heaps and budgets. Stop it with Ctrl-C.\n' +
        'For a file to mail or attach to a CI run, use `vramscope report <input> --html out.html`.',
    )
    .argument(
      '<inputs...>',
      'recording, VMA JSON dump or capture (.gz too); several VMA JSON dumps (in time order) are also compared as a series, and the last one is shown',
    )
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', '7878')
    .option('--recent <n>', 'destroyed objects kept in the allocation table besides all live ones', '50000')
    .option(
      '-r, --retarget <profile>',
      'also replay the capture onto this device (built-in name, device.json, vulkaninfo output); repeatable',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--systems <file>', 'system rules (JSON or YAML, as for `vramscope frames`): name patterns → system for the timeline')
    .option('--budgets <file>', 'budgets (JSON or YAML, as for `vramscope frames`): drawn as lines, crossings marked, listed')
    .option('--no-placement', 'do not simulate VMA placement for recordings (faster on very long ones; no blocks or heaps)')
    .addHelpText(
      'after',
      '\nExamples:\n  vramscope view vma_replay.csv\n  vramscope view stats.json --port 0\n  vramscope view vma_replay.csv --systems systems.yaml --budgets budgets.yaml\n  vramscope view capture.jsonl.gz --retarget lavapipe --retarget mobile-tiler   # will it fit there?\n  vramscope view retarget-result.json       # a saved `retarget --json` result, with its capture\n  vramscope view stats_startup.json stats_resize1.json stats_final.json   # what grew from dump to dump\n\nExit code: 0 after Ctrl-C, 1 when the input could not be read or the port is taken.',
    )
    .action(
      action(async (inputs: string[], opts: { port: string; recent: string; placement: boolean; retarget: string[]; systems?: string; budgets?: string }) => {
        const input = inputs[inputs.length - 1]!;
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`view: --port wants 0–65535, not '${opts.port}'`);
        const recent = Number(opts.recent);
        if (!Number.isInteger(recent) || recent < 0) throw new UsageError(`view: --recent wants a whole number, not '${opts.recent}'`);
        const { resolveTarget } = await import('../../node/retarget-devices.js');
        const retargetTo = opts.retarget.map((d) => {
          try {
            return resolveTarget(d);
          } catch (e) {
            throw new UsageError(`view: --retarget: ${(e as Error).message}`);
          }
        });
        const { serveViewer } = await import('../../node/serve.js');
        let server: Awaited<ReturnType<typeof serveViewer>>;
        try {
          const { progressDrawer } = await import('../progress.js');
          server = await serveViewer(input, {
            onProgress: progressDrawer(),
            port,
            recentDestroyed: recent,
            simulatePlacement: opts.placement,
            compare: inputs.slice(0, -1),
            retargetTo,
            systemsFile: opts.systems,
            budgetsFile: opts.budgets,
          });
        } catch (e) {
          // Rules and budgets files are flags: their problems are usage errors, not unreadable input.
          if ((e as Error).name === 'ConfigFileError') throw new UsageError((e as Error).message);
          if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
            process.stderr.write(`vramscope: error: port ${port} on 127.0.0.1 is taken; pick another with --port, or --port 0 for any free one\n`);
            return ExitCode.ERROR;
          }
          throw e;
        }
        process.stdout.write(`vramscope viewer for ${input}: ${server.url}\n(Ctrl-C to stop)\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            void server.close().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
}
