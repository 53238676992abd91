/**
 * Runs `fn` over `items` with at most `limit` running at once and returns the results in input
 * order; the first rejection rejects the whole (work already started is left to finish or to be
 * aborted by the call's signal). Used where one call fans out to the API server (one request per
 * allowed namespace), so a long allow-list neither serialises nor floods it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
