import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/**
 * The layers of src/, bottom first (docs/architecture.md). A file may import its own layer and any
 * layer below it; `config` and `common` share the bottom rank, `graph` and `timeline` (both built
 * from the informers' events) share one. Files directly in src/ are "entry".
 */
export const LAYERS = [
  ['config', 'common'],
  ['security'],
  ['k8s'],
  ['sync'],
  ['graph', 'timeline'],
  ['summary'],
  ['contexts'],
  ['mcp'],
  ['monitoring'],
  ['ui'],
  ['entry'],
] as const;

/** A relative import of one source file. */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** The layer a file under src/ belongs to. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  return parts.length === 2 ? 'entry' : parts[1];
}

/** The rank of a layer in LAYERS (lower is further down); -1 for an unknown folder. */
export function rankOf(layer: string): number {
  return LAYERS.findIndex((group) => (group as readonly string[]).includes(layer));
}

/** Whether `from` may import `to` under the order. */
export function allowed(edge: ImportEdge): boolean {
  const a = rankOf(layerOf(edge.from));
  const b = rankOf(layerOf(edge.to));
  return a >= 0 && b >= 0 && b <= a;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// Static imports and re-exports (type-only ones too: they are arrows of the design all the same),
// side-effect imports and dynamic import() of a relative path.
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every relative import between the production files of `root` (spec files left out). */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const path of sourceFiles(root)) {
    const text = readFileSync(path, 'utf8');
    const from = relative(join(root, '..'), path).split(sep).join('/');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      const target = normalize(join(dirname(path), spec)).replace(/\.js$/, '.ts');
      edges.push({ from, to: relative(join(root, '..'), target).split(sep).join('/') });
    }
  }
  return edges;
}

/** The strongly connected components with more than one file (Tarjan): each is an import cycle. */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return found;
}
