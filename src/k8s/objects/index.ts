// Typed views of the stored Kubernetes objects and each fact derived from them, once
// (STYLE.md rule 16). Every layer above k8s/ reads objects through here.
export * from './event.js';
export * from './ingress.js';
export * from './label-selector.js';
export * from './node.js';
export * from './plain.js';
export * from './pod-references.js';
export * from './pod.js';
export * from './workload.js';
