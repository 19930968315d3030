// GFXReconstruct captures: gfxrecon-convert's JSON Lines (`.jsonl`, `.jsonl.gz`, streamed line by
// line), or a binary `.gfxr`, which is converted on the fly when gfxrecon-convert is installed.

import { SourceError } from '../../model/diagnostics.js';
import type { Reader } from '../reader.js';
import { forEachLine, type Source } from '../source.js';
import { GFXR_TRAITS, GfxrInterpreter } from './interpreter.js';

const JSONL_HEADER = '{"header":{"source-path"';

/** Binary capture files start with the bytes `GFXR`. */
export function isGfxrBinary(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x47 && head[1] === 0x46 && head[2] === 0x58 && head[3] === 0x52;
}

function startsWithText(head: Uint8Array, text: string): boolean {
  if (head.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (head[i] !== text.charCodeAt(i)) return false;
  return true;
}

export const gfxrReader: Reader = {
  id: 'gfxr',
  traits: GFXR_TRAITS,
  description: 'a GFXReconstruct capture (.gfxr, or gfxrecon-convert JSON Lines .jsonl/.jsonl.gz)',
  sniff(name, head) {
    if (isGfxrBinary(head) || startsWithText(head, JSONL_HEADER)) return true;
    // A JSONL cut before its header, or written with --file-per-frame: recognise the record shape.
    return /\.jsonl(\.gz)?$/i.test(name) && startsWithText(head, '{"index":');
  },
  async read(src, sink, diag, opts) {
    let input: Source = src;
    let first: Uint8Array | undefined;
    for await (const chunk of src.chunks()) {
      first = chunk;
      break;
    }
    let cleanup: (() => void) | undefined;
    if (first && isGfxrBinary(first)) {
      // The converter needs a file and a process: the Node layer passes one in; a browser has none.
      if (!opts?.convertGfxr)
        throw new SourceError(
          `${src.name} is a binary GFXReconstruct capture and gfxrecon-convert cannot run here. Convert it first (gfxrecon-convert --output capture.jsonl ${src.name}) or open it with \`vramscope view\``,
          { file: src.name },
        );
      const converted = await opts.convertGfxr(src, opts.onProgress);
      input = converted.source;
      cleanup = converted.cleanup;
    }
    try {
      const interp = new GfxrInterpreter(sink, diag, src.name);
      const stats = await forEachLine(input, (buf, s, e, line) => interp.line(buf, s, e, line), input === src ? opts?.onProgress : undefined);
      const complete = interp.finish(stats.endedWithNewline);
      sink.end?.({ lines: stats.lines, bytes: stats.bytes, complete, lastLine: interp.lastGoodLine });
    } finally {
      cleanup?.();
    }
  },
};
