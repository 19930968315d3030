// The viewer build: one HTML page with its script and styles inlined (so `report --html` can add
// the data and the file opens from disk), written to dist/viewer/ beside the compiled library.
// The page gets a Content-Security-Policy that allows only its own script, by hash: even if a name
// ever reached the DOM as markup, an inline handler like onerror would not run.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

function inlineEverything(): Plugin {
  return {
    name: 'vramscope-inline',
    enforce: 'post',
    generateBundle(_opts, bundle) {
      const html = Object.values(bundle).find((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
      if (html?.type !== 'asset') return;
      let page = String(html.source);
      let scriptHash = '';
      for (const [name, f] of Object.entries(bundle)) {
        if (f.type === 'chunk' && f.isEntry) {
          // With code splitting off, a dynamic import keeps Vite's preload placeholder: there is
          // nothing to preload, so it becomes `void 0`.
          const code = f.code.replace(/__VITE_PRELOAD__/g, 'void 0').replace(/<\/script/gi, '<\\/script');
          scriptHash = createHash('sha256').update(code).digest('base64');
          page = page.replace(new RegExp(`<script[^>]*src="[^"]*${escapeRe(name)}"[^>]*></script>`), () => `<script type="module">${code}</script>`);
          delete bundle[name];
        } else if (f.type === 'asset' && name.endsWith('.css')) {
          page = page.replace(new RegExp(`<link[^>]*href="[^"]*${escapeRe(name)}"[^>]*>`), () => `<style>${String(f.source)}</style>`);
          delete bundle[name];
        }
      }
      const csp = `default-src 'none'; script-src 'sha256-${scriptHash}'; worker-src blob:; style-src 'unsafe-inline'; img-src data:; connect-src 'self'`;
      page = page.replace('<meta charset="utf-8">', () => `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${csp}">`);
      html.source = page.replace(/^(<!doctype html>\n?)/i, (m) => `${m}${noticesComment()}\n`);
    },
  };
}

/** The licences of what the page inlines (uPlot, fflate) and vramscope's own, as the MIT licence asks. */
function noticesComment(): string {
  const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8').trim();
  const parts = [
    ['vramscope', read('../LICENSE')],
    ['uPlot (inlined chart library)', read('../node_modules/uplot/LICENSE')],
    ['fflate (inlined gzip)', read('../node_modules/fflate/LICENSE')],
  ];
  const text = parts.map(([name, licence]) => `== ${name} ==\n${licence}`).join('\n\n');
  return `<!--\nThird-party notices (see THIRD_PARTY_NOTICES.md in the vramscope package)\n\n${text.replace(/--/g, '- -')}\n-->`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  plugins: [inlineEverything()],
  build: {
    outDir: '../dist/viewer',
    emptyOutDir: true,
    assetsInlineLimit: 100_000_000,
    cssCodeSplit: false,
    modulePreload: false,
    target: 'es2022',
    rolldownOptions: { output: { codeSplitting: false } },
  },
});
