import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's files, by the name the page asks for, with their media type. */
export const UI_ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'cytoscape.esm.min.mjs': 'text/javascript; charset=utf-8',
};

/** The cytoscape build the graph page imports (an ES module, served as it ships). */
export const CYTOSCAPE_FILE = 'node_modules/cytoscape/dist/cytoscape.esm.min.mjs';

/**
 * Where the page's files are: `page/` next to this module — src/ui/page when run from the
 * sources (tests), dist/ui/page after `npm run build` (scripts/build-ui.mjs copies them, cytoscape
 * included). Outside dist, cytoscape is read from the nearest node_modules.
 */
export function assetPath(name: string, here = dirname(fileURLToPath(import.meta.url))): string | undefined {
  if (!(name in UI_ASSETS)) return undefined;
  const local = join(here, 'page', name);
  if (existsSync(local)) return local;
  if (name !== 'cytoscape.esm.min.mjs') return undefined;
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, CYTOSCAPE_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Loaded once per process: the files are small and never change while the server runs. */
const cache = new Map<string, Buffer | undefined>();

export function readAsset(name: string): Buffer | undefined {
  if (!cache.has(name)) {
    const path = assetPath(name);
    cache.set(name, path ? readFileSync(path) : undefined);
  }
  return cache.get(name);
}

/**
 * The page's Content-Security-Policy: its own scripts, styles, images and API only; no inline
 * script or style element, no frames, no form posts, no plugins.
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
