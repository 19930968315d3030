// The self-contained HTML report page: the built viewer (dist/viewer/index.html, scripts and styles
// already inlined by the web build) with the bundle inlined as a JSON script element. Opens from
// disk with no server. The JSON is escaped so no name can close the script element. The page text
// comes from the caller (src/node/html.ts reads it from disk).

import type { ViewerBundle } from '../../engines/bundle/types.js';
import { escapeHtml } from '../escape.js';
/** JSON safe inside a <script> element: `<` (and the JS line separators) as escapes. */
export function bundleJson(bundle: ViewerBundle): string {
  return JSON.stringify(bundle, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const BUNDLE_ELEMENT_ID = 'vramscope-bundle';

/** The page with the bundle inlined before </head>, and the title set (escaped) to the input's name. */
export function renderHtml(bundle: ViewerBundle, page: string): string {
  const data = `<script type="application/json" id="${BUNDLE_ELEMENT_ID}">${bundleJson(bundle)}</script>`;
  const title = `<title>${escapeHtml(bundle.input.name)} — vramscope</title>`;
  const at = page.indexOf('</head>');
  if (at < 0) throw new Error('viewer page has no </head>');
  const withTitle = page.slice(0, at).replace(/<title>[^<]*<\/title>/, () => title);
  // Function replacers: a `$&` in the data must stay literal.
  return withTitle + data + page.slice(at);
}

export { escapeHtml } from '../escape.js';
