import { applyDecorators } from '@nestjs/common';
import { IsBoolean, IsIn, IsInt, IsNumber, Matches, Max, Min, ValidateBy } from 'class-validator';

// Every message starts with "expected" so the loader can print `NAME=value: expected ...`.

export const IntIn = (min: number, max: number): PropertyDecorator => {
  const message = `expected an integer from ${min} to ${max}`;
  return applyDecorators(IsInt({ message }), Min(min, { message }), Max(max, { message }));
};

export const NumberIn = (min: number, max: number): PropertyDecorator => {
  const message = `expected a number from ${min} to ${max}`;
  return applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    Min(min, { message }),
    Max(max, { message }),
  );
};

export const Bool = (): PropertyDecorator => IsBoolean({ message: 'expected a boolean (true or false)' });

export const OneOf = (values: readonly string[]): PropertyDecorator =>
  IsIn(values as string[], { message: `expected one of ${values.join(', ')}` });

// Control characters in a path or a name are always a paste or quoting mistake, and a newline
// would also break the one-line-per-problem report.
/** True when the text holds a C0 control character or DEL. */
export function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export const Text = (): PropertyDecorator =>
  ValidateBy({
    name: 'text',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !hasControlChars(value),
      defaultMessage: () => 'expected a string without control characters',
    },
  });

/** A file path, or empty for "off" (an optional file such as the on-disk change journal). */
export const OptionalFilePath = (): PropertyDecorator =>
  ValidateBy({
    name: 'optionalFilePath',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !hasControlChars(value),
      defaultMessage: () => 'expected a file path (no control characters) or empty',
    },
  });

export const FilePath = (): PropertyDecorator =>
  ValidateBy({
    name: 'filePath',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value !== '' && !hasControlChars(value),
      defaultMessage: () => 'expected a file path (not empty, no control characters)',
    },
  });

// RFC 6750 b64token: what may follow "Bearer " in an Authorization header. It has no ':', so
// `name:token` (a token with the identity it stands for) is unambiguous.
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Splits `name:token` (or a bare token) into its parts; undefined when malformed. */
export function parseTokenEntry(entry: string): { name?: string; token: string } | undefined {
  const colon = entry.indexOf(':');
  const name = colon < 0 ? undefined : entry.slice(0, colon);
  const token = colon < 0 ? entry : entry.slice(colon + 1);
  if (name !== undefined && !TOKEN_NAME.test(name)) return undefined;
  return BEARER_TOKEN.test(token) ? { name, token } : undefined;
}

export const TokenList = (): PropertyDecorator =>
  ValidateBy({
    name: 'tokenList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((v) => typeof v === 'string' && parseTokenEntry(v) !== undefined),
      defaultMessage: () =>
        'expected comma-separated bearer tokens, each `token` or `name:token` (token: letters, digits and -._~+/ with optional trailing =; name: letters, digits and ._@-)',
    },
  });

// A host name (RFC 1123, any case), an IP literal, `*.suffix` for every name under a domain, or
// `*` for any host (turns the DNS-rebinding check off).
const HOST_PATTERN =
  /^(\*|(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

export const HostList = (): PropertyDecorator =>
  ValidateBy({
    name: 'hostList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((v) => typeof v === 'string' && HOST_PATTERN.test(v)),
      defaultMessage: () =>
        'expected comma-separated host names without ports (example.com, *.example.com, or * for any)',
    },
  });

/** RFC 1123 label, as Kubernetes requires for namespace names (security/namespace-name.ts reuses it). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const NamespaceName = (): PropertyDecorator =>
  Matches(DNS_LABEL, {
    message: 'expected a namespace name (lowercase RFC 1123 label, at most 63 characters)',
  });

export const NamespaceList = (): PropertyDecorator =>
  ValidateBy({
    name: 'namespaceList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((v) => typeof v === 'string' && DNS_LABEL.test(v)),
      defaultMessage: () => 'expected a comma-separated list of namespace names',
    },
  });

export const HostName = (): PropertyDecorator =>
  Matches(/^[A-Za-z0-9.:[\]-]+$/, { message: 'expected a host name or IP address' });

/** An absolute http(s) URL without a fragment (OAuth issuers, resource URIs, JWKS addresses). */
export const HttpUrl = (): PropertyDecorator =>
  ValidateBy({
    name: 'httpUrl',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || hasControlChars(value)) return false;
        try {
          const url = new URL(value);
          return (
            (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '' && url.username === ''
          );
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'expected an absolute http(s) URL without a fragment or credentials',
    },
  });

// A conservative subset of RFC 6749's scope-token: what issuers use in practice (mcp:tools,
// api://app/read, https://example.com/x.read), not the quote-and-bang oddities the RFC allows.
const SCOPE_TOKEN = /^[A-Za-z0-9._:/~+@=-]+$/;

export const ScopeList = (): PropertyDecorator =>
  ValidateBy({
    name: 'scopeList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((v) => typeof v === 'string' && SCOPE_TOKEN.test(v)),
      defaultMessage: () => 'expected comma-separated OAuth scopes (letters, digits and ._:/~+@=-)',
    },
  });

// What real context names use: kind-x, gke_project_zone_name, an EKS ARN (arn:aws:eks:…:cluster/x),
// OpenShift's default/api-host:6443/kube:admin. Spaces, quotes and `!` are paste mistakes.
const CONTEXT_NAME = /^[A-Za-z0-9._:/@+=-]+$/;

/** K8S_CONTEXTS: kubeconfig context names, or `*` alone for every context. */
export const ContextList = (): PropertyDecorator =>
  ValidateBy({
    name: 'contextList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) &&
        ((value.length === 1 && value[0] === '*') ||
          value.every((v) => typeof v === 'string' && CONTEXT_NAME.test(v))),
      defaultMessage: () =>
        'expected comma-separated kubeconfig context names (letters, digits and ._:/@+=-), or * alone for every context',
    },
  });
