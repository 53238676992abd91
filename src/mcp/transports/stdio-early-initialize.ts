import type { Readable, Writable } from 'node:stream';
import { initializeResult } from '../server-identity.js';

/** What was read from stdin before the SDK took over, and the id of the initialize answered. */
export interface EarlyInitialize {
  readonly buffered: Buffer;
  readonly answeredId?: string | number;
}

/** A first line longer than this is left to the SDK unanswered (it has its own limits). */
const MAX_FIRST_LINE_BYTES = 1 << 20;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The id of a well-formed `initialize` request (what the SDK's schema requires of one), else
 * undefined: anything else is left for the SDK to answer, errors included.
 */
function initializeId(line: string): { id: string | number; version: string } | undefined {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(msg) || msg.jsonrpc !== '2.0' || msg.method !== 'initialize') return undefined;
  const { id, params } = msg;
  if (!(typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)))) return undefined;
  if (!isRecord(params) || typeof params.protocolVersion !== 'string' || !isRecord(params.capabilities))
    return undefined;
  const info = params.clientInfo;
  if (!isRecord(info) || typeof info.name !== 'string' || typeof info.version !== 'string') return undefined;
  return { id, version: params.protocolVersion };
}

/**
 * Waits for the first line on stdin and, when it is `initialize`, answers it at once with the same
 * result the SDK's Server gives (server-identity.ts), before the SDK and zod are loaded (~160 ms).
 * Everything read is handed back: the SDK reads it again, so its own state (client capabilities and
 * version) is set as usual, and its answer to this id is dropped (see dropAnswer).
 */
export function answerInitializeEarly(stdin: Readable, stdout: Writable): Promise<EarlyInitialize> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (answeredId?: string | number): void => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      resolve({ buffered: Buffer.concat(chunks), answeredId });
    };
    const onEnd = (): void => done();
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      size += chunk.length;
      const all = Buffer.concat(chunks);
      const eol = all.indexOf(0x0a);
      if (eol < 0) {
        if (size > MAX_FIRST_LINE_BYTES) done();
        return;
      }
      const init = initializeId(all.subarray(0, eol).toString('utf8').replace(/\r$/, ''));
      if (!init) return done();
      stdout.write(
        `${JSON.stringify({ jsonrpc: '2.0', id: init.id, result: initializeResult(init.version) })}\n`,
      );
      done(init.id);
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
  });
}

/**
 * Whether a line the SDK writes is its own answer to the initialize already answered: a response
 * (result or error) with that id. The caller drops the first such line.
 */
export function isAnswerTo(line: string, id: string | number): boolean {
  if (!line.includes('"id"')) return false;
  try {
    const msg = JSON.parse(line) as Record<string, unknown>;
    return msg.id === id && ('result' in msg || 'error' in msg) && !('method' in msg);
  } catch {
    return false;
  }
}
