/** The API groups a person's reader Role covers by default: every group the server watches. */
export const WATCHED_API_GROUPS = [
  '',
  'apps',
  'discovery.k8s.io',
  'batch',
  'networking.k8s.io',
  'policy',
  'autoscaling',
  'events.k8s.io',
];

/**
 * A Role `reader` (get, list, watch on every resource of `apiGroups`) in `ns` and its RoleBinding
 * to `subject` (a YAML flow mapping), as one multi-document manifest for applyYaml.
 */
export const readerRole = (
  ns: string,
  subject: string,
  apiGroups: readonly string[] = WATCHED_API_GROUPS,
) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: ${ns} }
rules:
  - apiGroups: [${apiGroups.map((g) => `'${g}'`).join(', ')}]
    resources: ['*']
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: reader, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [${subject}]
`;
