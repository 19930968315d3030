// The built viewer page on disk (Node): where `npm run build` puts it, and the report page built
// from it.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ViewerBundle } from '../engines/bundle/types.js';
import { renderHtml as renderPage } from '../views/html/page.js';

export { bundleJson, escapeHtml, BUNDLE_ELEMENT_ID } from '../views/html/page.js';

/** Where `npm run build` puts the viewer page (the same path from src/ under tsx and from dist/). */
export const viewerPage = fileURLToPath(new URL('../../dist/viewer/index.html', import.meta.url));

export function loadViewerPage(): string {
  if (!existsSync(viewerPage)) throw new Error(`the web viewer is not built (${viewerPage} is missing): run npm run build`);
  return readFileSync(viewerPage, 'utf8');
}

/** The viewer page (the built one unless given) with the bundle inlined. */
export function renderHtml(bundle: ViewerBundle, page = loadViewerPage()): string {
  return renderPage(bundle, page);
}
