import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { CONFIG_EXAMPLE_PATH, CONFIG_EXAMPLE_REGENERATE, renderConfigExample } from './config-example.js';
import { ConfigSchema } from './config.schema.js';
import { envVarsOf } from './env-var.decorator.js';
import { loadConfig } from './config.loader.js';

const examplePath = fileURLToPath(new URL(`../../${CONFIG_EXAMPLE_PATH}`, import.meta.url));

describe(renderConfigExample.name, () => {
  const sut = renderConfigExample();

  it('lists every variable once with its doc line and default', () => {
    for (const [name, spec] of envVarsOf(ConfigSchema)) {
      const at = sut.indexOf(`\n# ${name}=${spec.default ?? ''}\n`);
      expect(at).toBeGreaterThan(0);
      expect(sut.indexOf(`\n# ${name}=`, at + 1)).toBe(-1);
      const docLine = sut.slice(0, at).split('\n').at(-1);
      expect(docLine?.startsWith(`# ${spec.doc}`)).toBe(true);
    }
  });

  it('names the flag of the variables that have one', () => {
    expect(sut).toContain('# HTTP port (0 picks a free port) [flag --port]\n# K8S_MCP_PORT=8766\n');
    expect(sut).toContain('[flag --read-only]\n# K8S_READ_ONLY=false\n');
  });

  it('changes nothing when copied to .env as it is', () => {
    expect(parseDotenv(sut)).toEqual({});
  });

  it('loads, uncommented, to exactly the defaults', () => {
    // Variables without a default stay commented: uncommented they would be set, to empty.
    const uncommented = sut.replace(/^# ([A-Z][A-Z0-9_]*)=/gm, (line, name: string) =>
      envVarsOf(ConfigSchema).get(name)?.default === undefined ? line : `${name}=`,
    );
    const fromExample = parseDotenv(uncommented);
    const config = loadConfig({ env: fromExample, cwd: '/nonexistent' });
    const defaults = loadConfig({ env: {}, cwd: '/nonexistent' });
    for (const name of envVarsOf(ConfigSchema).keys()) {
      expect([name, config[name as keyof typeof config]]).toEqual([
        name,
        defaults[name as keyof typeof defaults],
      ]);
    }
  });

  it(`matches ${CONFIG_EXAMPLE_PATH} (regenerate with: ${CONFIG_EXAMPLE_REGENERATE})`, () => {
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(examplePath, sut);
    let committed: string;
    try {
      committed = readFileSync(examplePath, 'utf8');
    } catch {
      committed = '';
    }
    if (committed !== sut) {
      throw new Error(
        `${CONFIG_EXAMPLE_PATH} is out of date with src/config/config.schema.ts; regenerate it with:\n  ${CONFIG_EXAMPLE_REGENERATE}`,
      );
    }
  });
});
