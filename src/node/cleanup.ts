// Work that must be undone however the process ends: child processes to kill, temporary folders
// and half-written outputs to remove. Code that starts such work registers an undo here; the CLI
// runs them all when a signal arrives (src/cli/process.ts), and each owner runs or cancels its own.

export interface Undo {
  /** Runs the undo now (once) and forgets it. */
  now(): void;
  /** Forgets the undo without running it (the work ended well). */
  cancel(): void;
}

const pending = new Set<() => void>();

export function onCleanup(undo: () => void): Undo {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    pending.delete(run);
    try {
      undo();
    } catch {
      // Best effort: the process is ending anyway.
    }
  };
  pending.add(run);
  return {
    now: run,
    cancel() {
      done = true;
      pending.delete(run);
    },
  };
}

/** Runs every registered undo (on SIGINT, SIGTERM, a closed pipe). */
export function runCleanups(): void {
  for (const run of [...pending]) run();
}
