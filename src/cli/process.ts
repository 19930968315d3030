// How the CLI process ends when the world around it does: a closed pipe (`vramscope … | head`)
// ends the command quietly with 141, as a writer killed by SIGPIPE would; SIGINT and SIGTERM run the
// cleanups (kill gfxrecon-convert, remove temporary copies and half-written outputs) and exit with
// 128 + the signal number.

import { runCleanups } from '../node/cleanup.js';

const SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
];

export function installProcessGuards(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      runCleanups();
      process.exit(e.code === 'EPIPE' ? 141 : 1);
    });
  }
  for (const [signal, n] of SIGNALS) {
    process.once(signal, () => {
      runCleanups();
      process.exit(128 + n);
    });
  }
}
