// Messages between the page and the reading workers (worker.ts). Two workers read a dropped file at
// once: `place` runs the VMA placement model and streams what it chose over `port` to `build`, which
// builds the bundle and answers the page (engines/bundle/placement-feed.ts says why).

import type { ViewerBundle } from '../../src/engines/bundle/types';

export interface WorkerRequest {
  readonly file: File;
  readonly role: 'place' | 'build';
  /** The channel between the two workers; absent when the file is small and `build` works alone. */
  readonly port?: MessagePort;
}

export type WorkerReply =
  | { readonly type: 'progress'; readonly bytes: number; readonly total: number }
  | { readonly type: 'bundle'; readonly bundle: ViewerBundle }
  | { readonly type: 'error'; readonly message: string };
