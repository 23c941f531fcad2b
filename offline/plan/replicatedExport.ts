import { ExportedResource, StackExport } from "./stackExport";

/**
 * A large export made of copies of a real stack's own resources (for `npm run bench` and the
 * growth tests): the shape an organization's export or a classroom of stacks has, with every
 * kind in the proportions the labs build, unlike the small synthetic cells. Each copy renames
 * its URNs (`...::name-c<k>`) and shifts its AWS IDs (`vpc-<k><hex>`), in every place they
 * appear (parents, dependencies, property values), so copies refer only to themselves; the
 * stack resource and the providers are shared.
 */
export function replicatedExport(base: StackExport, resourceCount: number): StackExport {
    const resources = base.deployment.resources ?? [];
    const shared = resources.filter((r) => r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:"));
    const sharedUrns = new Set(shared.map((r) => r.urn));
    const text = JSON.stringify(resources.filter((r) => !sharedUrns.has(r.urn)));
    if (text === "[]") {
        throw new Error("the export has no resources to copy");
    }
    const all: ExportedResource[] = [...shared];
    for (let copy = 0; all.length < resourceCount; copy++) {
        const suffix = copy.toString(16).padStart(4, "0");
        const renamed = text
            // A URN ends at the closing quote; a provider reference (`urn::id`) keeps its URN.
            .replace(/urn:pulumi:[^"]*/g, (urn) => (sharedUrns.has(urn) || sharedUrns.has(urn.split("::").slice(0, 4).join("::")) ? urn : `${urn}-c${copy}`))
            .replace(/\b((?:vpc|subnet|sg|sgr|rtb|rtbassoc|igw|nat|eni|i|vpce|vpce-svc|fl|eipalloc|eipassoc|acl|aclassoc|pl|eice)-)([0-9a-f]{8,17})\b/g, (_, kind: string, hex: string) => `${kind}${suffix}${hex}`);
        all.push(...(JSON.parse(renamed) as ExportedResource[]));
    }
    return { ...base, deployment: { ...base.deployment, resources: all.slice(0, Math.max(resourceCount, shared.length)) } };
}
