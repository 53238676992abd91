import { routeKey } from './metric-names.js';

describe(routeKey.name, () => {
  it.each([
    ['/', 'root'],
    ['/mcp', 'mcp'],
    ['/metrics/history', 'metrics_history'],
    ['/items/:id', 'items_id'],
    ['unmatched', 'unmatched'],
  ])('maps %s to %s', (route, key) => {
    expect(routeKey(route)).toBe(key);
  });
});
