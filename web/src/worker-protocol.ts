// Messages between the page and the reading worker (worker.ts).

import type { ViewerBundle } from '../../src/engines/bundle/types';

export interface WorkerRequest {
  readonly file: File;
}

export type WorkerReply =
  | { readonly type: 'progress'; readonly bytes: number; readonly total: number }
  | { readonly type: 'bundle'; readonly bundle: ViewerBundle }
  | { readonly type: 'error'; readonly message: string };
