import { RecordedResource } from "../../lib/records";

/** The signature key Pulumi puts on special values in state, and the one of a resource reference. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const RESOURCE_REFERENCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/**
 * A remote component's outputs as state holds them: where the component returns one of its own
 * children (awsx's `vpc`, `subnets`, `routeTables`...), state has a reference to that resource
 * (`{urn, id, packageVersion}`), not its properties. Under mocks the outputs carry the children's
 * properties; each object whose `id` is a descendant's becomes a reference to it.
 */
export function withResourceReferences(
    outputs: Record<string, unknown>,
    componentUrn: string,
    resources: readonly RecordedResource[],
    packageVersionOf: (type: string) => string | undefined,
): Record<string, unknown> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const descendants = new Map<string, RecordedResource>();
    for (const resource of resources) {
        let parent = resource.parent;
        while (parent && parent !== componentUrn) {
            parent = byUrn.get(parent)?.parent;
        }
        if (parent === componentUrn && resource.custom) {
            descendants.set(resource.id, resource);
        }
    }
    const convert = (value: unknown): unknown => {
        if (Array.isArray(value)) {
            return value.map(convert);
        }
        if (value === null || typeof value !== "object") {
            return value;
        }
        const id = (value as { id?: unknown }).id;
        const child = typeof id === "string" ? descendants.get(id) : undefined;
        if (child) {
            const packageVersion = packageVersionOf(child.type);
            return { [SIG_KEY]: RESOURCE_REFERENCE_SIG, urn: child.urn, id: child.id, ...(packageVersion ? { packageVersion } : {}) };
        }
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item)]));
    };
    return convert(outputs) as Record<string, unknown>;
}
