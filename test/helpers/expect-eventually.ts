export interface ExpectEventuallyOptions {
  /** Give up after this long (default 30 000 ms). */
  timeoutMs?: number;
  /** Pause between attempts (default 250 ms). */
  intervalMs?: number;
  /** Prefixed to the last error's message when giving up. */
  description?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it neither throws nor rejects, and returns its value. When `timeoutMs` runs out,
 * rethrows the last error with `description` (and the time waited) prefixed to its message.
 * `fn` is always called at least once.
 */
export async function expectEventually<T>(
  fn: () => Promise<T> | T,
  opts: ExpectEventuallyOptions = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 250, description = 'condition' } = opts;
  const started = Date.now();
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    attempts++;
    try {
      return await fn();
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - started + intervalMs > timeoutMs) break;
    await sleep(intervalMs);
  }
  const prefix = `${description}: not met within ${timeoutMs} ms (${attempts} attempts)`;
  if (lastError instanceof Error) {
    lastError.message = `${prefix}: ${lastError.message}`;
    if (lastError.stack) lastError.stack = `${prefix}\n${lastError.stack}`;
    throw lastError;
  }
  throw new Error(`${prefix}: ${String(lastError)}`);
}
