import { isNearServer } from './near-server.js';

describe(isNearServer.name, () => {
  it.each([
    'https://127.0.0.1:6443',
    'https://localhost:6443',
    'https://[::1]:6443',
    'https://10.96.0.1:443',
    'https://172.20.0.5',
    'https://192.168.1.10:6443',
    'https://kubernetes.default.svc',
    'https://kubernetes.default.svc.cluster.local:443',
    'https://[fd00::1]:6443',
  ])('%s is near: no compression', (server) => expect(isNearServer(server)).toBe(true));

  it.each([
    'https://api.example.com:6443',
    'https://34.120.1.2',
    'https://172.32.0.1',
    'https://[2001:db8::1]:6443',
    'not a url',
  ])('%s is not: gzip as the API server offers', (server) => expect(isNearServer(server)).toBe(false));
});
