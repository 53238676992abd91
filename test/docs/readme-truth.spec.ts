// The README is what a newcomer trusts first: the statements it makes about the code are checked
// against the code, so a renamed layer, a dead link or a setting that no longer exists fails here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../../src/config/config.schema.js';
import { envVarsOf } from '../../src/config/env-var.decorator.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  license: string;
  scripts: Record<string, string>;
};

describe('README.md', () => {
  it('names every folder under src/ in its layout line, and no other', () => {
    const layout = /Layout: one folder per layer under `src\/` \(([^)]*)\)/.exec(readme);
    expect(layout).not.toBeNull();
    const named = [...layout![1].matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    const folders = readdirSync(join(ROOT, 'src'))
      .filter((f) => statSync(join(ROOT, 'src', f)).isDirectory())
      .sort();
    expect(named).toEqual(folders);
  });

  it('links only files that exist', () => {
    const links = [...readme.matchAll(/\]\((?!https?:|#)([^)#]+)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((l) => !existsSync(join(ROOT, l)))).toEqual([]);
  });

  it('runs only npm scripts that exist', () => {
    const used = [...readme.matchAll(/npm run ([a-z0-9:]+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(3);
    expect([...new Set(used)].filter((s) => !(s in pkg.scripts))).toEqual([]);
  });

  it('passes test paths as --testPathPatterns (jest ignores positional paths in this setup)', () => {
    expect(readme).not.toMatch(/npm run test:(unit|e2e) -- (?!-)/);
  });

  it('mentions only settings the configuration schema knows', () => {
    const known = new Set(envVarsOf(ConfigSchema).keys());
    // Variables of the test and bench harnesses, not of the server.
    const harness = /^K8S_MCP_(TEST|BENCH|INTEROP)_/;
    const mentioned = [
      ...readme.matchAll(/\b((?:K8S|HEALTH|LOG|MAX|SYNC|ALERT|ENABLE|GRAPH|SUMMARY|PERF)_[A-Z0-9_]+)\b/g),
    ]
      .map((m) => m[1])
      .filter((v) => !harness.test(v));
    expect(mentioned.length).toBeGreaterThan(3);
    expect([...new Set(mentioned)].filter((v) => !known.has(v))).toEqual([]);
  });

  it('ships the license package.json declares', () => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
  });
});
