/**
 * One field of an object that changed, rendered `field from → to` (∅ for absent), or `field: note`
 * when there is no before and after to show (a Secret's data changed).
 */
export interface FieldChange {
  readonly field: string;
  readonly from?: string;
  readonly to?: string;
  readonly note?: string;
}

/** What happened to the object. */
export type ChangeOp = 'created' | 'updated' | 'deleted';

/** One change the journal keeps: compact, values of Secrets and ConfigMaps never included. */
export interface ChangeRecord {
  /** Increases by one per record: the order of changes and the continue token of queries. */
  readonly seq: number;
  /** When the server saw the change (ms since the epoch). */
  readonly time: number;
  readonly op: ChangeOp;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  /** The managedFields manager that wrote last (e.g. "kubectl-edit", "kube-controller-manager"). */
  readonly manager?: string;
  /** The controlling owner at the time, "Kind/name" (a pod's ReplicaSet), to relate changes of objects gone since. */
  readonly owner?: string;
  /** `deployment.kubernetes.io/revision` after the change. */
  readonly revision?: string;
  /** `kubectl.kubernetes.io/restartedAt` of the pod template after the change (kubectl rollout restart). */
  readonly restartedAt?: string;
  readonly changes: readonly FieldChange[];
}

/** One line per field change: `image web:1.4 → web:1.5`. */
export function renderChange(c: FieldChange): string {
  if (c.note !== undefined) return `${c.field}: ${c.note}`;
  if (c.from === undefined && c.to === undefined) return c.field;
  return `${c.field} ${c.from ?? '∅'} → ${c.to ?? '∅'}`;
}
