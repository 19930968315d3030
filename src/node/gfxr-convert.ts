// Runs gfxrecon-convert on a binary .gfxr and streams its JSON Lines back as a Source. The converter
// reads only files, so the capture is first copied to a private temporary folder (already-decompressed
// bytes; captures are read once). Its warnings arrive on stdout between the records, where the
// interpreter turns them into diagnostics.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { SourceError } from '../model/diagnostics.js';
import type { Source } from '../formats/source.js';

/** The converter binary: $VRAMSCOPE_GFXRECON_CONVERT, else `gfxrecon-convert` on PATH. */
export function converterPath(): string {
  return process.env.VRAMSCOPE_GFXRECON_CONVERT || 'gfxrecon-convert';
}

export async function convertGfxr(src: Source, onStored?: (n: number) => void): Promise<{ source: Source; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-gfxr-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const file = join(dir, 'capture.gfxr');
    const out = createWriteStream(file);
    for await (const chunk of src.chunks(onStored)) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const exe = converterPath();
    const source: Source = {
      name: src.name,
      async *chunks() {
        const child = spawn(exe, ['--output', 'stdout', file], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          if (stderr.length < 4000) stderr += d.toString();
        });
        const exited = new Promise<number | null>((resolve, reject) => {
          child.on('error', (e: NodeJS.ErrnoException) =>
            reject(
              e.code === 'ENOENT'
                ? new SourceError(
                    `${src.name} is a binary GFXReconstruct capture; reading it needs gfxrecon-convert (Debian/Ubuntu package "gfxreconstruct", or set VRAMSCOPE_GFXRECON_CONVERT), which was not found. Or convert it yourself and pass the JSON Lines: gfxrecon-convert --output capture.jsonl capture.gfxr`,
                    { file: src.name },
                  )
                : new SourceError(`cannot run ${exe}: ${e.message}`, { file: src.name }),
            ),
          );
          child.on('close', resolve);
        });
        exited.catch(() => undefined); // surfaced below, after stdout ends
        for await (const chunk of child.stdout) yield chunk as Buffer;
        const code = await exited;
        if (code !== 0) {
          throw new SourceError(`gfxrecon-convert failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' / ') || 'no message'}`, {
            file: src.name,
          });
        }
      },
    };
    return { source, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
