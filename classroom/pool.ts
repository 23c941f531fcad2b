/**
 * Runs `task` over every item with at most `parallel` at once, in order of the items, and
 * resolves with every result in that order. A task that rejects does not stop the others:
 * its error is its result.
 */
export async function runBounded<T, R>(items: readonly T[], parallel: number, task: (item: T, index: number) => Promise<R>): Promise<(R | { readonly error: unknown })[]> {
    const results: (R | { readonly error: unknown })[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            try {
                results[index] = await task(items[index], index);
            } catch (error) {
                results[index] = { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
    return results;
}
