import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JOBS, startInterval, stopInterval } from '../common/scheduling/intervals.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { KubeObject } from '../k8s/kube-object.js';
import type { Informer } from '../sync/informer.js';
import { InformerRegistry } from '../sync/informer-registry.js';
import {
  type FieldPath,
  REVISION,
  UNJOURNALLED_KINDS,
  describeCreated,
  diffObjects,
  restartedAtOf,
} from './change-diff.js';
import { ChangeJournal, type JournalPage, type JournalQuery, type JournalStats } from './change-journal.js';
import type { ChangeOp, ChangeRecord, FieldChange } from './change-record.js';
import { JournalFile } from './journal-file.js';
import { dataKeyOwners, lastManager, parseKeyOwners, writerOf } from './writer.js';

/** Kinds cached as metadata only, whose data changes are read from managedFields. */
const DATA_KINDS: ReadonlySet<string> = new Set(['ConfigMap', 'Secret']);

/** The journal's settings, taken from AppConfig. */
type TimelineConfig = Pick<
  AppConfig,
  | 'TIMELINE_ENABLED'
  | 'TIMELINE_MAX_AGE'
  | 'TIMELINE_MEMORY_LIMIT'
  | 'TIMELINE_JOURNAL_PATH'
  | 'TIMELINE_JOURNAL_MAX_FILE_MB'
>;

/** How often buffered records go to the on-disk journal: a crash loses at most this much. */
const FLUSH_EVERY_MS = 1_000;

/**
 * The change journal fed by the informers: one record per add, update and delete of every
 * journalled kind once that kind has synced (the initial LIST is the baseline, not a change), with
 * the field-level diff of what matters (change-diff.ts) and who wrote it (managedFields, read
 * before the store trims them). Updates whose only differences are noise make no record.
 */
@Injectable()
export class ChangeJournalService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChangeJournalService.name);
  private readonly journal: ChangeJournal;
  private readonly removers: (() => void)[] = [];
  /** Data key owners (writer.ts) of each ConfigMap and Secret by uid: managedFields are not cached. */
  private readonly keyOwners = new Map<string, string>();
  private readonly listeners = new Set<(r: ChangeRecord) => void>();
  private folded = 0;
  /** The on-disk journal (TIMELINE_JOURNAL_PATH), when set. */
  private readonly file?: JournalFile;
  /** When this server began recording: its start mark on disk, the end of the gap before it. */
  private readonly startedAt: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: TimelineConfig,
    private readonly registry: InformerRegistry,
    @Optional() private readonly scheduler: SchedulerRegistry = new SchedulerRegistry(),
  ) {
    const limits = {
      maxAgeMs: config.TIMELINE_MAX_AGE * 1000,
      maxBytes: config.TIMELINE_MEMORY_LIMIT * 1024 * 1024,
    };
    const startedAt = (this.startedAt = Date.now());
    if (config.TIMELINE_ENABLED && config.TIMELINE_JOURNAL_PATH) {
      this.file = new JournalFile(
        config.TIMELINE_JOURNAL_PATH,
        config.TIMELINE_JOURNAL_MAX_FILE_MB * 1024 * 1024,
        (message) => this.logger.error(message),
      );
    }
    const loaded = this.load(startedAt, limits.maxAgeMs);
    this.journal = new ChangeJournal(limits, Date.now, loaded?.recordingSince ?? startedAt);
    if (loaded) {
      for (const r of loaded.records) this.journal.append(r);
      for (const gap of loaded.gaps) this.journal.addGap(gap);
      this.logger.log(
        `change journal: ${loaded.records.length} change(s) read from ${config.TIMELINE_JOURNAL_PATH}, history since ${new Date(loaded.recordingSince ?? startedAt).toISOString()}, ${loaded.gaps.length} gap(s) when no server recorded${loaded.skipped ? `, ${loaded.skipped} unreadable line(s) skipped` : ''}`,
      );
    }
    this.journal.onFirstMemoryDrop = (t) =>
      this.logger.warn(
        `change journal at TIMELINE_MEMORY_LIMIT (${config.TIMELINE_MEMORY_LIMIT} MB): oldest changes dropped, complete since ${new Date(t).toISOString()}`,
      );
  }

  /** False when TIMELINE_ENABLED=false: nothing is recorded and queries are refused. */
  get enabled(): boolean {
    return this.config.TIMELINE_ENABLED;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    if (this.file) {
      this.file.start(this.startedAt);
      startInterval(this.scheduler, JOBS.journalFlush, FLUSH_EVERY_MS, () => this.file!.flush());
    }
    for (const informer of this.registry.informers()) {
      const kind = informer.kind.ref.kind;
      if (UNJOURNALLED_KINDS.has(kind)) continue;
      this.removers.push(
        informer.addHandlers({
          add: (obj, raw) => this.onAdd(informer, kind, obj, raw),
          update: (old, obj, raw) => this.onUpdate(informer, kind, old, obj, raw),
          delete: (obj) => this.onDelete(informer, kind, obj),
        }),
      );
    }
  }

  onModuleDestroy(): void {
    for (const off of this.removers.splice(0)) off();
    this.listeners.clear();
    if (this.file) {
      stopInterval(this.scheduler, JOBS.journalFlush);
      this.file.stop();
    }
  }

  /** The on-disk history, or undefined without one; a file that cannot be read is reported and ignored. */
  private load(startedAt: number, maxAgeMs: number) {
    if (!this.file) return undefined;
    try {
      return this.file.load(startedAt - maxAgeMs, startedAt);
    } catch (err) {
      this.logger.error(
        `change journal: cannot read ${this.file.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); starting without its history`,
      );
      return undefined;
    }
  }

  /** Matching records, newest first (see ChangeJournal.query). */
  query(q: JournalQuery): JournalPage {
    return this.journal.query(q);
  }

  /** Counters, bounds and since when the journal is complete. */
  stats(): JournalStats & { foldedAsNoise: number } {
    return { ...this.journal.stats(), foldedAsNoise: this.folded };
  }

  /** Calls `listener` after every record (synchronously on the watch path: keep it cheap). */
  onRecord(listener: (r: ChangeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onAdd(informer: Informer, kind: string, obj: KubeObject, raw?: KubeObject): void {
    if (DATA_KINDS.has(kind)) this.rememberKeys(obj, raw);
    if (!informer.hasSynced()) return;
    this.record('created', kind, obj, lastManager(raw), describeCreated(kind, obj));
  }

  private onUpdate(
    informer: Informer,
    kind: string,
    old: KubeObject,
    obj: KubeObject,
    raw?: KubeObject,
  ): void {
    // Where the changed fields sit in managedFields: whoever owns them now made this write.
    const paths: (FieldPath | undefined)[] = [];
    const changes = diffObjects(kind, old, obj, paths);
    let writer: string | undefined;
    if (DATA_KINDS.has(kind)) {
      const before = this.keyOwners.get(obj.metadata.uid ?? '');
      const after = this.rememberKeys(obj, raw);
      writer = writerOf(raw, [...paths, ...dataKeyPaths(before, after)]);
      changes.push(...dataChanges(before, after, writer, changes.length > 0 || metadataMoved(old, obj)));
    }
    if (!informer.hasSynced()) return;
    if (old.metadata.uid !== obj.metadata.uid) {
      // Deleted and created again under the same name while nobody watched (seen by a relist).
      this.record('deleted', kind, old, undefined, []);
      this.record('created', kind, obj, lastManager(raw), describeCreated(kind, obj));
      return;
    }
    if (changes.length === 0) {
      this.folded++;
      return;
    }
    this.record('updated', kind, obj, writer ?? writerOf(raw, paths), changes);
  }

  private onDelete(informer: Informer, kind: string, obj: KubeObject): void {
    if (DATA_KINDS.has(kind)) this.keyOwners.delete(obj.metadata.uid ?? '');
    if (!informer.hasSynced()) return;
    this.record('deleted', kind, obj, undefined, []);
  }

  private rememberKeys(obj: KubeObject, raw?: KubeObject): string | undefined {
    const owners = dataKeyOwners(raw);
    const uid = obj.metadata.uid ?? '';
    if (owners === undefined) return this.keyOwners.get(uid);
    this.keyOwners.set(uid, owners);
    return owners;
  }

  private record(
    op: ChangeOp,
    kind: string,
    obj: KubeObject,
    manager: string | undefined,
    changes: FieldChange[],
  ): void {
    const m = obj.metadata;
    const owner = m.ownerReferences?.find((r) => r.controller);
    const revision = m.annotations?.[REVISION];
    const restartedAt = restartedAtOf(kind, obj);
    const r = this.journal.append({
      op,
      kind,
      name: m.name,
      namespace: m.namespace || undefined,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      manager,
      owner: owner ? `${owner.kind}/${owner.name}` : undefined,
      revision,
      restartedAt,
      changes,
    });
    this.file?.add(r);
    for (const listener of this.listeners) {
      try {
        listener(r);
      } catch (err) {
        this.logger.error(`change listener failed: ${(err as Error).message}`);
      }
    }
  }
}

/** Something besides the data moved in a metadata-only object (then an rv bump need not mean data). */
function metadataMoved(a: KubeObject, b: KubeObject): boolean {
  const ma = a.metadata;
  const mb = b.metadata;
  return (
    ma.deletionTimestamp !== mb.deletionTimestamp ||
    // Noisy annotations too: a leader-election ConfigMap renews one every few seconds.
    JSON.stringify(ma.annotations ?? {}) !== JSON.stringify(mb.annotations ?? {}) ||
    JSON.stringify(ma.ownerReferences ?? []) !== JSON.stringify(mb.ownerReferences ?? []) ||
    JSON.stringify(ma.finalizers ?? []) !== JSON.stringify(mb.finalizers ?? [])
  );
}

/**
 * fieldsV1 paths of the data keys a write added or took over (a manager owns them that did not
 * before): the writer owns them. Keys of data and binaryData are kept together, so both are named.
 */
function dataKeyPaths(before: string | undefined, after: string | undefined): FieldPath[] {
  const a = parseKeyOwners(before);
  const out: FieldPath[] = [];
  for (const [key, managers] of parseKeyOwners(after)) {
    const had = a.get(key);
    if (had && [...managers].every((m) => had.has(m))) continue;
    out.push(['f:data', `f:${key}`], ['f:binaryData', `f:${key}`]);
  }
  return out;
}

/**
 * What managedFields say about a ConfigMap's or Secret's data (the cache never holds it): keys
 * added or removed, and keys the writer took over from another manager (it changed their values).
 * When nothing else moved, the new resourceVersion was the data: "data: changed" without key names
 * (same writer as before: managedFields do not say which of its keys it changed). Values never.
 */
export function dataChanges(
  before: string | undefined,
  after: string | undefined,
  writer: string | undefined,
  otherChanges: boolean,
): FieldChange[] {
  const a = parseKeyOwners(before);
  const b = parseKeyOwners(after);
  const out: FieldChange[] = [];
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const manager = writer?.replace(/ \(.*\)$/, '');
  const takenOver = manager
    ? [...b.keys()].filter((k) => a.has(k) && b.get(k)!.has(manager) && !a.get(k)!.has(manager))
    : [];
  if (added.length) out.push({ field: 'data keys added', note: added.join(', ') });
  if (removed.length) out.push({ field: 'data keys removed', note: removed.join(', ') });
  if (takenOver.length)
    out.push({ field: 'data changed', note: `keys ${takenOver.join(', ')} (values not shown)` });
  if (out.length === 0 && !otherChanges)
    out.push({ field: 'data changed', note: 'keys not known (same writer as before; values not shown)' });
  return out;
}
