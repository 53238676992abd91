// Copies the web console's page into dist/ui/page (part of `npm run build`). No bundler: the page
// is one ES module the browser loads as it is, plus cytoscape's own minified ES module build
// (imported only when the graph page opens); bundling would add a dependency and a step and save
// nothing the browser does not already do with two requests.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src/ui/page');
const to = join(root, 'dist/ui/page');
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) copyFileSync(join(from, name), join(to, name));
copyFileSync(
  join(root, 'node_modules/cytoscape/dist/cytoscape.esm.min.mjs'),
  join(to, 'cytoscape.esm.min.mjs'),
);
