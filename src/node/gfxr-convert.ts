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
import { onCleanup } from './cleanup.js';
import type { Source } from '../formats/source.js';

/**
 * How long the converter may run, in seconds: $VRAMSCOPE_GFXRECON_TIMEOUT, else 600. A corrupted
 * capture can make gfxrecon-convert spin forever at full CPU; past this it is killed and the read
 * fails with a message that says so.
 */
export function converterTimeoutMs(): number {
  const s = Number(process.env.VRAMSCOPE_GFXRECON_TIMEOUT);
  return (Number.isFinite(s) && s > 0 ? s : 600) * 1000;
}

/** "exit 3", or the signal that ended the converter ("SIGABRT (it crashed)"). */
function howItEnded(code: number | null, signal: NodeJS.Signals | null, timedOut: boolean): string {
  if (timedOut) return `killed after ${converterTimeoutMs() / 1000} s without finishing (set VRAMSCOPE_GFXRECON_TIMEOUT to allow longer)`;
  if (signal)
    return `killed by ${signal}${signal === 'SIGABRT' || signal === 'SIGSEGV' ? ' (it crashed: newer captures can abort gfxrecon-convert; try a newer gfxreconstruct)' : ''}`;
  return `exit ${code}`;
}

/** The converter binary: $VRAMSCOPE_GFXRECON_CONVERT, else `gfxrecon-convert` on PATH. */
export function converterPath(): string {
  return process.env.VRAMSCOPE_GFXRECON_CONVERT || 'gfxrecon-convert';
}

export async function convertGfxr(src: Source, onStored?: (n: number) => void): Promise<{ source: Source; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-gfxr-'));
  // The temporary copy goes whether the read ends, fails, or the process is signalled.
  const cleanup = onCleanup(() => rmSync(dir, { recursive: true, force: true })).now;
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
        // The converter dies with us (signals reach src/cli/process.ts, which runs the cleanups) and
        // within its time limit.
        const killChild = onCleanup(() => child.kill('SIGKILL'));
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, converterTimeoutMs());
        timer.unref();
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          if (stderr.length < 4000) stderr += d.toString();
        });
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
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
          child.on('close', (code, signal) => {
            clearTimeout(timer);
            killChild.cancel();
            resolve({ code, signal });
          });
        });
        exited.catch(() => undefined); // surfaced below, after stdout ends
        for await (const chunk of child.stdout) yield chunk as Buffer;
        const { code, signal } = await exited;
        if (code !== 0 || signal || timedOut) {
          throw new SourceError(
            `gfxrecon-convert failed (${howItEnded(code, signal, timedOut)}): ${stderr.trim().split('\n').slice(-3).join(' / ') || 'no message'}`,
            { file: src.name },
          );
        }
      },
    };
    return { source, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
