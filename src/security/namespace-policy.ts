import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { namespaceNotFound } from '../common/errors/not-found.js';
import { currentContext } from '../common/logging/request-context.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { maskHiddenReferences, maskValue, type NameMasker } from './masking.js';
import { HIDDEN_NAME, HIDDEN_NAMESPACE } from './masking-words.js';

export { HIDDEN_NAME, HIDDEN_NAMESPACE };

/**
 * K8S_ALLOWED_NAMESPACES / K8S_FORBIDDEN_NAMESPACES (deny wins). Applied where requests leave for
 * the API server and where results leave the server, never inside tools.
 *
 * A hidden namespace is answered exactly as a namespace that does not exist (namespaceNotFound),
 * and its name is masked in everything that leaves (maskText / maskValue). Under a deny-list the
 * hidden names are the list; under an allow-list they are every namespace of the cluster outside
 * it, which the sync reports through noteNamespaces (a metadata-only watch of Namespace names).
 */
@Injectable()
export class NamespacePolicy implements NameMasker {
  private readonly allowed: ReadonlySet<string> | undefined;
  private readonly forbidden: ReadonlySet<string>;
  /** Every namespace name the cluster has shown (never forgotten: old names linger in events). */
  private readonly known = new Set<string>();
  private knownSynced = false;
  private pattern: RegExp | undefined;
  /** Hidden names the pattern was built from; rebuilt when a new hidden name appears. */
  private patternSize = -1;
  private readonly hidden = new Set<string>();

  constructor(
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'K8S_ALLOWED_NAMESPACES' | 'K8S_FORBIDDEN_NAMESPACES'>,
  ) {
    this.allowed = config.K8S_ALLOWED_NAMESPACES.length ? new Set(config.K8S_ALLOWED_NAMESPACES) : undefined;
    this.forbidden = new Set(config.K8S_FORBIDDEN_NAMESPACES);
    for (const ns of this.forbidden) this.hidden.add(ns);
  }

  /** True when objects of this namespace may leave the server. */
  isAllowed(namespace: string): boolean {
    if (this.forbidden.has(namespace)) return false;
    return this.allowed === undefined || this.allowed.has(namespace);
  }

  /**
   * The one answer for a namespace that does not exist, or that the policy hides: the two must be
   * indistinguishable (same code, text and hint), so a caller cannot probe which hidden namespaces
   * exist. `details.denied` is for the audit log only; it never reaches a client.
   */
  namespaceNotFound(namespace: string, denied = false): AppError {
    const err = namespaceNotFound(namespace);
    if (!denied) return err;
    return new AppError(err.code, err.message, { ...err.options, details: { ...err.details, denied: true } });
  }

  /** Throws namespaceNotFound for a namespace the policy hides. */
  assertAllowed(namespace: string): void {
    if (!this.isAllowed(namespace)) throw this.namespaceNotFound(namespace, true);
  }

  /**
   * assertAllowed, and — when the policy hides some namespaces — refuses one the sync knows does
   * not exist with the same answer, so hidden and missing namespaces look alike. (KubeApi confirms
   * a miss with the API server; callers without it accept the watch's word.)
   */
  assertVisible(namespace: string): void {
    this.assertAllowed(namespace);
    if (!this.unrestricted && this.knownToExist(namespace) === false) throw this.namespaceNotFound(namespace);
  }

  /** The allow-list minus denied namespaces, or undefined when every namespace not denied is visible. */
  explicitNamespaces(): string[] | undefined {
    return this.allowed ? [...this.allowed].filter((ns) => !this.forbidden.has(ns)).sort() : undefined;
  }

  /**
   * The deny-list, sorted. Only for counting what a read left out (a watch cache never holds these
   * namespaces, so it cannot tell which of them hold objects); never to be shown.
   */
  deniedNamespaces(): string[] {
    return [...this.forbidden].sort();
  }

  /** True when no namespace is hidden at all. */
  get unrestricted(): boolean {
    return this.allowed === undefined && this.forbidden.size === 0;
  }

  /** Namespace names seen in the cluster (the sync calls this); `synced` once a full list was seen. */
  noteNamespaces(names: Iterable<string>, synced = false): void {
    for (const ns of names) {
      this.known.add(ns);
      if (!this.isAllowed(ns)) this.hidden.add(ns);
    }
    if (synced) this.knownSynced = true;
  }

  /**
   * Whether the namespace exists as far as the server's watch knows: undefined when it cannot tell
   * (no complete list seen yet), so callers fall back to asking the API server.
   */
  knownToExist(namespace: string): boolean | undefined {
    if (this.known.has(namespace)) return true;
    return this.knownSynced ? false : undefined;
  }

  /** Every name this policy masks (the deny-list, and under an allow-list the cluster's other namespaces). */
  hiddenNames(): ReadonlySet<string> {
    return this.hidden;
  }

  /**
   * Text with every mention of a hidden namespace masked, with the object name that goes with it:
   * "hidden/api" and "system:serviceaccount:hidden:builder" lose both parts, "api.hidden.svc" too.
   * Whole words only: "ops" stays in "devops" and "ops-2". `keep` holds the strings the caller sent:
   * a refusal may echo them, and masking an echo would tell the caller that their guess is the
   * name of a hidden namespace. Any mention that is part of a string the caller sent is kept, so
   * an echo stays whole however it is cut, trimmed or escaped ("hidden/.." sent, "hidden/.." or the
   * first 40 characters of "hidden zzz…" echoed): the caller knows that name already.
   */
  maskText(text: string, keep?: ReadonlySet<string>): string {
    const pattern = this.maskPattern();
    if (!pattern || text === '') return text;
    const sent = keep?.size ? [...keep] : [];
    pattern.lastIndex = 0;
    return text.replace(
      pattern,
      (match: string, prefix: string | undefined, _ns: string, sep?: string, name?: string) => {
        if (sent.some((s) => s.includes(match))) return match;
        const before = prefix !== undefined ? `${HIDDEN_NAME}.` : '';
        const after = sep !== undefined && name !== undefined ? `${sep}${HIDDEN_NAME}` : '';
        return `${before}${HIDDEN_NAMESPACE}${after}`;
      },
    );
  }

  /** maskText applied to every string, and every key, of a JSON-like value (any depth). */
  maskValue<T>(value: T, keep?: ReadonlySet<string>): T {
    if (!this.maskPattern()) return value;
    return maskValue(value, (s) => this.maskText(s, keep));
  }

  /**
   * An object with its references into hidden namespaces masked (PersistentVolume claimRef,
   * (Cluster)RoleBinding subjects, webhook and APIService service refs, any {namespace, name} pair).
   * The object itself is returned when nothing is hidden in it.
   */
  maskReferences<T>(obj: T): T {
    if (this.unrestricted) return obj;
    return maskHiddenReferences(obj, (ns) => this.isAllowed(ns));
  }

  /**
   * maskText for an answer to the current request. The kubeconfig context the request names (a
   * resource's URI, see RequestContext.k8sContext) is the caller's own word, echoed like a tool
   * call's arguments: the calls an answer suggests still name it when a hidden namespace has its
   * name (k3s calls its context "default").
   */
  redactDeniedNames(text: string): string {
    const context = currentContext()?.k8sContext;
    return this.maskText(text, context === undefined ? undefined : new Set([context]));
  }

  /** True when some name is masked in free text. */
  get deniesByName(): boolean {
    return this.hidden.size > 0;
  }

  /** A short description for banners and errors. */
  describe(): string {
    const allowed = this.explicitNamespaces()?.join(',') ?? 'all';
    return this.forbidden.size ? `${allowed} except ${[...this.forbidden].join(',')}` : allowed;
  }

  private maskPattern(): RegExp | undefined {
    if (this.hidden.size === 0) return undefined;
    if (this.patternSize !== this.hidden.size) {
      // Longest first, so "ops-tools" is masked whole rather than as "ops" + "-tools" (which the
      // lookahead refuses anyway). Namespace names are [a-z0-9-]: nothing to escape. '<' and '>'
      // around a name keep masking idempotent ("<hidden namespace>" when a namespace is "hidden").
      const names = [...this.hidden].sort((a, b) => b.length - a.length).join('|');
      const word = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
      this.pattern = new RegExp(
        `(?<![a-z0-9<-])(?:(${word}(?:\\.${word})*)\\.)?(${names})(?:([/:])(${word}(?:\\.${word})*))?(?![a-z0-9>-])`,
        'gi',
      );
      this.patternSize = this.hidden.size;
    }
    return this.pattern;
  }
}
