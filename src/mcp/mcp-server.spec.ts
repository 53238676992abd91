import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError, ResultSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  createMcpServer,
  type McpExtras,
  refusedToolCalls,
  type RequestAudit,
  type ToolSource,
} from './mcp-server.js';

// The protocol layer: requests the SDK used to refuse before any handler of ours (with -32603 and
// no audit line) are invalid-params errors that name the argument, with exactly one audit line.

interface Rig {
  client: Client;
  audits: RequestAudit[];
  calls: { name: string; args: unknown }[];
}

async function rig(): Promise<Rig> {
  const audits: RequestAudit[] = [];
  const calls: { name: string; args: unknown }[] = [];
  const tools: ToolSource = {
    listing: [],
    call: async (name, args) => {
      calls.push({ name, args });
      return { content: [{ type: 'text', text: 'done' }] };
    },
    audit: (entry) => audits.push(entry),
  };
  const extras: McpExtras = {
    resources: {
      list: () => [],
      templates: () => [],
      read: async (uri) => ({ contents: [{ uri, text: 'summary' }] }),
      subscribe: () => () => undefined,
    },
    prompts: {
      list: () => [],
      get: async () => ({ messages: [] }),
    },
  };
  const sut = createMcpServer(
    'stdio',
    () => tools,
    'alice',
    () => extras,
  );
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await sut.connect(serverSide);
  const client = new Client({ name: 'spec', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, audits, calls };
}

async function refusal(client: Client, method: string, params?: unknown): Promise<McpError> {
  try {
    await client.request({ method, params } as never, ResultSchema);
  } catch (err) {
    return err as McpError;
  }
  throw new Error(`${method} was answered`);
}

describe(createMcpServer.name, () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
  });
  afterEach(async () => {
    await r.client.close();
  });

  it.each([
    ['a string', 'kubectl get pods'],
    ['an array', [1, 2]],
    ['null', null],
  ])('hands non-object arguments (%s) to the invoker, which validates and audits them', async (_, args) => {
    await r.client.request(
      { method: 'tools/call', params: { name: 'k8s-get-pods', arguments: args } },
      ResultSchema,
    );
    expect(r.calls).toEqual([{ name: 'k8s-get-pods', args }]);
    expect(r.audits).toEqual([]);
  });

  it.each([
    ['a tool name that is not a string', { name: 42, arguments: {} }, 'name'],
    ['no tool name', { arguments: { namespace: 'x' } }, 'name'],
    ['no params at all', undefined, 'params'],
  ])(
    'refuses a tools/call with %s as invalid params naming it, with one audit line',
    async (_, params, argument) => {
      const err = await refusal(r.client, 'tools/call', params);
      expect(err.code).toBe(ErrorCode.InvalidParams);
      expect(err.message).toContain(`${argument}:`);
      expect(r.calls).toEqual([]);
      expect(r.audits).toHaveLength(1);
      expect(r.audits[0]).toMatchObject({
        method: 'tools/call',
        outcome: 'invalid',
        errorCode: 'INPUT.INVALID',
        caller: { transport: 'stdio', identity: 'alice' },
      });
    },
  );

  it.each([
    ['resources/read', { uri: 42 }, 'uri'],
    ['resources/read', {}, 'uri'],
    ['resources/subscribe', { uri: ['k8s://anomalies'] }, 'uri'],
    ['prompts/get', { name: null }, 'name'],
    ['prompts/get', { name: 'cluster-health-check', arguments: 'namespace=a' }, 'arguments'],
    ['prompts/get', { name: 'cluster-health-check', arguments: { namespace: 7 } }, 'namespace'],
  ])(
    'refuses %s with %j as invalid params naming %s, with one audit line',
    async (method, params, argument) => {
      const err = await refusal(r.client, method, params);
      expect(err.code).toBe(ErrorCode.InvalidParams);
      expect(err.message).toContain(`${argument}:`);
      expect(r.audits).toEqual([
        expect.objectContaining({ method, outcome: 'invalid', errorCode: 'INPUT.INVALID' }),
      ]);
    },
  );

  it('audits a resource read that succeeds, with its URI and size', async () => {
    await r.client.readResource({ uri: 'k8s://anomalies' });
    expect(r.audits).toEqual([
      expect.objectContaining({
        method: 'resources/read',
        name: 'k8s://anomalies',
        arguments: { uri: 'k8s://anomalies' },
        outcome: 'ok',
        responseBytes: expect.any(Number),
      }),
    ]);
    expect(r.audits[0]!.responseBytes).toBeGreaterThan(0);
  });

  it('echoes at most a short piece of a huge value in the error', async () => {
    const err = await refusal(r.client, 'prompts/get', {
      name: 'p',
      arguments: { namespace: ['x'.repeat(1_000_000)] },
    });
    expect(err.message.length).toBeLessThan(300);
    expect(err.message).toMatch(/chars\)/);
  });
});

describe(refusedToolCalls.name, () => {
  const ok = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'k8s-get-pods' } };

  it('finds nothing in a body the transport accepts', () => {
    expect(refusedToolCalls(ok)).toEqual([]);
    expect(refusedToolCalls([ok, { jsonrpc: '2.0', method: 'notifications/initialized' }])).toEqual([]);
  });

  it('names every tools/call of a body refused as malformed JSON-RPC (the whole batch is refused)', () => {
    const oldVersion = {
      jsonrpc: '1.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'k8s-get-nodes', arguments: { a: 1 } },
    };
    const arrayParams = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: ['k8s-get-pods'] };
    expect(refusedToolCalls(arrayParams)).toEqual([{ name: '', arguments: undefined }]);
    expect(refusedToolCalls([ok, oldVersion])).toEqual([
      { name: 'k8s-get-pods', arguments: undefined },
      { name: 'k8s-get-nodes', arguments: { a: 1 } },
    ]);
  });
});
