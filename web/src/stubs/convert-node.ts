// In the browser there is no gfxrecon-convert to run: a binary .gfxr must be converted first.
import { SourceError } from '../../../src/model/diagnostics';
import type { Source } from '../../../src/formats/source';

export async function convertGfxr(src: Source): Promise<never> {
  throw new SourceError(
    `${src.name} is a binary GFXReconstruct capture; the browser cannot run gfxrecon-convert. Convert it first (gfxrecon-convert --format=jsonl) or open it with \`vramscope view\``,
  );
}
