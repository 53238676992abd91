// Every setting in config/config.env.example must do something: a variable the schema declares
// but no code outside the schema reads is a promise the server does not keep (HEALTH_CHECK_ENABLED
// once was one). A textual check: the name must appear in a non-test source file under src/ other
// than the files that declare and document the schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from './config.schema.js';
import { envVarsOf } from './env-var.decorator.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));
/** Where a name appears without being read: the declaration, the example and --help renderers. */
const DECLARING = new Set([
  'config/config.schema.ts',
  'config/config-example.ts',
  'config/env-var.decorator.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('configuration variables', () => {
  const files = sources(SRC)
    .filter((f) => !DECLARING.has(relative(SRC, f).split('\\').join('/')))
    .map((f) => ({ file: relative(SRC, f), text: readFileSync(f, 'utf8') }));

  it.each([...envVarsOf(ConfigSchema).keys()])('%s is read somewhere in src/', (name) => {
    const word = new RegExp(`\\b${name}\\b`);
    const readers = files.filter((f) => word.test(f.text)).map((f) => f.file);
    expect({ name, readers }).toEqual({ name, readers: expect.arrayContaining([expect.any(String)]) });
  });
});
