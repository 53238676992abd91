// A real MCP client over the legacy SSE transport, run as a plain Node process: inside jest's VM
// realm the SDK's SSE client stalls after the endpoint event (the server side works there).
// Usage: node sse-client.mjs <base-url> <tool> [json-args]; prints {tools, result} as JSON.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const [base, tool, args = '{}'] = process.argv.slice(2);
const timer = setTimeout(() => {
  process.stderr.write('sse-client: timed out\n');
  process.exit(3);
}, 20_000);
const client = new Client({ name: 'k8s-mcp-e2e-sse', version: '1.0.0' });
await client.connect(new SSEClientTransport(new URL(`${base}/sse`)));
const tools = (await client.listTools()).tools.map((t) => t.name);
const result = await client.callTool({ name: tool, arguments: JSON.parse(args) });
await client.close();
clearTimeout(timer);
process.stdout.write(JSON.stringify({ tools, result }));
