import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { createMcpServer } from './mcp-server.js';
import { initializeResult, PROTOCOL_VERSIONS } from './server-identity.js';

describe('server identity (what the stdio door answers before the SDK loads)', () => {
  it("keeps the SDK's supported protocol versions", () => {
    expect(PROTOCOL_VERSIONS).toEqual(SUPPORTED_PROTOCOL_VERSIONS);
  });

  it.each([...SUPPORTED_PROTOCOL_VERSIONS, '1999-01-01'])(
    'answers initialize for %s exactly as the SDK server does',
    async (version) => {
      const server = createMcpServer('stdio', () => ({
        listing: [],
        call: () => Promise.reject(),
        audit: () => undefined,
      }));
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const answers: unknown[] = [];
      clientSide.onmessage = (m) => answers.push(m);
      await clientSide.start();
      const params = { protocolVersion: version, capabilities: {}, clientInfo: { name: 'c', version: '1' } };
      await clientSide.send({ jsonrpc: '2.0', id: 7, method: 'initialize', params });
      await new Promise((r) => setTimeout(r, 10));
      expect(answers).toEqual([{ jsonrpc: '2.0', id: 7, result: initializeResult(version) }]);
      await server.close();
    },
  );
});
