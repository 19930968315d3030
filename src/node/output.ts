// An output file that exists only when the command that writes it succeeds: opened at once (so
// the pipeline streams into it), removed again if the command fails or the process is signalled,
// so no empty or half-written file is left for a CI step to pick up. `-` is standard output.

import { closeSync, openSync, rmSync } from 'node:fs';
import { onCleanup } from './cleanup.js';

export interface OutputFile {
  readonly fd: number;
  /** The command succeeded: close and keep the file. */
  keep(): void;
  /** The command failed: close and remove the file (also what a signal does). */
  discard(): void;
}

export function openOutput(path: string): OutputFile {
  if (path === '-') return { fd: 1, keep() {}, discard() {} };
  const fd = openSync(path, 'w');
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const undo = onCleanup(() => {
    close();
    rmSync(path, { force: true });
  });
  return {
    fd,
    keep() {
      close();
      undo.cancel();
    },
    discard: undo.now,
  };
}
