import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../common/errors/app-error.js';

/*
 * The API server's continue token is base64 of JSON that names the key of the last object it read
 * ("start": "/<namespace>/<name>"). When the policy then drops that object, handing the token on
 * would tell the caller the name of a hidden namespace or object. So every token the server hands
 * out is sealed (AES-256-GCM): opaque to the caller, and one the caller did not get from us fails
 * authentication instead of reaching the API server. The key lives for the process: sessions stay on
 * their replica (docs/scaling.md), and after a restart a page is listed again from the start.
 */
const KEY = randomBytes(32);
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Far above any token we issue (~200 characters); a longer string is refused before decoding. */
const MAX_TOKEN_CHARS = 4096;

export function sealPageToken(plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The token as issued, or INPUT.INVALID when this process did not seal it. */
export function openPageToken(token: string): string {
  if (token.length <= MAX_TOKEN_CHARS && /^[A-Za-z0-9_-]+$/.test(token)) {
    const raw = Buffer.from(token, 'base64url');
    if (raw.length > IV_BYTES + TAG_BYTES) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', KEY, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // fall through to the error below
      }
    }
  }
  throw new AppError('INPUT.INVALID', 'continue: not a token this server issued', {
    hint: 'pass the continue value from the previous page unchanged; after a server restart, list again without continue',
  });
}
