// Reading an input in the browser: the same readers and bundle builder the CLI uses (they never
// touch a file system), fed from a dropped or chosen file. Runs on the page's thread: the page says
// it is busy first, and a 146 MB recording takes seconds, as in the CLI.

import { bytesSource } from '../../src/formats/source';
import { bundleFromSource, sourceHead } from '../../src/engines/bundle/source';
import type { Bundle } from './model';

export async function bundleFromFile(file: File): Promise<Bundle> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const src = bytesSource(file.name, bytes);
  const { bundle } = await bundleFromSource(src, await sourceHead(src));
  return bundle;
}
