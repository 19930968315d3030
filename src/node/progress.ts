// Progress of long work as events: a pipeline says which stage it is in and how many stored bytes
// of how many it has consumed; whoever runs it decides how to show that (the CLI draws a bar on a
// terminal, src/cli/progress.ts; a server or a test may log or ignore it).

export interface ProgressEvent {
  /** What is being done, in words: "reading", "replaying", "frames". */
  readonly stage: string;
  /** Stored (on-disk) bytes consumed so far. */
  readonly bytes: number;
  /** Stored bytes in all, when known. */
  readonly total: number | undefined;
  /** True once, when the stage ends. */
  readonly done: boolean;
}

export type ProgressListener = (e: ProgressEvent) => void;

/** A byte counter for one stage that reports to `listener` (nothing when there is none). */
export function stageProgress(
  listener: ProgressListener | undefined,
  stage: string,
  total: number | undefined,
): { update?: (bytes: number) => void; done: () => void } {
  if (!listener) return { done() {} };
  let last = 0;
  return {
    update(bytes) {
      last = bytes;
      listener({ stage, bytes, total, done: false });
    },
    done() {
      listener({ stage, bytes: last, total, done: true });
    },
  };
}
