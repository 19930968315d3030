// The viewer's local server: 127.0.0.1 only, two read-only routes (the page with the bundle inlined,
// and the bundle as JSON), built once at start. Nothing else on disk is reachable through it.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildBundle } from './bundle.js';
import { bundleJson, renderHtml } from './html.js';

export interface ViewerServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveViewer(input: string, opts: Parameters<typeof buildBundle>[1] & { port?: number } = {}): Promise<ViewerServer> {
  const bundle = await buildBundle(input, opts);
  const page = renderHtml(bundle);
  const json = bundleJson(bundle);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    if (path === '/' || path === '/index.html') res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page);
    else if (path === '/bundle.json') res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(json);
    else res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7878, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
