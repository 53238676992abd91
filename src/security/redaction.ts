import { LAST_APPLIED } from '../common/kube/annotations.js';

/** Keys whose values are treated as secrets wherever they appear in tool arguments. */
const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|credential|private[-_]?key|auth)/i;
const MAX_STRING = 512;

/** A copy of tool arguments safe for the audit log: secret-looking values and huge strings masked. */
export function redactArguments(value: unknown, depth = 0): unknown {
  if (depth > 6) return '<truncated>';
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…<${value.length} chars>` : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactArguments(v, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== undefined ? '<redacted>' : redactArguments(v, depth + 1),
      ]),
    );
  }
  return value;
}

/** A Secret with every data/stringData value replaced by `<redacted, N bytes>`. */
export function redactSecretObject<T extends Record<string, unknown>>(secret: T): T {
  const mask = (values: unknown, encoded: boolean): Record<string, string> | undefined => {
    if (typeof values !== 'object' || values === null) return undefined;
    return Object.fromEntries(
      Object.entries(values as Record<string, unknown>).map(([k, v]) => {
        const text = typeof v === 'string' ? v : '';
        const bytes = encoded ? Buffer.from(text, 'base64').length : Buffer.byteLength(text);
        return [k, `<redacted, ${bytes} bytes>`];
      }),
    );
  };
  const out: Record<string, unknown> = { ...secret };
  if ('data' in secret) out.data = mask(secret.data, true);
  if ('stringData' in secret) out.stringData = mask(secret.stringData, false);
  const annotations = (secret.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  if (annotations?.[LAST_APPLIED]) {
    const rest = { ...annotations };
    delete rest[LAST_APPLIED];
    out.metadata = { ...(secret.metadata as object), annotations: rest };
  }
  return out as T;
}
