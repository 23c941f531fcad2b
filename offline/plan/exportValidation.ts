import { excerpt, quoted } from "../../lib/errors";
import { shapeProblems } from "../../analysis/stack/providerShapes";

/**
 * The checks a stack export must pass before the policy pack or the diagram read it: the
 * shape of `apitype.ResourceV3` (field types), and the integrity the Pulumi engine verifies
 * on `pulumi stack import` (`snapshot.VerifyIntegrity`): unique URNs, parents and providers
 * listed before the resources that use them, dependencies on resources of the export. An
 * export that fails them was edited by hand or is not an export; analysing it anyway would
 * give a verdict on something no engine would deploy, or crash.
 * https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/deploy/snapshot.go
 */

/** One thing wrong with an export: where (resource index and URN, field), the rule and the fix. */
export interface ExportProblem {
    readonly key: string;
    readonly rule: string;
    readonly fix: string;
}

/** Property values nest deeper than this nowhere in a real stack; deeper would overflow the readers' recursion. */
export const MAX_PROPERTY_DEPTH = 100;

const BOOLEAN_FIELDS = ["custom", "delete", "protect", "external", "retainOnDelete", "pendingReplacement", "taint"] as const;
const STRING_FIELDS = ["id", "parent", "provider"] as const;

/** How a problem names a resource: its index and, when it has a readable one, its URN. */
function resourceKey(index: number, urn: unknown, field?: string): string {
    const at = `deployment.resources[${index}]${field ? `.${field}` : ""}`;
    return typeof urn === "string" ? `${at} (${excerpt(urn)})` : at;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** What a JSON value is, for a message: a string "4", the number 5, a list. */
function described(value: unknown): string {
    if (Array.isArray(value)) {
        return "a list";
    }
    if (value === null) {
        return "null";
    }
    if (typeof value === "object") {
        return "an object";
    }
    return typeof value === "string" ? `the string ${quoted(value)}` : `the ${typeof value} ${excerpt(value)}`;
}

/** How deep a JSON value nests, measured without recursion (so a hostile depth cannot overflow it); stops past the limit. */
export function depthOf(value: unknown, limit = MAX_PROPERTY_DEPTH): number {
    let deepest = 0;
    const stack: [unknown, number][] = [[value, 0]];
    while (stack.length > 0) {
        const [item, depth] = stack.pop() as [unknown, number];
        if (item === null || typeof item !== "object") {
            continue;
        }
        deepest = Math.max(deepest, depth + 1);
        if (deepest > limit) {
            return deepest;
        }
        for (const child of Object.values(item as object)) {
            stack.push([child, depth + 1]);
        }
    }
    return deepest;
}

/** The problems of a deployment's `resources` list; empty when the policy pack may read it. */
export function resourceProblems(resources: readonly unknown[]): ExportProblem[] {
    const problems: ExportProblem[] = [];
    const report = (key: string, rule: string, fix: string) => problems.push({ key, rule, fix });
    // URN -> index of its live (not pending-delete) copy, filled in list order.
    const listed = new Map<string, number>();
    const providers = new Map<string, string | undefined>();
    const allUrns = new Set<string>();
    for (const entry of resources) {
        if (isObject(entry) && typeof entry.urn === "string") {
            allUrns.add(entry.urn);
        }
    }
    const parents = new Map<string, string>();
    resources.forEach((entry, index) => {
        if (!isObject(entry)) {
            report(`deployment.resources[${index}]`, `is ${described(entry)}, not a resource object`, "remove it, or export the stack again with pulumi stack export");
            return;
        }
        const urn = entry.urn;
        if (typeof urn !== "string") {
            report(resourceKey(index, undefined), urn === undefined ? 'has no "urn"' : `"urn" is ${described(urn)}`, 'every resource needs its "urn" string');
            return;
        }
        const key = (field?: string) => resourceKey(index, urn, field);
        const parts = urn.split("::");
        if (!urn.startsWith("urn:pulumi:") || parts.length < 4) {
            report(key(), `${quoted(urn)} is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`, "export the stack again with pulumi stack export");
            return;
        }
        if (typeof entry.type !== "string" || entry.type === "") {
            report(key("type"), entry.type === undefined ? 'has no "type"' : `is ${described(entry.type)}`, "every resource needs its type string, e.g. aws:ec2/vpc:Vpc");
        } else if (parts[2] !== entry.type && !parts[2].endsWith(`$${entry.type}`)) {
            report(key("type"), `${quoted(entry.type)} is not the type its URN names (${excerpt(parts[2])})`, "the engine derives the URN from the type: export the stack again");
        }
        for (const field of BOOLEAN_FIELDS) {
            if (entry[field] !== undefined && typeof entry[field] !== "boolean") {
                report(key(field), `is ${described(entry[field])}, not true or false`, `write ${field}: true or false, or leave it out`);
            }
        }
        for (const field of STRING_FIELDS) {
            if (entry[field] !== undefined && entry[field] !== null && typeof entry[field] !== "string") {
                report(key(field), `is ${described(entry[field])}, not a string`, field === "provider" ? 'write "<provider URN>::<provider ID>" or leave it out' : `write ${field} as a string or leave it out`);
            }
        }
        for (const field of ["inputs", "outputs"] as const) {
            const value = entry[field];
            if (value !== undefined && value !== null && !isObject(value)) {
                report(key(field), `is ${described(value)}, not an object of properties`, `write ${field} as an object, or leave it out`);
            } else if (depthOf(value) > MAX_PROPERTY_DEPTH) {
                report(key(field), `nests more than ${MAX_PROPERTY_DEPTH} levels deep, which no provider writes`, "export the stack again with pulumi stack export");
            } else if (typeof entry.type === "string") {
                // A value the provider would convert ("22" for a port) is judged as converted; one it could not store is refused here.
                for (const problem of shapeProblems(entry.type, value)) {
                    report(key(`${field}.${problem.field}`), `is ${described(problem.value)}, which the provider cannot store as ${problem.expected}`, `write it as ${problem.expected}, as pulumi stack export writes it`);
                }
            }
        }
        const deleted = entry.delete === true;
        if (!deleted) {
            const earlier = listed.get(urn);
            if (earlier !== undefined) {
                report(key(), `repeats the URN of deployment.resources[${earlier}]`, "a stack holds each URN once (an old copy is marked delete: true): remove the repeat");
            } else {
                listed.set(urn, index);
            }
        }
        if (typeof entry.parent === "string" && entry.parent !== "") {
            parents.set(urn, entry.parent);
            if (!allUrns.has(entry.parent)) {
                report(key("parent"), `names ${quoted(entry.parent)}, which is no resource of the export`, "name a resource listed before it, or leave parent out");
            } else if (entry.parent === urn || !listed.has(entry.parent)) {
                const cycle = parentCycle(urn, parents, resources);
                report(
                    key("parent"),
                    cycle ? `makes a parent cycle (${cycle.map((u) => excerpt(u)).join(" → ")})` : `names ${excerpt(entry.parent)}, which is listed after it`,
                    "a parent is listed before its children and is never its own ancestor: export the stack again",
                );
            }
        }
        if (typeof entry.provider === "string" && entry.provider !== "") {
            const reference = entry.provider;
            const cut = reference.lastIndexOf("::");
            const providerUrn = cut > 0 ? reference.slice(0, cut) : "";
            if (cut <= 0 || !providerUrn.includes("::pulumi:providers:")) {
                report(key("provider"), `${quoted(reference)} is not a provider reference`, 'write "<provider URN>::<provider ID>"');
            } else if (!providers.has(providerUrn)) {
                report(key("provider"), `names provider ${excerpt(providerUrn)}, which is not listed before it`, "list the provider resource before the resources that use it");
            } else if (providers.get(providerUrn) !== reference.slice(cut + 2)) {
                report(key("provider"), `names ID ${quoted(reference.slice(cut + 2))}, but provider ${excerpt(providerUrn)} has ID ${quoted(providers.get(providerUrn) ?? "")}`, "use the provider's own ID");
            }
        }
        if (typeof entry.type === "string" && entry.type.startsWith("pulumi:providers:")) {
            providers.set(urn, typeof entry.id === "string" ? entry.id : undefined);
        }
        checkUrnList(entry.dependencies, key("dependencies"), allUrns, report);
        const propertyDependencies = entry.propertyDependencies;
        if (propertyDependencies !== undefined && propertyDependencies !== null) {
            if (!isObject(propertyDependencies)) {
                report(key("propertyDependencies"), `is ${described(propertyDependencies)}, not an object`, "write it as an object of property name to a list of URNs");
            } else {
                for (const [property, urns] of Object.entries(propertyDependencies)) {
                    checkUrnList(urns, key(`propertyDependencies.${excerpt(property)}`), allUrns, report);
                }
            }
        }
    });
    return problems;
}

function checkUrnList(value: unknown, key: string, known: ReadonlySet<string>, report: (key: string, rule: string, fix: string) => void): void {
    if (value === undefined || value === null) {
        return;
    }
    if (!Array.isArray(value)) {
        report(key, `is ${described(value)}, not a list of URNs`, "write it as a list of URNs, or leave it out");
        return;
    }
    value.forEach((urn: unknown, i) => {
        if (typeof urn !== "string") {
            report(`${key}[${i}]`, `is ${described(urn)}, not a URN`, "list URNs of the export's resources");
        } else if (!known.has(urn)) {
            report(`${key}[${i}]`, `names ${quoted(urn)}, which is no resource of the export`, "list only URNs of the export's resources");
        }
    });
}

/** The parent chain from `urn` back to itself, when it loops; undefined otherwise. */
function parentCycle(urn: string, known: ReadonlyMap<string, string>, resources: readonly unknown[]): string[] | undefined {
    const parentOf = new Map(known);
    for (const entry of resources) {
        if (isObject(entry) && typeof entry.urn === "string" && typeof entry.parent === "string" && !parentOf.has(entry.urn)) {
            parentOf.set(entry.urn, entry.parent);
        }
    }
    const chain = [urn];
    let current = parentOf.get(urn);
    while (current !== undefined && chain.length <= parentOf.size) {
        chain.push(current);
        if (current === urn) {
            return chain;
        }
        current = parentOf.get(current);
    }
    return undefined;
}

/** Problems with the file-level `version`, when there is one: a whole number from 1 to `newest`. */
export function versionProblem(version: unknown, newest: number): ExportProblem | undefined {
    if (version === undefined) {
        return undefined;
    }
    if (typeof version !== "number") {
        return { key: "version", rule: `is ${described(version)}, not a number`, fix: `write the number (pulumi stack export writes ${newest})` };
    }
    if (!Number.isInteger(version) || version < 1) {
        return { key: "version", rule: `${version} is not a deployment version (1 to ${newest})`, fix: "export the stack again with pulumi stack export" };
    }
    return undefined;
}

/** Formats problems as the message of one error: one line, or a count and a line per problem (the first 20). */
export function formatExportProblems(source: string, problems: readonly ExportProblem[]): string {
    const line = (p: ExportProblem) => `${p.key}: ${p.rule}; ${p.fix}`;
    if (problems.length === 1) {
        return `${source}: ${line(problems[0])}`;
    }
    const shown = problems.slice(0, 20).map((p) => `  - ${line(p)}`);
    const more = problems.length > 20 ? [`  ... and ${problems.length - 20} more`] : [];
    return [`${source} has ${problems.length} problems:`, ...shown, ...more].join("\n");
}
