import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { loadConfig } from '../config/config.loader.js';
import { SessionRegistry } from './session-registry.js';

const alice = { issuer: 'static', subject: 'alice' };
const bob = { issuer: 'static', subject: 'bob' };

function registry(env: Record<string, string> = {}) {
  const sut = new SessionRegistry(loadConfig({ env, cwd: '/' }));
  const closed: string[] = [];
  const open = (id: string, owner = alice, kind: 'sse' | 'streamable-http' = 'streamable-http') =>
    sut.add(
      id,
      {
        server: { close: () => (closed.push(id), Promise.resolve()) } as unknown as Server,
        transport: {} as Transport,
        kind,
      },
      owner,
    );
  return { sut, open, closed };
}

describe(SessionRegistry.name, () => {
  it("answers another identity's session id as not found, and the wrong transport as 400", async () => {
    const { sut, open } = registry();
    open('s1', alice);
    expect(sut.lookup('s1', 'streamable-http', alice)).toMatchObject({ found: true });
    expect(sut.lookup('s1', 'streamable-http', bob)).toEqual({
      found: false,
      status: 404,
      message: 'session not found',
    });
    expect(sut.lookup('s1', 'sse', bob)).toMatchObject({ status: 404 });
    expect(sut.lookup('nope', 'streamable-http', alice)).toMatchObject({ status: 404 });
    expect(sut.lookup('s1', 'sse', alice)).toMatchObject({ status: 400 });
    // OAuth later: same subject from another issuer is another caller.
    expect(sut.lookup('s1', 'streamable-http', { issuer: 'https://idp', subject: 'alice' })).toMatchObject({
      status: 404,
    });
    await sut.onApplicationShutdown();
  });

  it('caps sessions per identity and in all, pending initializations included', async () => {
    const { sut, open } = registry({ K8S_MCP_MAX_SESSIONS: '3', K8S_MCP_MAX_SESSIONS_PER_IDENTITY: '2' });
    open('a1', alice);
    const slot = sut.reserve(alice);
    expect('release' in slot).toBe(true);
    expect(sut.reserve(alice)).toEqual({
      status: 429,
      message: expect.stringContaining('K8S_MCP_MAX_SESSIONS_PER_IDENTITY'),
    });
    open('b1', bob);
    expect(sut.refuseNew(bob)).toEqual({
      status: 503,
      message: expect.stringContaining('(3, K8S_MCP_MAX_SESSIONS)'),
    });
    if ('release' in slot) slot.release();
    expect(sut.refuseNew(bob)).toBeUndefined();
    await sut.onApplicationShutdown();
  });

  it('caps open SSE streams', () => {
    const { sut } = registry({ K8S_MCP_MAX_STREAMS: '2' });
    const closers: (() => void)[] = [];
    const track = () => sut.trackStream((done) => closers.push(done));
    track();
    track();
    expect(sut.refuseStream()).toEqual({
      status: 503,
      message: expect.stringContaining('K8S_MCP_MAX_STREAMS'),
    });
    closers.pop()!();
    expect(sut.refuseStream()).toBeUndefined();
    expect(sut.streams).toBe(1);
  });

  it('closes sessions idle past the timeout; one holding a stream open only when it does not answer a ping', async () => {
    const { sut, open, closed } = registry({ K8S_MCP_SESSION_IDLE_TIMEOUT: '60' });
    open('idle');
    open('busy');
    const pings: string[] = [];
    const streaming = (id: string, answer: () => Promise<unknown>) => {
      sut.add(
        id,
        {
          server: {
            close: () => (closed.push(id), Promise.resolve()),
            request: (req: { method: string }) => (pings.push(`${id}:${req.method}`), answer()),
          } as unknown as Server,
          transport: {} as Transport,
          kind: 'sse',
        },
        alice,
      );
      sut.trackStream(() => undefined, id);
    };
    streaming('listening', () => Promise.resolve({}));
    streaming('gone', () => Promise.reject(new Error('Request timed out')));
    const later = Date.now() + 61_000;
    expect(sut.lookup('busy', 'streamable-http', alice)).toMatchObject({ found: true });
    expect(sut.closeIdle(Date.now() + 30_000)).toBe(0);
    expect(pings).toEqual([]);
    expect(sut.closeIdle(later)).toBe(2);
    expect(closed.sort()).toEqual(['busy', 'idle']);
    expect(pings.sort()).toEqual(['gone:ping', 'listening:ping']);
    await new Promise((r) => setImmediate(r));
    expect(closed.sort()).toEqual(['busy', 'gone', 'idle']);
    expect(sut.lookup('listening', 'sse', alice)).toMatchObject({ found: true });
    expect(sut.lookup('gone', 'sse', alice)).toMatchObject({ status: 404 });
    // The one that answered counts as active again: no second ping right away.
    expect(sut.closeIdle(Date.now() + 59_000)).toBe(0);
    expect(pings).toHaveLength(2);
    await sut.onApplicationShutdown();
  });
});
