/**
 * JSON metric name segment for a route pattern: `/metrics/history` → `metrics_history`,
 * `/` → `root`. Dots would split the name, slashes read badly in `api.<route>.requests`.
 */
export function routeKey(route: string): string {
  if (route === 'unmatched') return route;
  return route.replace(/^\/+/, '').replace(/[/:.]+/g, '_') || 'root';
}
