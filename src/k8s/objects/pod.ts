import type { V1ContainerState, V1ContainerStatus } from '@kubernetes/client-node';
import type { Plain, Pod } from './plain.js';

// A pod's STATUS, READY and RESTARTS, computed once for every tool, the graph and the summary, as
// kubectl's printPod computes them (kubernetes pkg/printers/internalversion/printers.go).
//
// Which containers count, as kubectl:
// - READY counts the regular containers plus the restartable init containers (sidecars:
//   restartPolicy Always), which run for the pod's whole life. A regular container is ready when it
//   runs and is ready; a sidecar when it has started and is ready.
// - RESTARTS, once the pod is initialised, adds up the regular containers and the sidecars; while
//   it is still initialising, every init container's restarts (the ones that are failing then).

/** One container's status, plain. */
export type ContainerStatus = Plain<V1ContainerStatus>;
/** One state of a container (waiting, running or terminated), plain. */
export type ContainerState = Plain<V1ContainerState>;

const NONE: readonly ContainerStatus[] = [];

/** The pod's facts as kubectl's pod row shows them. */
export interface PodFacts {
  /** The STATUS column: the most telling reason wins over the phase. */
  readonly status: string;
  /** Ready containers (regular and sidecar). */
  readonly ready: number;
  /** Containers that count for READY: regular ones plus restartable init containers. */
  readonly total: number;
  /** The RESTARTS column. */
  readonly restarts: number;
}

/** Names of the pod's restartable init containers (sidecars). */
function sidecarNames(pod: Pod): ReadonlySet<string> | undefined {
  let names: Set<string> | undefined;
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') (names ??= new Set()).add(c.name);
  }
  return names;
}

/** STATUS, READY and RESTARTS of a pod, as kubectl get pods prints them. */
export function podFacts(pod: Pod): PodFacts {
  const status = pod.status;
  const sidecars = sidecarNames(pod);
  const initSpecs = pod.spec?.initContainers?.length ?? 0;
  const total =
    (pod.spec?.containers?.length ?? status?.containerStatuses?.length ?? 0) + (sidecars?.size ?? 0);
  let reason = status?.reason || status?.phase || 'Unknown';
  for (const c of status?.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  let restarts = 0;
  let sidecarRestarts = 0;
  let ready = 0;
  let initializing = false;
  const init = status?.initContainerStatuses ?? NONE;
  for (let i = 0; i < init.length; i++) {
    const c = init[i]!;
    restarts += c.restartCount ?? 0;
    if (sidecars?.has(c.name)) {
      sidecarRestarts += c.restartCount ?? 0;
      if (c.started && c.ready) ready++;
      continue;
    }
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    initializing = true;
    if (t) {
      reason = t.reason
        ? `Init:${t.reason}`
        : t.signal
          ? `Init:Signal:${t.signal}`
          : `Init:ExitCode:${t.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs || init.length}`;
    }
    break;
  }
  const initialized = status?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    const main = status?.containerStatuses ?? NONE;
    for (let i = main.length - 1; i >= 0; i--) {
      const c = main[i]!;
      restarts += c.restartCount ?? 0;
      const s = c.state;
      if (s?.waiting?.reason) reason = s.waiting.reason;
      else if (s?.terminated?.reason) reason = s.terminated.reason;
      else if (s?.terminated)
        reason = s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode}`;
      else if (c.ready && s?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
        ? 'Running'
        : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) {
    if (status?.reason === 'NodeLost') reason = 'Unknown';
    else if (status?.phase !== 'Succeeded' && status?.phase !== 'Failed') reason = 'Terminating';
  }
  return { status: reason, ready, total, restarts };
}

/** The STATUS column as kubectl computes it. */
export function podStatus(pod: Pod): string {
  return podFacts(pod).status;
}

/** "ready/total" containers, as kubectl's READY column. */
export function podReady(pod: Pod): string {
  const f = podFacts(pod);
  return `${f.ready}/${f.total}`;
}

/** The RESTARTS column: which containers count is said at the top of this file. */
export function podRestarts(pod: Pod): number {
  return podFacts(pod).restarts;
}

/** Every container status of a pod, init containers first. */
export function containerStatuses(pod: Pod): readonly ContainerStatus[] {
  // Every pod detector asks for every pod: no copy in the common case of no init containers.
  const init = pod.status?.initContainerStatuses;
  const main = pod.status?.containerStatuses ?? NONE;
  return init?.length ? [...init, ...main] : main;
}
