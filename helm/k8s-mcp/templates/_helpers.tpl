{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "k8s-mcp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "k8s-mcp.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "k8s-mcp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "k8s-mcp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "k8s-mcp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "k8s-mcp.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "k8s-mcp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "k8s-mcp.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding K8S_MCP_AUTH_TOKENS ("" when auth is off). */}}
{{- define "k8s-mcp.authSecretName" -}}
{{- if not .Values.auth.enabled }}
{{- else if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecret }}
{{- else }}
{{- include "k8s-mcp.fullname" . }}-auth
{{- end }}
{{- end }}

{{/*
Host names the server accepts in Host and Origin headers (K8S_MCP_ALLOWED_HOSTS), comma-separated:
the Service's DNS names, the Ingress hosts, then config.K8S_MCP_ALLOWED_HOSTS. Loopback names and IP
addresses always pass (the server's own rule), so a port-forward to localhost needs nothing here.
*/}}
{{- define "k8s-mcp.allowedHosts" -}}
{{- $svc := include "k8s-mcp.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $hosts := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns .Values.clusterDomain) }}
{{- if .Values.ingress.enabled }}
{{- $hosts = concat $hosts .Values.ingress.hosts }}
{{- end }}
{{- $hosts = concat $hosts .Values.config.K8S_MCP_ALLOWED_HOSTS }}
{{- join "," (uniq $hosts) }}
{{- end }}

{{/*
The configuration as environment variables (all but the tokens, which come from the Secret): lists are joined
with ",", an empty string leaves the variable unset, except LOG_DIR where empty means "stdout";
K8S_MCP_ALLOWED_HOSTS also names the Service and the Ingress hosts.
*/}}
{{- define "k8s-mcp.configEnv" -}}
{{- range $key, $value := .Values.config }}
{{- if not (has $key (list "K8S_MCP_AUTH_TOKENS" "K8S_MCP_METRICS_TOKENS")) }}
{{- $text := ternary (join "," $value) (toString $value) (kindIs "slice" $value) }}
{{- if eq $key "K8S_MCP_ALLOWED_HOSTS" }}
{{- $text = include "k8s-mcp.allowedHosts" $ }}
{{- end }}
{{- if or (ne $text "") (eq $key "LOG_DIR") (kindIs "slice" $value) }}
{{ $key }}: {{ $text | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* Namespaces that get a Role when rbac.scope is namespace. */}}
{{- define "k8s-mcp.roleNamespaces" -}}
{{- if .Values.config.K8S_ALLOWED_NAMESPACES }}
{{- join "," .Values.config.K8S_ALLOWED_NAMESPACES }}
{{- else }}
{{- .Release.Namespace }}
{{- end }}
{{- end }}

{{/* Rules on namespaced kinds: read everything the tools and the watch cache use. */}}
{{- define "k8s-mcp.namespacedRules" -}}
- apiGroups: [""]
  resources: [pods, services, events, configmaps, persistentvolumeclaims, serviceaccounts]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [pods/log]
  verbs: [get]
{{- if eq .Values.rbac.secrets "metadata-only" }}
# RBAC cannot grant metadata alone: the server keeps Secrets as metadata and never returns a value.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch]
{{- end }}
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments, replicasets, statefulsets, daemonsets]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments/scale]
  {{- if .Values.config.K8S_READ_ONLY }}
  verbs: [get]
  {{- else }}
  # k8s-scale-deployment; dropped when config.K8S_READ_ONLY is true.
  verbs: [get, patch, update]
  {{- end }}
- apiGroups: [batch]
  resources: [jobs, cronjobs]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses, networkpolicies]
  verbs: [get, list, watch]
- apiGroups: [autoscaling]
  resources: [horizontalpodautoscalers]
  verbs: [get, list, watch]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, list, watch]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [get, list, watch]
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [get, list, watch]
{{- with .Values.rbac.extraRules }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Rules on cluster-scoped kinds. */}}
{{- define "k8s-mcp.clusterRules" -}}
- apiGroups: [""]
  resources: [namespaces, nodes, persistentvolumes]
  verbs: [get, list, watch]
- apiGroups: [storage.k8s.io]
  resources: [storageclasses]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingressclasses]
  verbs: [get, list, watch]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [clusterroles, clusterrolebindings]
  verbs: [get, list, watch]
# The summary's webhook detector reads these (not watched; a short cache).
- apiGroups: [admissionregistration.k8s.io]
  resources: [validatingwebhookconfigurations, mutatingwebhookconfigurations]
  verbs: [get, list]
{{- end }}

{{/* The PersistentVolumeClaim holding the audit log (persistence.enabled). */}}
{{- define "k8s-mcp.auditClaimName" -}}
{{- default (printf "%s-audit" (include "k8s-mcp.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}
