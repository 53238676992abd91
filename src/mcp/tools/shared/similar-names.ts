/** How many names a "did you mean" hint lists. */
const MAX_SUGGESTIONS = 5;

/** Names most like `wanted`: prefix matches first, then substring matches, then shared prefix length. */
export function similarNames(wanted: string, names: readonly string[]): string[] {
  const score = (n: string): number => {
    if (n.startsWith(wanted) || wanted.startsWith(n)) return 1000 + Math.min(n.length, wanted.length);
    if (n.includes(wanted) || wanted.includes(n)) return 500;
    let i = 0;
    while (i < n.length && i < wanted.length && n[i] === wanted[i]) i++;
    return i;
  };
  return names
    .map((n) => [n, score(n)] as const)
    .filter(([, s]) => s >= 3)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_SUGGESTIONS)
    .map(([n]) => n);
}
