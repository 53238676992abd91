import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';

/** Variables of a .env file; an explicit file that cannot be read is a problem, a missing ./.env is not. */
export function readDotenvFile(
  envFile: string | undefined,
  cwd: string,
): { readonly values: Record<string, string>; readonly problem?: string } {
  const path = resolve(cwd, envFile ?? '.env');
  try {
    return { values: parseDotenv(readFileSync(path, 'utf8')) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (envFile === undefined && code === 'ENOENT') return { values: {} };
    return {
      values: {},
      problem: `--dotenv=${path}: expected a readable .env file (${code ?? (err as Error).message})`,
    };
  }
}

/**
 * The transport asked for (flag > environment > .env), read without loading the validator: stdio
 * start-up answers initialize before the full configuration is validated.
 */
export function peekTransport(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  envFile: string | undefined,
  cwd: string,
): string {
  return (
    flag ??
    env.K8S_MCP_TRANSPORT ??
    readDotenvFile(envFile, cwd).values.K8S_MCP_TRANSPORT ??
    'http'
  ).trim();
}
