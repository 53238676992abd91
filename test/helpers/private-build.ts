// Builds the server once per test file into a private folder, so suites that spawn `dist/main.js`
// do not race with each other or with a developer's own `npm run build`.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
// Inside node_modules so the build resolves the project's dependencies like dist/ does.
export const CACHE = join(REPO, 'node_modules', '.cache');

export interface PrivateBuild {
  /** Path of the built main.js. */
  readonly mainJs: string;
  /** The package's bin (bin/k8s-mcp.js) next to that build, as `npm install -g` would run it. */
  readonly binJs: string;
  remove(): void;
}

/** Transpiles src/ (type checking is `npm run typecheck`'s job) and returns the entry point. */
export function buildServer(): PrivateBuild {
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(join(CACHE, 'k8s-mcp-build-'));
  const tsc = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(REPO, 'tsconfig.build.json'),
      '--noCheck',
      '--outDir',
      join(dir, 'dist'),
    ],
    { encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`build failed:\n${tsc.stdout}${tsc.stderr}`);
  // main.js reads ../package.json for --version, and Node needs its "type": "module".
  copyFileSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  const mainJs = join(dir, 'dist', 'main.js');
  if (!existsSync(mainJs)) throw new Error(`build produced no ${mainJs}`);
  mkdirSync(join(dir, 'bin'));
  const binJs = join(dir, 'bin', 'k8s-mcp.js');
  copyFileSync(join(REPO, 'bin', 'k8s-mcp.js'), binJs);
  chmodSync(binJs, 0o755);
  return { mainJs, binJs, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
