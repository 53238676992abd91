import { Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import type { KubeObject } from '../k8s/kube-object.js';
import { aKubeObject, EXPIRED_STATUS } from '../../test/factories/kube-objects.js';
import { Backoff } from './backoff.js';
import { Informer } from './informer.js';
import type { ListWatchSource, WatchEvent } from './list-watch.js';
import { RecoveryBeacon } from './recovery-beacon.js';
import { Reflector } from './reflector.js';
import { WATCHED_KINDS } from './watched-kinds.js';

type ListResult = { items: KubeObject[]; resourceVersion: string };
/** A LIST answered page by page; `failAfter` pages have arrived when it fails. */
type PagedReply = { pages: KubeObject[][]; resourceVersion: string; failAfter?: number };
type ListReply = ListResult | Error | Promise<ListResult> | PagedReply;
type WatchScript = (emit: (e: WatchEvent) => void, done: (err: unknown) => void) => void;

/**
 * A scripted ListWatchSource: each list() and watch() takes the next reply and records the
 * resourceVersion it was asked for. It stands in for the API server only at the reflector's own
 * interface; the real list/watch is covered by test/sync/*.e2e-spec.ts.
 */
class ScriptedSource implements ListWatchSource {
  readonly listCalls: string[] = [];
  readonly watchCalls: string[] = [];
  /** Whether each list() was given onPage. */
  readonly paged: boolean[] = [];
  listing = false;
  constructor(
    private readonly lists: ListReply[],
    private readonly watches: WatchScript[],
  ) {}
  async list(rv: string, onPage?: (items: readonly KubeObject[]) => void) {
    this.listCalls.push(rv);
    this.paged.push(onPage !== undefined);
    const reply = this.lists.shift();
    if (!reply) return new Promise<never>(() => {});
    if (reply instanceof Error) throw reply;
    if (!('pages' in reply)) return reply;
    this.listing = true;
    try {
      const items: KubeObject[] = [];
      for (const [i, page] of reply.pages.entries()) {
        if (i === reply.failAfter) throw new Error('connection reset');
        await tick();
        if (onPage) onPage(page);
        else items.push(...page);
      }
      return { items, resourceVersion: reply.resourceVersion };
    } finally {
      this.listing = false;
    }
  }
  async watch(rv: string, _t: number, onEvent: (e: WatchEvent) => void, done: (err: unknown) => void) {
    this.watchCalls.push(rv);
    const script = this.watches.shift();
    // Out of script: a watch that stays open until aborted.
    if (script) setTimeout(() => script(onEvent, done), 0);
    return { abort: () => done(new DOMException('aborted', 'AbortError')) };
  }
}

const cm = (name: string, rv: string) => aKubeObject('ConfigMap', name, { namespace: 'x', rv });
const gone = () => new AppError('K8S.GONE', 'too old', { details: { status: 410 } });
const tick = () => new Promise((r) => setTimeout(r, 5));
/** Waits for a condition, failing the test after 3 s instead of hanging it. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !cond(); await tick()) {
    if (Date.now() - started > 3000) throw new Error(`timed out waiting for ${what}`);
  }
}
const noDelay = () => new Backoff({ initialMs: 1, maxMs: 1, factor: 1, jitter: 0, resetAfterMs: 1 });

function setup(
  lists: ListReply[],
  watches: WatchScript[],
  maxRetryCount = 3,
  resyncSeconds = 0,
  degradedRetryMs = 1,
) {
  const source = new ScriptedSource(lists, watches);
  const informer = new Informer(WATCHED_KINDS.find((k) => k.ref.kind === 'ConfigMap')!);
  const deleted: string[] = [];
  informer.addHandlers({ delete: (o) => deleted.push(o.metadata.name) });
  const sut = new Reflector(source, informer, {
    name: 'configmaps in x',
    watchTimeoutSeconds: 600,
    resyncSeconds,
    maxRetryCount,
    degradedRetryMs,
    backoff: noDelay(),
  });
  informer.addReflector(sut);
  return { source, informer, sut, deleted };
}

describe(Reflector.name, () => {
  let stop: (() => void) | undefined;
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => stop?.());

  it('lists, then watches from the list resourceVersion and follows bookmarks', async () => {
    const { source, informer, sut } = setup(
      [{ items: [cm('a', '5')], resourceVersion: '10' }],
      [
        (emit, done) => {
          emit({ type: 'ADDED', object: cm('b', '11') });
          emit({ type: 'BOOKMARK', object: { metadata: { name: '', resourceVersion: '20' } } });
          setTimeout(() => done(null), 1100);
        },
      ],
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => informer.hasSynced(), 'first sync');
    // The watch ends after 1.1 s; the next one starts from the bookmark (no fixed sleep: a loaded
    // machine may take longer than the watch's own 1.1 s).
    await until(() => source.watchCalls.length >= 2, 'the second watch');
    expect(source.listCalls).toEqual(['']);
    expect(source.watchCalls).toEqual(['10', '20']);
    expect(informer.store.keys().sort()).toEqual(['x/a', 'x/b']);
    expect(sut.stats).toMatchObject({ synced: true, watchRestarts: 1, resourceVersion: '20', errors: 0 });
  });

  it('on an in-stream 410 reads the latest state (a consistent LIST) and reports missed deletions', async () => {
    const { source, informer, sut, deleted } = setup(
      [
        { items: [cm('a', '5'), cm('b', '6')], resourceVersion: '10' },
        { items: [cm('a', '5')], resourceVersion: '30' },
      ],
      [(emit) => emit({ type: 'ERROR', object: EXPIRED_STATUS as unknown as KubeObject })],
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => source.watchCalls.length >= 2, 'a second watch');
    expect(source.listCalls).toEqual(['', '']);
    expect(source.watchCalls).toEqual(['10', '30']);
    expect(deleted).toEqual(['b']);
    expect(informer.store.keys()).toEqual(['x/a']);
    expect(sut.stats).toMatchObject({ relists: 1, errors: 0, state: 'healthy' });
  });

  // client-go relists from the last resourceVersion seen: a LIST at the previous LIST's version
  // would put the store back to that older state (deleted objects back, new ones gone).
  it('after a failed watch relists from the last resourceVersion the watch delivered, not the older LIST version', async () => {
    const { source, informer, sut } = setup(
      [
        { items: [cm('a', '5')], resourceVersion: '10' },
        { items: [cm('a', '5'), cm('b', '11')], resourceVersion: '25' },
      ],
      [
        (emit, done) => {
          emit({ type: 'ADDED', object: cm('b', '11') });
          emit({ type: 'BOOKMARK', object: { metadata: { name: '', resourceVersion: '20' } } });
          done(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }));
        },
      ],
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => source.watchCalls.length >= 2, 'the watch after the relist');
    expect(source.listCalls).toEqual(['', '20']);
    expect(source.watchCalls).toEqual(['10', '25']);
    expect(informer.store.keys().sort()).toEqual(['x/a', 'x/b']);
    expect(sut.stats).toMatchObject({ relists: 1, errors: 1, resourceVersion: '25' });
  });

  it('when the version to relist from is compacted away (410 on LIST), reads the latest state', async () => {
    const { source, sut } = setup(
      [{ items: [cm('a', '5')], resourceVersion: '10' }, gone(), { items: [], resourceVersion: '40' }],
      [
        (emit, done) => {
          emit({ type: 'MODIFIED', object: cm('a', '12') });
          done(Object.assign(new Error('Internal Server Error'), { statusCode: 500 }));
        },
      ],
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => source.watchCalls.length >= 2, 'the watch after the relist');
    expect(source.listCalls).toEqual(['', '12', '']);
    expect(source.watchCalls).toEqual(['10', '40']);
  });

  it('backs off with growing delays, and starts over once a watch has delivered', async () => {
    const delays: number[] = [];
    class RecordingBackoff extends Backoff {
      override next(): number {
        const d = super.next();
        delays.push(d);
        return d;
      }
    }
    const fail = (_emit: (e: WatchEvent) => void, done: (err: unknown) => void) =>
      done(Object.assign(new Error('Internal Server Error'), { statusCode: 500 }));
    const list = (rv: string) => ({ items: [], resourceVersion: rv });
    const source = new ScriptedSource(
      [list('1'), list('2'), list('3'), list('4'), list('5')],
      [
        fail,
        fail,
        (emit, done) => {
          emit({ type: 'BOOKMARK', object: { metadata: { name: '', resourceVersion: '9' } } });
          fail(emit, done);
        },
        fail,
      ],
    );
    const informer = new Informer(WATCHED_KINDS.find((k) => k.ref.kind === 'ConfigMap')!);
    const sut = new Reflector(source, informer, {
      name: 'configmaps in x',
      watchTimeoutSeconds: 600,
      resyncSeconds: 0,
      maxRetryCount: 10,
      backoff: new RecordingBackoff(
        { initialMs: 1, maxMs: 1000, factor: 2, jitter: 0, resetAfterMs: 60_000 },
        Date.now,
        () => 0,
      ),
    });
    stop = () => sut.stop();
    sut.start();
    await until(() => source.watchCalls.length >= 5, 'a fifth watch');
    expect(delays).toEqual([1, 2, 1, 2]);
  });

  it('stops waiting out its backoff when another reflector of the same server got through', async () => {
    const beacon = new RecoveryBeacon(10);
    const informer = new Informer(WATCHED_KINDS.find((k) => k.ref.kind === 'ConfigMap')!);
    const down = () => new AppError('K8S.UNREACHABLE', 'down');
    const reflectorOf = (source: ScriptedSource, delayMs: number) =>
      new Reflector(source, informer, {
        name: `configmaps (${delayMs} ms)`,
        watchTimeoutSeconds: 600,
        resyncSeconds: 0,
        maxRetryCount: 3,
        beacon,
        backoff: new Backoff({
          initialMs: delayMs,
          maxMs: delayMs,
          factor: 1,
          jitter: 0,
          resetAfterMs: 60_000,
        }),
      });
    const quick = new ScriptedSource([down(), { items: [], resourceVersion: '1' }], []);
    const slow = new ScriptedSource([down(), { items: [], resourceVersion: '1' }], []);
    const a = reflectorOf(quick, 20);
    const b = reflectorOf(slow, 60_000);
    stop = () => {
      a.stop();
      b.stop();
    };
    b.start();
    a.start();
    await until(() => b.stats.synced, 'the slow reflector to sync well before its 60 s backoff');
    expect(slow.listCalls).toEqual(['', '']);
  });

  it('skips a kind whose first list is forbidden, and settles readiness', async () => {
    const { informer, sut } = setup([new AppError('K8S.FORBIDDEN', 'no', { details: { status: 403 } })], []);
    stop = () => sut.stop();
    sut.start();
    await until(() => informer.hasSynced(), 'first sync');
    expect(informer.hasSynced()).toBe(true);
    expect(informer.status()).toMatchObject({ state: 'forbidden', synced: false });
  });

  it('turns degraded after MAX_RETRY_COUNT failures in a row, keeps retrying and recovers', async () => {
    const boom = () => new AppError('K8S.UNREACHABLE', 'down');
    let recover!: (r: ListResult) => void;
    const recovered = new Promise<ListResult>((resolve) => (recover = resolve));
    const { source, informer, sut } = setup([boom(), boom(), recovered], [], 2);
    stop = () => sut.stop();
    sut.start();
    await until(() => sut.stats.state === 'degraded', 'degraded');
    expect(sut.stats.errors).toBe(2);
    recover({ items: [], resourceVersion: '1' });
    await until(() => informer.hasSynced(), 'first sync');
    expect(source.listCalls).toEqual(['', '', '']);
    expect(sut.stats).toMatchObject({ state: 'healthy', synced: true, consecutiveFailures: 0 });
  });

  it('bounds the fast retries by MAX_RETRY_COUNT: degraded, it retries at the slow pace and never stops', async () => {
    const boom = () => new AppError('K8S.UNREACHABLE', 'down');
    const { source, informer, sut } = setup(
      [boom(), boom(), boom(), { items: [], resourceVersion: '1' }],
      [],
      2,
      0,
      300,
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => sut.stats.state === 'degraded', 'degraded');
    // Two fast retries (1 ms each), then the slow pace: no third LIST for a while.
    await new Promise((r) => setTimeout(r, 100));
    expect(source.listCalls).toHaveLength(2);
    expect(informer.status()).toMatchObject({ state: 'degraded', consecutiveFailures: 2 });
    await until(() => informer.hasSynced(), 'recovery at the slow pace');
    expect(source.listCalls).toHaveLength(4);
    expect(sut.stats).toMatchObject({ state: 'healthy', consecutiveFailures: 0, errors: 3 });
  });

  it('backs off (does not re-watch at once) when a watch fails, then relists from the last version seen', async () => {
    const { source, sut } = setup(
      [
        { items: [], resourceVersion: '1' },
        { items: [], resourceVersion: '8' },
      ],
      [
        (emit, done) => {
          emit({ type: 'MODIFIED', object: cm('a', '7') });
          done(Object.assign(new Error('Internal Server Error'), { statusCode: 500 }));
        },
      ],
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => source.watchCalls.length >= 2, 'a second watch');
    expect(source.listCalls).toEqual(['', '7']);
    expect(source.watchCalls).toEqual(['1', '8']);
    expect(sut.stats).toMatchObject({ errors: 1, state: 'healthy' });
  });

  it('relists from scratch every SYNC_INTERVAL, replacing the store', async () => {
    const { source, informer, sut, deleted } = setup(
      [
        { items: [cm('a', '5'), cm('b', '6')], resourceVersion: '10' },
        { items: [cm('a', '5')], resourceVersion: '40' },
      ],
      [],
      3,
      0.05,
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => source.watchCalls.length >= 2, 'the watch after the resync');
    expect(source.listCalls).toEqual(['', '']);
    expect(source.watchCalls).toEqual(['10', '40']);
    expect(deleted).toEqual(['b']);
    expect(informer.store.keys()).toEqual(['x/a']);
    expect(sut.stats).toMatchObject({ relists: 1, errors: 0 });
  });

  it('stores the pages of the first LIST as they arrive, before the LIST has finished', async () => {
    const { source, informer, sut } = setup(
      [{ pages: [[cm('a', '5')], [cm('b', '6')]], resourceVersion: '10' }],
      [],
    );
    const addedWhileListing: boolean[] = [];
    informer.addHandlers({ add: () => addedWhileListing.push(source.listing) });
    stop = () => sut.stop();
    sut.start();
    await until(() => informer.hasSynced(), 'first sync');
    expect(source.paged).toEqual([true]);
    expect(addedWhileListing).toEqual([true, true]);
    expect(informer.store.keys().sort()).toEqual(['x/a', 'x/b']);
    expect(source.watchCalls).toEqual(['10']);
  });

  // Regression guard: pages stored from a first LIST that then failed must not outlive a deletion.
  it('after a first LIST that failed half-way, the retry replaces, reporting what went meanwhile', async () => {
    const { source, informer, sut, deleted } = setup(
      [
        { pages: [[cm('a', '5'), cm('b', '6')], [cm('c', '7')]], resourceVersion: '10', failAfter: 1 },
        { items: [cm('a', '5'), cm('c', '7')], resourceVersion: '12' },
      ],
      [],
    );
    stop = () => sut.stop();
    sut.start();
    await until(() => informer.hasSynced(), 'first sync');
    expect(source.paged).toEqual([true, false]);
    expect(deleted).toEqual(['b']);
    expect(informer.store.keys().sort()).toEqual(['x/a', 'x/c']);
  });
});
