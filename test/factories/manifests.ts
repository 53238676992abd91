// YAML builders for e2e suites: the objects suites create again and again, in one place.

/** A Deployment whose pods (and selector) carry `app: <name>`; KWOK runs the containers. */
export function deploymentManifest(
  name: string,
  replicas: number,
  containers: readonly string[] = ['app'],
): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, labels: { app: ${name} } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
${containers.map((c) => `      - { name: ${c}, image: registry.example/${c}:1.0 }`).join('\n')}
`;
}

/** One RBAC rule on the core API group. */
export interface CoreRule {
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/** A ServiceAccount bound to a namespaced Role with these core-group rules. */
export function serviceAccountWithRole(sa: string, role: string, rules: readonly CoreRule[]): string {
  const lines = rules.map(
    (r) => `- { apiGroups: [""], resources: [${r.resources.join(', ')}], verbs: [${r.verbs.join(', ')}] }`,
  );
  return `
apiVersion: v1
kind: ServiceAccount
metadata: { name: ${sa} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ${role} }
rules:
${lines.join('\n')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ${role} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: ${role} }
subjects: [{ kind: ServiceAccount, name: ${sa} }]
`;
}
