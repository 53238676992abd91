import { Logger } from '@nestjs/common';
import { recordedAggregated } from '../../test/fixtures/discovery/recorded.js';
import { AppError } from '../common/errors/app-error.js';
import { kindsFromAggregated, type DiscoveryResult } from './api-discovery.js';
import type { K8sService } from './k8s.service.js';
import { ResourceCatalogue } from './resource-catalogue.js';

const { core, groups } = recordedAggregated();
const WITH_GADGETS = kindsFromAggregated(core, groups);
const WITHOUT_GADGETS: DiscoveryResult = {
  kinds: WITH_GADGETS.kinds.filter((k) => k.group !== 'fixtures.example.com'),
  unavailable: [],
};

const MINUTE = 60_000;

/**
 * The catalogue with discovery answered from recorded documents and a hand-driven clock: this
 * tests the caching policy only (discovery against the API server is in the e2e suite).
 */
class RecordedCatalogue extends ResourceCatalogue {
  clock = 1_000_000;
  calls = 0;
  /** What the next discovery calls return (the last entry repeats); an Error is thrown. */
  answers: (DiscoveryResult | Error)[] = [WITHOUT_GADGETS];
  /** While set, discovery waits for it. */
  gate?: Promise<void>;

  constructor() {
    const clients = () => Promise.reject(new Error('no API server in unit tests'));
    super({ clients } as Pick<K8sService, 'clients'>);
  }

  protected override async discover(): Promise<DiscoveryResult> {
    this.calls++;
    await this.gate;
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
    if (answer instanceof Error) throw answer;
    return answer;
  }

  protected override now(): number {
    return this.clock;
  }
}

const flush = () => new Promise((done) => setImmediate(done));

describe(ResourceCatalogue.name, () => {
  let sut: RecordedCatalogue;

  // The warnings about failed or incomplete discovery are expected here.
  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    sut = new RecordedCatalogue();
  });

  it('discovers nothing until the first lookup', () => {
    expect(sut.calls).toBe(0);
  });

  it('resolves from one discovery for many lookups', async () => {
    expect((await sut.resolve('deploy')).kind).toBe('Deployment');
    expect((await sut.resolve('svc')).kind).toBe('Service');
    expect((await sut.list()).length).toBe(WITHOUT_GADGETS.kinds.length);
    expect(sut.calls).toBe(1);
  });

  it('coalesces concurrent discoveries into one', async () => {
    let open!: () => void;
    sut.gate = new Promise((done) => (open = done));
    const lookups = Promise.all([sut.resolve('po'), sut.resolve('deploy'), sut.list(), sut.refresh()]);
    await flush();
    expect(sut.calls).toBe(1);
    open();
    const [pod, deploy] = await lookups;
    expect([pod.kind, deploy.kind]).toEqual(['Pod', 'Deployment']);
    expect(sut.calls).toBe(1);
  });

  it('refreshes on a miss, so a CRD created meanwhile is found', async () => {
    await sut.resolve('po');
    sut.answers = [WITH_GADGETS];
    sut.clock += 5_000;
    expect((await sut.resolve('gd')).apiVersion).toBe('fixtures.example.com/v1');
    expect(sut.calls).toBe(2);
  });

  it('refreshes on a miss at most every 2 s, then says the kind is unknown', async () => {
    await sut.resolve('po');
    sut.clock += 2_000;
    await expect(sut.resolve('nope')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    expect(sut.calls).toBe(2);
    sut.clock += 1_000;
    await expect(sut.resolve('nope')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    await expect(sut.resolve('still-nope')).rejects.toBeInstanceOf(AppError);
    expect(sut.calls).toBe(2);
    sut.clock += 1_000;
    await expect(sut.resolve('nope')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    expect(sut.calls).toBe(3);
  });

  it('does not refresh for a miss right after the discovery it waited for', async () => {
    await expect(sut.resolve('nope')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    expect(sut.calls).toBe(1);
  });

  it('does not refresh for an empty name', async () => {
    await sut.resolve('po');
    sut.clock += MINUTE;
    await expect(sut.resolve(' ')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    expect(sut.calls).toBe(1);
  });

  it('answers from the cache past the TTL while it refreshes in the background', async () => {
    await sut.resolve('po');
    sut.answers = [WITH_GADGETS];
    sut.clock += 5 * MINUTE - 1;
    await sut.resolve('po');
    expect(sut.calls).toBe(1);

    sut.clock += 1;
    let open!: () => void;
    sut.gate = new Promise((done) => (open = done));
    expect((await sut.resolve('po')).kind).toBe('Pod');
    expect(sut.calls).toBe(2);
    open();
    await flush();
    expect((await sut.list()).some((k) => k.kind === 'Gadget')).toBe(true);
    expect(sut.calls).toBe(2);
  });

  it('keeps the catalogue it has when a background refresh fails', async () => {
    await sut.resolve('po');
    sut.answers = [new Error('API server down')];
    sut.clock += 6 * MINUTE;
    expect((await sut.resolve('deploy')).kind).toBe('Deployment');
    await flush();
    expect((await sut.resolve('svc')).kind).toBe('Service');
    expect(sut.calls).toBe(2);
  });

  it('fails the first lookup with the discovery error when there is no catalogue yet', async () => {
    const down = new AppError('K8S.UNREACHABLE', 'cannot reach the API server');
    sut.answers = [down, WITHOUT_GADGETS];
    await expect(sut.resolve('po')).rejects.toBe(down);
    expect((await sut.resolve('po')).kind).toBe('Pod');
  });

  it('reports group versions discovery could not read', async () => {
    sut.answers = [{ ...WITHOUT_GADGETS, unavailable: ['metrics.k8s.io/v1beta1'] }];
    await sut.list();
    expect(sut.unavailableGroupVersions()).toEqual(['metrics.k8s.io/v1beta1']);
  });

  it('discovers again after invalidate()', async () => {
    await sut.resolve('po');
    sut.invalidate();
    await sut.resolve('po');
    expect(sut.calls).toBe(2);
  });
});
