// The chart's `config` values map one-to-one to the server's configuration variables (STYLE.md
// rule 15): a variable added to the schema without a chart value (or the reverse) fails here.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ConfigSchema } from '../../src/config/config.schema.js';
import { envVarsOf } from '../../src/config/env-var.decorator.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const CHART = join(ROOT, 'helm/k8s-mcp');

/** Values whose chart default differs from the server's on purpose: what a pod needs. */
const POD_DEFAULTS: Record<string, unknown> = {
  K8S_MCP_HOST: '0.0.0.0',
  LOG_DIR: '',
  K8S_AUDIT_LOG_PATH: '/var/log/k8s-mcp/audit.log',
  // A team service is read-only until writes are opted into.
  K8S_READ_ONLY: true,
};

/** The chart value a server default (as written in a .env file) corresponds to. */
function chartForm(kind: string, raw: string | undefined): unknown {
  if (raw === undefined) return '';
  switch (kind) {
    case 'int':
    case 'number':
      return Number(raw);
    case 'boolean':
      return raw === 'true';
    case 'list':
      return raw === '' ? [] : raw.split(',');
    default:
      return raw;
  }
}

describe('chart values', () => {
  const specs = envVarsOf(ConfigSchema);
  const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as {
    config: Record<string, unknown>;
  };
  const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as {
    properties: { config: { properties: Record<string, { type: string; description: string }> } };
  };

  it('has one config value per configuration variable, in the schema order', () => {
    expect(Object.keys(values.config)).toEqual([...specs.keys()]);
  });

  it('describes every config value in values.schema.json with the type of its variable', () => {
    const props = schema.properties.config.properties;
    expect(Object.keys(props).sort()).toEqual([...specs.keys()].sort());
    const types = { string: 'string', int: 'integer', number: 'number', boolean: 'boolean', list: 'array' };
    for (const [name, spec] of specs) {
      expect({ name, type: props[name].type }).toEqual({ name, type: types[spec.kind] });
      expect(props[name].description).toContain(spec.doc);
    }
  });

  it("defaults every value to the server's default except where a pod needs another", () => {
    for (const [name, spec] of specs) {
      const expected = name in POD_DEFAULTS ? POD_DEFAULTS[name] : chartForm(spec.kind, spec.default);
      expect({ name, value: values.config[name] }).toEqual({ name, value: expected });
    }
  });
});
