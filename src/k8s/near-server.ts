import { isIPv4, isIPv6 } from 'node:net';

/**
 * True when the API server is reached without a slow link: loopback, a private (RFC 1918 / ULA)
 * address, or an in-cluster service name. There, gzip only costs CPU on both ends — the API server
 * compresses every large LIST and we inflate it (a quarter of a 10,000-pod initial sync went to
 * zlib here) — so requests ask for identity encoding, as client-go's DisableCompression does.
 * Elsewhere the API server's default gzip is kept: it saves most of the bytes over a WAN.
 */
export function isNearServer(server: string): boolean {
  let host: string;
  try {
    host = new URL(server).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.svc') || host.includes('.svc.')) return true;
  if (isIPv4(host)) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (isIPv6(host)) return host === '::1' || /^f[cd]/.test(host);
  return false;
}
