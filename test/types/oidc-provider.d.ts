// oidc-provider ships no types and @types/oidc-provider is not a dependency: the little the OAuth
// e2e uses of it, typed loosely.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    listen(port: number, host: string): Server;
  }
}
