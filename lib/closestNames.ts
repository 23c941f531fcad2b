/**
 * "Did you mean": the known names nearest to what a user typed, for error messages about
 * config keys, stack names, resource names, flags, Regions and instance types.
 *
 * Distance is the optimal-string-alignment edit distance (insert, delete, substitute, swap two
 * neighbours) over lower-cased names, so `Private-01` finds `PRIVATE-01` and `vpc-has-flowlgo`
 * finds `vpc-has-flow-log`. A name is offered only when it is within a third of its own length
 * (at least 1, at most `maxDistance`) so a wild guess gets no suggestion rather than a random one.
 */

/** How many names `closestNames` offers by default. */
const DEFAULT_LIMIT = 3;
/** Inputs longer than this are not compared: a 5,000-letter name is nobody's typo. */
const LONGEST_COMPARED = 200;

export interface ClosestNamesOptions {
    /** How many names to return at most. @default 3 */
    readonly limit?: number;
    /** The largest edit distance offered. @default 3 */
    readonly maxDistance?: number;
}

/** The known names nearest to `input`, best first (ties in the order of `known`); [] when none is near. */
export function closestNames(input: string, known: readonly string[], options: ClosestNamesOptions = {}): string[] {
    const limit = options.limit ?? DEFAULT_LIMIT;
    const maxDistance = options.maxDistance ?? 3;
    if (input.length === 0 || input.length > LONGEST_COMPARED) {
        return [];
    }
    const typed = input.toLowerCase();
    const scored: { name: string; distance: number; order: number }[] = [];
    known.forEach((name, order) => {
        const candidate = name.toLowerCase();
        const allowed = Math.min(maxDistance, Math.max(1, Math.floor(Math.max(typed.length, candidate.length) / 3)));
        if (Math.abs(candidate.length - typed.length) > allowed) {
            return;
        }
        const distance = editDistance(typed, candidate);
        if (distance <= allowed) {
            scored.push({ name, distance, order });
        }
    });
    scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
    return [...new Set(scored.map((s) => s.name))].slice(0, limit);
}

/** The single nearest known name, or undefined. */
export function closestName(input: string, known: readonly string[], options: Omit<ClosestNamesOptions, "limit"> = {}): string | undefined {
    return closestNames(input, known, { ...options, limit: 1 })[0];
}

/** `; did you mean a, b or c?` for a message, or "" when nothing is near. */
export function didYouMean(input: string, known: readonly string[], options: ClosestNamesOptions = {}): string {
    const names = closestNames(input, known, options);
    if (names.length === 0) {
        return "";
    }
    const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
    return `; did you mean ${listed}?`;
}

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbouring letters. */
export function editDistance(a: string, b: string): number {
    let beforePrevious: number[] = [];
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                best = Math.min(best, beforePrevious[j - 2] + 1);
            }
            current[j] = best;
        }
        beforePrevious = previous;
        previous = current;
    }
    return previous[b.length];
}
