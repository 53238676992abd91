import { IsOptional, Matches } from 'class-validator';
import { EnvVar } from './env-var.decorator.js';
import {
  Bool,
  FilePath,
  OptionalFilePath,
  HostList,
  HostName,
  IntIn,
  NamespaceList,
  NamespaceName,
  HttpUrl,
  NumberIn,
  OneOf,
  ScopeList,
  ContextList,
  Text,
  TokenList,
} from './validators.js';

import { LOG_LEVELS, normalizeLogLevel, TRANSPORTS } from './choices.js';

export { LOG_LEVELS, TRANSPORTS };

const DAY = 86_400;

/**
 * Every configuration variable, named as in the environment. One schema: the loader, the
 * validation, config.env.example and --help all read it.
 */
export class ConfigSchema {
  // --- Kubernetes access ---
  @EnvVar({
    kind: 'string',
    doc: 'Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster)',
  })
  @IsOptional()
  @Text()
  KUBECONFIG_PATH?: string;

  @EnvVar({
    kind: 'string',
    doc: 'Standard kubectl variable: kubeconfig files separated by ":", merged in order',
  })
  @IsOptional()
  @Text()
  KUBECONFIG?: string;

  @EnvVar({ kind: 'string', doc: 'Kubeconfig context to use (default: the current context)' })
  @IsOptional()
  @Text()
  K8S_CONTEXT?: string;

  @EnvVar({
    kind: 'list',
    default: '',
    doc: 'Kubeconfig contexts a tool call may name in its context argument (comma-separated; * for every context; empty: the default context only)',
  })
  @ContextList()
  K8S_CONTEXTS: string[];

  @EnvVar({
    kind: 'string',
    doc: 'Context of calls that name none (default: K8S_CONTEXT / --context, else the kubeconfig current context)',
  })
  @IsOptional()
  @Text()
  K8S_DEFAULT_CONTEXT?: string;

  @EnvVar({
    kind: 'boolean',
    default: 'false',
    doc: 'Start the live model of every context in K8S_CONTEXTS at start-up (false: on its first call)',
  })
  @Bool()
  K8S_CONTEXTS_EAGER: boolean;

  @EnvVar({
    kind: 'int',
    default: '1800',
    doc: 'Seconds the live model of a context other than the default may go without a call before it is stopped (0: never)',
  })
  @IntIn(0, 7 * DAY)
  K8S_CONTEXT_IDLE_STOP: number;

  @EnvVar({
    kind: 'string',
    default: '',
    doc: 'Namespace policy per context, JSON: {"<context>": {"allowed": [...], "forbidden": [...]}}; a key left out keeps K8S_ALLOWED_NAMESPACES / K8S_FORBIDDEN_NAMESPACES',
  })
  @IsOptional()
  @Text()
  K8S_CONTEXT_NAMESPACES: string;

  @EnvVar({ kind: 'string', default: 'default', doc: 'Namespace used when a tool call names none' })
  @NamespaceName()
  K8S_NAMESPACE: string;

  @EnvVar({
    kind: 'int',
    default: '15',
    doc: 'Seconds a tool call may take in all (one deadline for every API request it makes); also the timeout of each request the sync makes',
  })
  @IntIn(1, 600)
  K8S_REQUEST_TIMEOUT: number;

  // --- Server ---
  @EnvVar({ kind: 'string', default: 'http', doc: 'MCP transport: http (Streamable HTTP + SSE) or stdio' })
  @OneOf(TRANSPORTS)
  K8S_MCP_TRANSPORT: (typeof TRANSPORTS)[number];

  @EnvVar({ kind: 'string', default: 'localhost', doc: 'HTTP bind address' })
  @HostName()
  K8S_MCP_HOST: string;

  @EnvVar({ kind: 'int', default: '8766', doc: 'HTTP port (0 picks a free port)' })
  @IntIn(0, 65_535)
  K8S_MCP_PORT: number;

  @EnvVar({
    kind: 'list',
    default: '',
    doc: 'Bearer tokens accepted on every HTTP route but /health/live and /health/ready (comma-separated, each token or name:token, the name being the identity that owns its sessions; empty: no auth)',
    sensitive: true,
  })
  @TokenList()
  K8S_MCP_AUTH_TOKENS: string[];

  @EnvVar({
    kind: 'list',
    default: '',
    doc: 'Extra bearer tokens accepted on /metrics* only, for Prometheus (comma-separated; the auth tokens work there too)',
    sensitive: true,
  })
  @TokenList()
  K8S_MCP_METRICS_TOKENS: string[];

  @EnvVar({
    kind: 'list',
    default: '',
    doc: 'Host names the Host and Origin headers may name besides loopback names, IP addresses and the bind host (comma-separated; *.example.com for a domain, * for any host)',
  })
  @HostList()
  K8S_MCP_ALLOWED_HOSTS: string[];

  @EnvVar({
    kind: 'string',
    doc: 'OAuth 2.1 authorization server (issuer URL) whose JWT access tokens are accepted beside K8S_MCP_AUTH_TOKENS (unset: no OAuth)',
  })
  @IsOptional()
  @HttpUrl()
  K8S_MCP_OAUTH_ISSUER?: string;

  @EnvVar({
    kind: 'string',
    doc: "This server's resource URI (RFC 8707), e.g. https://mcp.example.com/mcp: access tokens must name it in aud (required with K8S_MCP_OAUTH_ISSUER)",
  })
  @IsOptional()
  @HttpUrl()
  K8S_MCP_OAUTH_AUDIENCE?: string;

  @EnvVar({
    kind: 'list',
    default: '',
    doc: 'Scopes every access token must carry in scope or scp (comma-separated; empty: none)',
  })
  @ScopeList()
  K8S_MCP_OAUTH_REQUIRED_SCOPES: string[];

  @EnvVar({
    kind: 'string',
    doc: "The issuer's JWKS URL (default: jwks_uri of its /.well-known/openid-configuration, else of /.well-known/oauth-authorization-server)",
  })
  @IsOptional()
  @HttpUrl()
  K8S_MCP_OAUTH_JWKS_URL?: string;

  @EnvVar({
    kind: 'int',
    default: '30',
    doc: 'Seconds of clock skew allowed on exp, nbf and iat of access tokens',
  })
  @IntIn(0, 300)
  K8S_MCP_OAUTH_CLOCK_SKEW: number;

  @EnvVar({
    kind: 'boolean',
    default: 'false',
    doc: "Act as each person (OAuth caller) on the API server: requests carry Impersonate-User/-Group from the token's claims and watch-cache answers are checked with a SubjectAccessReview (the ServiceAccount needs impersonate and create subjectaccessreviews)",
  })
  @Bool()
  K8S_MCP_IMPERSONATION: boolean;

  @EnvVar({
    kind: 'string',
    default: 'sub',
    doc: 'Access-token claim that is the Kubernetes username under impersonation (as kube-apiserver --oidc-username-claim)',
  })
  @Matches(/^[A-Za-z0-9_:.-]{1,64}$/, { message: 'expected a claim name' })
  K8S_MCP_IMPERSONATION_USERNAME_CLAIM: string;

  @EnvVar({
    kind: 'string',
    doc: 'Prefix put before the username (as --oidc-username-prefix): default "<issuer>#" unless the claim is email; "-" for none',
  })
  @IsOptional()
  @Matches(/^[!-+\--~]{1,128}$/, { message: 'expected a prefix without spaces or commas' })
  K8S_MCP_IMPERSONATION_USERNAME_PREFIX?: string;

  @EnvVar({
    kind: 'string',
    default: 'groups',
    doc: 'Access-token claim that lists the Kubernetes groups under impersonation (as --oidc-groups-claim; a string or a list)',
  })
  @Matches(/^[A-Za-z0-9_:.-]{1,64}$/, { message: 'expected a claim name' })
  K8S_MCP_IMPERSONATION_GROUPS_CLAIM: string;

  @EnvVar({
    kind: 'string',
    doc: 'Prefix put before every group (as --oidc-groups-prefix; default none)',
  })
  @IsOptional()
  @Matches(/^[!-+\--~]{1,128}$/, { message: 'expected a prefix without spaces or commas' })
  K8S_MCP_IMPERSONATION_GROUPS_PREFIX?: string;

  @EnvVar({
    kind: 'boolean',
    default: 'false',
    doc: 'Under impersonation, a named static token (name:token) acts as the Kubernetes user of its name (otherwise static tokens keep the ServiceAccount)',
  })
  @Bool()
  K8S_MCP_IMPERSONATION_STATIC_TOKENS: boolean;

  @EnvVar({
    kind: 'int',
    default: '10',
    doc: "Seconds a person's SubjectAccessReview answer is reused for watch-cache reads",
  })
  @IntIn(1, 300)
  K8S_MCP_SAR_CACHE_TTL: number;

  @EnvVar({
    kind: 'int',
    default: '10000',
    doc: 'Most SubjectAccessReview answers kept (oldest dropped first)',
  })
  @IntIn(100, 1000000)
  K8S_MCP_SAR_CACHE_SIZE: number;

  @EnvVar({
    kind: 'boolean',
    default: 'false',
    doc: 'Allow binding HTTP to a non-loopback address without K8S_MCP_AUTH_TOKENS (otherwise the server refuses to start)',
  })
  @Bool()
  K8S_MCP_ALLOW_UNAUTHENTICATED: boolean;

  @EnvVar({
    kind: 'int',
    default: '1800',
    doc: 'Seconds an MCP session may go without a request (and with no open stream) before it is closed (0: never)',
  })
  @IntIn(0, 7 * DAY)
  K8S_MCP_SESSION_IDLE_TIMEOUT: number;

  @EnvVar({ kind: 'int', default: '1000', doc: 'Open MCP sessions in all (both HTTP transports)' })
  @IntIn(1, 1_000_000)
  K8S_MCP_MAX_SESSIONS: number;

  @EnvVar({ kind: 'int', default: '100', doc: 'Open MCP sessions per identity (per token)' })
  @IntIn(1, 1_000_000)
  K8S_MCP_MAX_SESSIONS_PER_IDENTITY: number;

  @EnvVar({ kind: 'int', default: '200', doc: 'Open SSE streams in all (GET /sse and GET /mcp)' })
  @IntIn(1, 1_000_000)
  K8S_MCP_MAX_STREAMS: number;

  @EnvVar({ kind: 'int', default: '50', doc: 'Resource subscriptions per MCP session' })
  @IntIn(0, 100_000)
  K8S_MCP_MAX_SUBSCRIPTIONS: number;

  @EnvVar({ kind: 'int', default: '4194304', doc: 'Largest HTTP request body in bytes (413 above)' })
  @IntIn(1024, 1_073_741_824)
  K8S_MCP_MAX_BODY_BYTES: number;

  @EnvVar({ kind: 'boolean', default: 'false', doc: 'Debug mode: log level debug and error details in logs' })
  @Bool()
  K8S_MCP_DEBUG: boolean;

  @EnvVar({
    kind: 'string',
    default: 'info',
    doc: 'Log level: fatal, error, warn, info, debug, trace or silent; also DEBUG, INFO, WARNING, ERROR, CRITICAL (any case)',
    normalize: normalizeLogLevel,
  })
  @OneOf(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number];

  @EnvVar({
    kind: 'string',
    default: 'logs',
    doc: 'Folder for app.log and error.log (empty: stderr only; over stdio by default ~/.local/state/k8s-mcp/logs)',
  })
  @IsOptional()
  @Text()
  LOG_DIR: string;

  // --- Live cluster model ---
  @EnvVar({ kind: 'boolean', default: 'true', doc: 'Keep the resource-relationship graph' })
  @Bool()
  ENABLE_KNOWLEDGE_GRAPH: boolean;

  @EnvVar({ kind: 'int', default: '300', doc: 'Seconds between full resyncs of the watch cache (0: never)' })
  @IntIn(0, DAY)
  SYNC_INTERVAL: number;

  @EnvVar({ kind: 'int', default: '3', doc: 'Default and maximum depth of relation queries' })
  @IntIn(1, 10)
  GRAPH_MAX_DEPTH: number;

  @EnvVar({
    kind: 'int',
    default: '3600',
    doc: 'Seconds a graph node may go unconfirmed by the sync before it is evicted (0: never)',
  })
  @IntIn(0, 7 * DAY)
  GRAPH_TTL: number;

  @EnvVar({
    kind: 'int',
    default: '1024',
    doc: 'Memory bound of the graph in MB (estimated; above it, low-priority kinds are dropped)',
  })
  @IntIn(16, 65_536)
  GRAPH_MEMORY_LIMIT: number;

  @EnvVar({
    kind: 'boolean',
    default: 'true',
    doc: 'Keep the change journal that k8s-what-changed and k8s://changes answer from',
  })
  @Bool()
  TIMELINE_ENABLED: boolean;

  @EnvVar({ kind: 'int', default: '21600', doc: 'Seconds a change stays in the change journal' })
  @IntIn(60, 30 * DAY)
  TIMELINE_MAX_AGE: number;

  @EnvVar({
    kind: 'int',
    default: '64',
    doc: 'Memory bound of the change journal in MB (estimated; above it the oldest changes are dropped)',
  })
  @IntIn(1, 16_384)
  TIMELINE_MEMORY_LIMIT: number;

  @EnvVar({
    kind: 'string',
    default: '',
    doc: 'File of the on-disk change journal, kept across restarts (append-only JSON lines; empty: memory only)',
  })
  @OptionalFilePath()
  TIMELINE_JOURNAL_PATH: string;

  @EnvVar({
    kind: 'int',
    default: '64',
    doc: 'Size in MB at which the on-disk change journal is rotated to <path>.1 (one rotated file is kept)',
  })
  @IntIn(1, 1_048_576)
  TIMELINE_JOURNAL_MAX_FILE_MB: number;

  @EnvVar({ kind: 'number', default: '10', doc: 'Default size budget of a cluster summary in KB' })
  @NumberIn(1, 1024)
  MAX_SUMMARY_SIZE_KB: number;

  @EnvVar({
    kind: 'int',
    default: '600',
    doc: 'Seconds a watch stays open before it is renewed (randomised around this)',
  })
  @IntIn(30, DAY)
  WATCH_TIMEOUT: number;

  @EnvVar({
    kind: 'int',
    default: '3',
    doc: 'Fast retries of a failing watched kind before it is marked degraded and its alert fires (it keeps retrying, slowly)',
  })
  @IntIn(1, 100)
  MAX_RETRY_COUNT: number;

  // --- Monitoring ---
  @EnvVar({ kind: 'boolean', default: 'true', doc: 'Metric collection, alerts and the monitoring endpoints' })
  @Bool()
  MONITORING_ENABLED: boolean;

  @EnvVar({ kind: 'int', default: '30', doc: 'Seconds between metric samples' })
  @IntIn(1, 3600)
  METRICS_COLLECTION_INTERVAL: number;

  @EnvVar({ kind: 'int', default: '1000', doc: 'Samples kept in the metric history' })
  @IntIn(10, 1_000_000)
  METRICS_HISTORY_SIZE: number;

  @EnvVar({
    kind: 'boolean',
    default: 'true',
    doc: 'Probe the API server every HEALTH_CHECK_INTERVAL seconds (false: only when /health is asked)',
  })
  @Bool()
  HEALTH_CHECK_ENABLED: boolean;

  @EnvVar({ kind: 'int', default: '30', doc: 'Seconds between health checks' })
  @IntIn(1, 3600)
  HEALTH_CHECK_INTERVAL: number;

  @EnvVar({
    kind: 'boolean',
    default: 'true',
    doc: '/health/ready stays 503 until every watched kind has synced once (false: ready once the API server answers)',
  })
  @Bool()
  HEALTH_READY_WAIT_FOR_SYNC: boolean;

  @EnvVar({
    kind: 'number',
    default: '5.0',
    doc: 'Alert when the mean API response time exceeds this many seconds',
  })
  @NumberIn(0, 3600)
  ALERT_API_RESPONSE_TIME_MAX: number;

  @EnvVar({ kind: 'number', default: '80', doc: 'Alert when process CPU exceeds this percentage' })
  @NumberIn(0, 100)
  ALERT_CPU_PERCENT_MAX: number;

  @EnvVar({ kind: 'number', default: '85', doc: 'Alert when system memory use exceeds this percentage' })
  @NumberIn(0, 100)
  ALERT_MEMORY_PERCENT_MAX: number;

  @EnvVar({ kind: 'number', default: '5.0', doc: 'Alert when the error rate exceeds this percentage' })
  @NumberIn(0, 100)
  ALERT_ERROR_RATE_MAX: number;

  @EnvVar({ kind: 'number', default: '300', doc: 'Alert when no sync event arrived for this many seconds' })
  @NumberIn(0, 7 * DAY)
  ALERT_SYNC_DELAY_MAX: number;

  // --- Security ---
  @EnvVar({
    kind: 'list',
    default: '',
    doc: 'Only these namespaces are visible (comma-separated; empty: all)',
  })
  @NamespaceList()
  K8S_ALLOWED_NAMESPACES: string[];

  @EnvVar({ kind: 'list', default: '', doc: 'These namespaces are never visible (deny wins over allow)' })
  @NamespaceList()
  K8S_FORBIDDEN_NAMESPACES: string[];

  @EnvVar({ kind: 'int', default: '100', doc: 'Default and maximum page size of list tools' })
  @IntIn(1, 10_000)
  K8S_MAX_RESOURCES: number;

  @EnvVar({ kind: 'int', default: '100', doc: 'Largest replica count k8s-scale-deployment accepts' })
  @IntIn(0, 100_000)
  K8S_MAX_SCALE_REPLICAS: number;

  @EnvVar({ kind: 'boolean', default: 'true', doc: 'Write one JSON line per tool call to the audit log' })
  @Bool()
  K8S_AUDIT_ENABLED: boolean;

  @EnvVar({
    kind: 'string',
    default: 'logs/audit.log',
    doc: 'Audit log file, JSON lines (over stdio by default ~/.local/state/k8s-mcp/audit.log)',
  })
  @FilePath()
  K8S_AUDIT_LOG_PATH: string;

  @EnvVar({
    kind: 'boolean',
    default: 'false',
    doc: 'Serve tool calls even when the audit log cannot be written (false: such calls fail with an error and /health/ready fails)',
  })
  @Bool()
  K8S_AUDIT_FAIL_OPEN: boolean;

  @EnvVar({
    kind: 'int',
    default: '100',
    doc: 'Size in MB at which the audit log is rotated to <path>.1 (0: never)',
  })
  @IntIn(0, 1_048_576)
  K8S_AUDIT_MAX_FILE_MB: number;

  @EnvVar({
    kind: 'int',
    default: '5',
    doc: 'Rotated audit log files kept (<path>.1 is the newest; 0: none)',
  })
  @IntIn(0, 1000)
  K8S_AUDIT_KEEP_FILES: number;

  @EnvVar({ kind: 'boolean', default: 'false', doc: 'Hide and refuse every tool that changes the cluster' })
  @Bool()
  K8S_READ_ONLY: boolean;
}

export type ConfigVariable = keyof ConfigSchema;
