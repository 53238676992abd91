// The Dockerfile and the chart must agree on the entrypoint, the UID and the port; the image is not
// built in CI (no container engine), so these facts are checked by reading the Dockerfile.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigSchema } from '../../src/config/config.schema.js';
import { envVarsOf } from '../../src/config/env-var.decorator.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** One instruction of a Dockerfile: the keyword and its arguments (continuations joined). */
interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** A build stage: its base image, its name and its instructions after FROM. */
interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** Parses a Dockerfile into stages (comments dropped, backslash continuations joined). */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!m) throw new Error(`unparsable FROM: ${line}`);
      stages.push({ from: m[1], name: m[2], instructions: [] });
    } else {
      if (!stages.length) throw new Error(`instruction before FROM: ${line}`);
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** Sources and destination of a COPY, with its --from stage if any. */
function copyOf(args: string): { from: string | undefined; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

interface ChartValues {
  podSecurityContext: { runAsUser: number; runAsGroup: number; runAsNonRoot: boolean };
  config: { K8S_MCP_PORT: number };
  service: { port: number };
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages.at(-1)!;
  const build = stages.find((s) => s.name === 'build')!;
  const values = parse(readFileSync(join(ROOT, 'helm/k8s-mcp/values.yaml'), 'utf8')) as ChartValues;
  const last = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
  const buildConfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
    compilerOptions: { rootDir: string; outDir: string };
  };

  it('has a build stage and a runtime stage on the same pinned Node 24 slim image', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const s of stages) {
      expect(s.from).toMatch(/^node:24\.\d+\.\d+-slim$/);
      expect(s.from).not.toContain('@sha256');
    }
    expect(runtime.from).toBe(build.from);
  });

  it('runs dist/main.js with node in the runtime stage', () => {
    expect(JSON.parse(last('ENTRYPOINT')!)).toEqual(['node', 'dist/main.js']);
    expect(runtime.instructions.some((i) => i.keyword === 'CMD')).toBe(false);
    expect(runtime.instructions.some((i) => i.keyword === 'HEALTHCHECK')).toBe(false);
  });

  it('installs production dependencies only in the runtime stage', () => {
    const runs = runtime.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true);
  });

  it("runs as the chart's fixed non-root UID and GID", () => {
    const [uid, gid] = last('USER')!.split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(uid).toBe(values.podSecurityContext.runAsUser);
    expect(gid).toBe(values.podSecurityContext.runAsGroup);
    expect(values.podSecurityContext.runAsNonRoot).toBe(true);
  });

  it("exposes one port: the chart's container port and the default K8S_MCP_PORT", () => {
    const exposed = runtime.instructions.filter((i) => i.keyword === 'EXPOSE').map((i) => i.args);
    expect(exposed).toEqual([String(envVarsOf(ConfigSchema).get('K8S_MCP_PORT')!.default)]);
    expect(Number(exposed[0])).toBe(values.config.K8S_MCP_PORT);
    expect(Number(exposed[0])).toBe(values.service.port);
  });

  it('copies only paths that exist in the repository or in the build output', () => {
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => copyOf(i.args));
    const fromBuild = copies.filter((c) => c.from === 'build').flatMap((c) => c.sources);
    const fromContext = copies.filter((c) => c.from === undefined).flatMap((c) => c.sources);
    // dist/ is tsc's outDir for src/ (tsconfig.build.json); the entrypoint's source must exist.
    expect(fromBuild).toEqual([`/app/${buildConfig.compilerOptions.outDir}`]);
    expect(existsSync(join(ROOT, buildConfig.compilerOptions.rootDir, 'main.ts'))).toBe(true);
    expect(fromContext).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'bin']));
    for (const path of [
      ...fromContext,
      ...build.instructions.filter((i) => i.keyword === 'COPY').flatMap((i) => copyOf(i.args).sources),
    ]) {
      expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
    }
    expect(existsSync(join(ROOT, 'bin/k8s-mcp.js'))).toBe(true);
  });

  it('keeps every copied path in the build context (.dockerignore)', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const copied = stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => copyOf(i.args).sources);
    for (const path of copied) expect(allowed).toContain(path);
  });
});
