// The viewer's local server: 127.0.0.1 only, two read-only routes (the page with the bundle inlined,
// and the bundle as JSON), built once at start. Nothing else on disk is reachable through it.
//
// The data is the user's: a web page they visit must not read it. So the routes live under a random
// token that only the printed URL carries (another origin cannot guess it), the Host header must
// name this server (a DNS-rebinding page sends its own name: 421), and the page may not be framed
// (frame-ancestors 'none', X-Frame-Options: DENY).

import { randomBytes } from 'node:crypto';
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
  const token = randomBytes(16).toString('hex');
  let port = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = {
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
    };
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { ...headers, 'content-type': 'text/plain' }).end('this server answers only to 127.0.0.1 and localhost\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const base = `/${token}/`;
    if (!path.startsWith(base)) {
      res.writeHead(403, { ...headers, 'content-type': 'text/plain' }).end('open the URL vramscope printed (it carries an access token)\n');
      return;
    }
    const rest = path.slice(base.length);
    if (rest === '' || rest === 'index.html') res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page);
    else if (rest === 'bundle.json') res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(json);
    else res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 7878, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
