// Resumable Streamable HTTP: a client whose connection drops mid-stream reconnects with
// Last-Event-ID and receives what it missed. The API server is made slow (a proxy delays its
// answers by 1.5 s) so the tool result is certain to come after the drop. Cost: ~5 s.
import { startApiProxy, type ApiProxy } from '../helpers/api-proxy.js';
import { type RunningApp, startApp } from '../helpers/mcp-app.js';

const PROTOCOL = '2025-11-25';

interface SseEvent {
  id?: string;
  retry?: number;
  data: string;
}

/** Reads SSE events from a response body until `stop` says so (or the stream ends). */
async function readEvents(
  res: Response,
  stop: (e: SseEvent, all: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { data: '' };
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(':');
        const v = rest.join(':').replace(/^ /, '');
        if (field === 'id') event.id = v;
        else if (field === 'retry') event.retry = Number(v);
        else if (field === 'data') event.data += v;
      }
      events.push(event);
      if (stop(event, events)) {
        await reader.cancel();
        return events;
      }
    }
  }
}

describe('resumable Streamable HTTP streams', () => {
  let proxy: ApiProxy;
  let sut: RunningApp;

  beforeAll(async () => {
    proxy = await startApiProxy({ delayMs: 1500 });
    sut = await startApp({ KUBECONFIG_PATH: proxy.kubeconfig, K8S_REQUEST_TIMEOUT: '20' });
  });

  afterAll(async () => {
    await sut?.close();
    await proxy?.close();
  });

  it('replays the missed tool result to a client that reconnects with Last-Event-ID', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'resume', version: '0' } },
      }),
    });
    const session = init.headers.get('mcp-session-id')!;
    expect(session).toBeTruthy();
    await init.text();
    const inSession = { ...headers, 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL };
    await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: inSession,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    }).then((r) => r.text());

    // The call's stream opens with a priming event (an id and a retry interval), then the client drops.
    const drop = new AbortController();
    const call = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: inSession,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'k8s-get-nodes', arguments: {} },
      }),
      signal: drop.signal,
    });
    expect(call.headers.get('content-type')).toContain('text/event-stream');
    const [priming] = await readEvents(call, () => true);
    drop.abort();
    expect(priming).toMatchObject({ id: expect.any(String), retry: 1000, data: '' });

    // Meanwhile the answer arrives (the API server is 1.5 s slow) and is kept for the session.
    await new Promise((r) => setTimeout(r, 4000));

    const resumed = await fetch(`${sut.url}/mcp`, {
      method: 'GET',
      headers: { ...inSession, accept: 'text/event-stream', 'last-event-id': priming!.id! },
    });
    expect(resumed.status).toBe(200);
    const replayed = await readEvents(resumed, (e) => e.data.includes('"id":2'));
    const result = replayed.find((e) => e.data.includes('"id":2'));
    expect(result?.id).toBeTruthy();
    const message = JSON.parse(result!.data) as {
      id: number;
      result: { isError?: boolean; content: { text: string }[] };
    };
    expect(message.id).toBe(2);
    expect(message.result.isError).toBeFalsy();
    expect(message.result.content[0]!.text).toMatch(/NAME\s+STATUS/);
  });

  it('answers 400 for an event id the session never issued', async () => {
    const init = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'resume', version: '0' } },
      }),
    });
    const session = init.headers.get('mcp-session-id')!;
    await init.text();
    const res = await fetch(`${sut.url}/mcp`, {
      method: 'GET',
      headers: {
        accept: 'text/event-stream',
        'mcp-session-id': session,
        'mcp-protocol-version': PROTOCOL,
        'last-event-id': '999.nope',
      },
    });
    expect(res.status).toBe(400);
    await res.text();
  });
});
