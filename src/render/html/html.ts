// The self-contained HTML report: the built viewer (dist/viewer/index.html, scripts and styles
// already inlined by the web build) with the bundle inlined as a JSON script element. Opens from
// disk with no server. The JSON is escaped so no name can close the script element.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ViewerBundle } from './bundle-types.js';

/** Where `npm run build` puts the viewer page (the same path from src/ under tsx and from dist/). */
export const viewerPage = fileURLToPath(new URL('../../../dist/viewer/index.html', import.meta.url));

export function loadViewerPage(): string {
  if (!existsSync(viewerPage)) throw new Error(`the web viewer is not built (${viewerPage} is missing): run npm run build`);
  return readFileSync(viewerPage, 'utf8');
}

/** JSON safe inside a <script> element: `<` (and the JS line separators) as escapes. */
export function bundleJson(bundle: ViewerBundle): string {
  return JSON.stringify(bundle, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const BUNDLE_ELEMENT_ID = 'vramscope-bundle';

/** The page with the bundle inlined before </head>, and the title set (escaped) to the input's name. */
export function renderHtml(bundle: ViewerBundle, page = loadViewerPage()): string {
  const data = `<script type="application/json" id="${BUNDLE_ELEMENT_ID}">${bundleJson(bundle)}</script>`;
  const title = `<title>${escapeHtml(bundle.input.name)} — vramscope</title>`;
  const at = page.indexOf('</head>');
  if (at < 0) throw new Error('viewer page has no </head>');
  const withTitle = page.slice(0, at).replace(/<title>[^<]*<\/title>/, () => title);
  // Function replacers: a `$&` in the data must stay literal.
  return withTitle + data + page.slice(at);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
