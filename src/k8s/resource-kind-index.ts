import { AppError } from '../common/errors/app-error.js';
import type { ResourceRef } from './resource-ref.js';

/** One resource kind the API server serves, at its preferred version. */
export interface ResourceKind extends ResourceRef {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** "v1" or "apps/v1", as written in manifests. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly verbs: readonly string[];
}

/** How many close matches an "unknown kind" hint lists. */
const MAX_SUGGESTIONS = 5;

/** Edit distance (insertions, deletions, substitutions), for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** The name kubectl would print for a kind: `pods`, `deployments.apps`. */
export function qualifiedName(kind: Pick<ResourceKind, 'plural' | 'group'>): string {
  return kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
}

/**
 * Resolves what a user or a model types for a resource kind, the way kubectl does: a kind
 * (`Deployment`, any case), a plural or singular name, a short name (`deploy`), each optionally
 * qualified by group (`deployments.apps`) or version and group (`deployments.v1.apps`). Kinds are
 * kept in discovery order — the core group first, then the API server's group priority — so an
 * ambiguous name (`events`) resolves as kubectl resolves it (core before events.k8s.io).
 */
export class ResourceKindIndex {
  constructor(readonly kinds: readonly ResourceKind[]) {}

  /** The kind a name denotes, or undefined. */
  find(nameOrAlias: string): ResourceKind | undefined {
    const input = nameOrAlias.trim().toLowerCase();
    const dot = input.indexOf('.');
    const name = dot < 0 ? input : input.slice(0, dot);
    const qualifier = dot < 0 ? undefined : input.slice(dot + 1);
    if (name === '') return undefined;
    const candidates =
      qualifier === undefined
        ? this.kinds
        : this.kinds.filter(
            (k) => k.group === qualifier || (k.group ? `${k.version}.${k.group}` : k.version) === qualifier,
          );
    // Full names before short names, so that a custom resource's short name cannot shadow a
    // built-in kind's name.
    return (
      candidates.find((k) => k.plural === name || k.singular === name || k.kind.toLowerCase() === name) ??
      candidates.find((k) => k.shortNames.includes(name))
    );
  }

  /** find(), or an INPUT.INVALID error whose hint lists close matches. */
  resolve(nameOrAlias: string): ResourceKind {
    const found = this.find(nameOrAlias);
    if (found) return found;
    throw this.unknown(nameOrAlias);
  }

  /** The error for a name that denotes no kind, with up to five close matches in its hint. */
  unknown(nameOrAlias: string): AppError {
    const shown = nameOrAlias.trim();
    if (shown === '') {
      return new AppError('INPUT.INVALID', 'kind: expected a resource kind, got an empty string', {
        hint: 'name a kind (Deployment), a plural (deployments), a short name (deploy) or plural.group',
      });
    }
    const slash = shown.indexOf('/');
    const parent = slash > 0 ? this.find(shown.slice(0, slash)) : undefined;
    if (parent) {
      return new AppError('INPUT.INVALID', `kind: '${shown}' is a subresource, not a resource kind`, {
        hint: `name the kind itself (${qualifiedName(parent)})`,
        details: { kind: shown, suggestions: [qualifiedName(parent)] },
      });
    }
    const suggestions = this.closeMatches(slash > 0 ? shown.slice(0, slash) : shown);
    const accepted = 'kinds, plural and singular names, short names and plural.group are accepted';
    return new AppError('INPUT.INVALID', `kind: '${shown}' is not a resource kind this cluster serves`, {
      hint: suggestions.length
        ? `did you mean ${suggestions.join(', ')}? (${accepted})`
        : `no similar kind is served; ${accepted}`,
      details: { kind: shown, suggestions },
    });
  }

  /** Qualified names of the kinds whose names are nearest to the input, nearest first. */
  closeMatches(nameOrAlias: string): string[] {
    const input = nameOrAlias.trim().toLowerCase();
    // Allow one typo in short inputs, about one in three characters in longer ones.
    const budget = Math.max(1, Math.floor(input.length / 3));
    const scored: { name: string; distance: number; rank: number }[] = [];
    this.kinds.forEach((k, rank) => {
      const names = [k.plural, k.singular, k.kind.toLowerCase(), ...k.shortNames];
      if (k.group) names.push(qualifiedName(k));
      let distance = Math.min(...names.map((n) => editDistance(input, n)));
      // A prefix of a name ("deploy" for "deployments") is close however long the rest is.
      if (input.length >= 3 && names.some((n) => n.startsWith(input))) distance = Math.min(distance, 1);
      if (distance <= budget) scored.push({ name: qualifiedName(k), distance, rank });
    });
    scored.sort((a, b) => a.distance - b.distance || a.rank - b.rank);
    return [...new Set(scored.map((s) => s.name))].slice(0, MAX_SUGGESTIONS);
  }
}
