/**
 * What a preview knows. The engine previews a create by asking the provider for a plan: the
 * inputs come back (with the defaults the provider fills in at check time, like autonames),
 * and every property the provider computes at create time (IDs, ARNs, DNS names, addresses)
 * comes back as the unknown sentinel. The program's `apply` callbacks do not run on those,
 * and the policy pack receives them as unknowns.
 */

/** How the engine marshals an unknown value (`rpc.unknownValue` in the SDK). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The preview state of a resource: the state the fake cloud gives it on create, with every
 * property the program did not pass replaced by the unknown sentinel. `name` stays known:
 * the provider computes an autoname during check, before the plan.
 */
export function previewState(inputs: Readonly<Record<string, unknown>>, created: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(created)) {
        state[key] = key in inputs || key === "name" ? value : UNKNOWN;
    }
    return state;
}

/** How many unknown sentinels a serialized value holds, anywhere inside it. */
export function countUnknowns(value: unknown): number {
    if (value === UNKNOWN) {
        return 1;
    }
    if (Array.isArray(value)) {
        return value.reduce((sum: number, item) => sum + countUnknowns(item), 0);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).reduce((sum: number, item) => sum + countUnknowns(item), 0);
    }
    return 0;
}
