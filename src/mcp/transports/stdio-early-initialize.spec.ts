import { PassThrough } from 'node:stream';
import { answerInitializeEarly, isAnswerTo } from './stdio-early-initialize.js';

const initialize = (over: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
  ...over,
});

async function run(...chunks: (string | Buffer)[]) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const written: string[] = [];
  stdout.on('data', (d: Buffer) => written.push(d.toString()));
  const outcome = answerInitializeEarly(stdin, stdout);
  for (const c of chunks) stdin.write(c);
  if (chunks.length === 0 || !chunks.join('').includes('\n')) stdin.end();
  const early = await outcome;
  await new Promise((r) => setImmediate(r));
  return { early, written };
}

describe('answerInitializeEarly', () => {
  it('answers a well-formed initialize split over chunks, and hands back everything it read', async () => {
    const line = JSON.stringify(initialize());
    const next = '{"jsonrpc":"2.0","method":"notifications/initialized"}\n';
    const { early, written } = await run(line.slice(0, 10), line.slice(10) + '\n' + next);
    expect(early.answeredId).toBe(1);
    expect(early.buffered.toString()).toBe(`${line}\n${next}`);
    expect(written).toHaveLength(1);
    const answer = JSON.parse(written[0]!) as { id: number; result: { protocolVersion: string } };
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18' } });
  });

  it.each([
    ['another method first', { method: 'ping' }],
    ['a missing clientInfo', { params: { protocolVersion: '2025-06-18', capabilities: {} } }],
    [
      'a clientInfo without a version',
      { params: { protocolVersion: 'x', capabilities: {}, clientInfo: { name: 'c' } } },
    ],
    ['a fractional id', { id: 1.5 }],
    ['a null id (a notification-like request)', { id: null }],
    ['a wrong jsonrpc', { jsonrpc: '1.0' }],
  ])('leaves %s to the SDK, unanswered', async (_label, over) => {
    const line = `${JSON.stringify(initialize(over))}\n`;
    const { early, written } = await run(line);
    expect(early.answeredId).toBeUndefined();
    expect(early.buffered.toString()).toBe(line);
    expect(written).toEqual([]);
  });

  it('leaves garbage, a closed stdin and a first line over 1 MiB to the SDK', async () => {
    expect((await run('not json\n')).written).toEqual([]);
    expect((await run()).early).toEqual({ buffered: Buffer.alloc(0), answeredId: undefined });
    const huge = await run(Buffer.alloc((1 << 20) + 10, 0x61));
    expect(huge.early.answeredId).toBeUndefined();
    expect(huge.early.buffered.length).toBe((1 << 20) + 10);
  });

  it('recognises the SDK answer to that id only', () => {
    expect(isAnswerTo('{"result":{},"jsonrpc":"2.0","id":1}', 1)).toBe(true);
    expect(isAnswerTo('{"error":{"code":-32600},"jsonrpc":"2.0","id":1}', 1)).toBe(true);
    expect(isAnswerTo('{"result":{},"jsonrpc":"2.0","id":"1"}', 1)).toBe(false);
    expect(isAnswerTo('{"method":"ping","jsonrpc":"2.0","id":1}', 1)).toBe(false);
    expect(isAnswerTo('{"method":"notifications/message","jsonrpc":"2.0"}', 1)).toBe(false);
  });
});
