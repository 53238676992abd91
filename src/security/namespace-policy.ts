import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** What a denied namespace's name becomes in free text. */
export const HIDDEN_NAMESPACE = '<hidden namespace>';

/**
 * K8S_ALLOWED_NAMESPACES / K8S_FORBIDDEN_NAMESPACES (deny wins). Applied where requests leave for
 * the API server and where results leave the server, never inside tools.
 */
@Injectable()
export class NamespacePolicy {
  private readonly allowed: ReadonlySet<string> | undefined;
  private readonly forbidden: ReadonlySet<string>;
  private readonly deniedPattern: RegExp | undefined;

  constructor(
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'K8S_ALLOWED_NAMESPACES' | 'K8S_FORBIDDEN_NAMESPACES'>,
  ) {
    this.allowed = config.K8S_ALLOWED_NAMESPACES.length ? new Set(config.K8S_ALLOWED_NAMESPACES) : undefined;
    this.forbidden = new Set(config.K8S_FORBIDDEN_NAMESPACES);
    // Namespace names are [a-z0-9-]: no escaping needed; the lookarounds keep "ops" out of "devops".
    this.deniedPattern = this.forbidden.size
      ? new RegExp(`(?<![a-z0-9-])(${[...this.forbidden].join('|')})(?![a-z0-9-])`, 'g')
      : undefined;
  }

  /** True when objects of this namespace may leave the server. */
  isAllowed(namespace: string): boolean {
    if (this.forbidden.has(namespace)) return false;
    return this.allowed === undefined || this.allowed.has(namespace);
  }

  /** Throws POLICY.NAMESPACE_DENIED for a namespace the policy hides. */
  assertAllowed(namespace: string): void {
    if (this.isAllowed(namespace)) return;
    const visible = this.explicitNamespaces();
    throw new AppError(
      'POLICY.NAMESPACE_DENIED',
      `namespace '${namespace}' is not accessible through this server`,
      {
        hint: visible
          ? `accessible namespaces: ${visible.join(', ')}`
          : 'the server policy forbids it (K8S_FORBIDDEN_NAMESPACES)',
        details: { namespace },
      },
    );
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

  /**
   * Text with every whole-word mention of a denied namespace replaced: free text such as event
   * messages can name objects of other namespaces ("… service hidden-ns/api"). Only the deny list
   * can be enumerated; names outside an allow-list are unknown here.
   */
  redactDeniedNames(text: string): string {
    return this.deniedPattern ? text.replace(this.deniedPattern, HIDDEN_NAMESPACE) : text;
  }

  /** True when some namespace is denied by name (K8S_FORBIDDEN_NAMESPACES). */
  get deniesByName(): boolean {
    return this.deniedPattern !== undefined;
  }

  /** A short description for banners and errors. */
  describe(): string {
    const allowed = this.explicitNamespaces()?.join(',') ?? 'all';
    return this.forbidden.size ? `${allowed} except ${[...this.forbidden].join(',')}` : allowed;
  }
}
