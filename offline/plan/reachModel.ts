import { PolicyResource } from "@pulumi/policy";
import { READ_TYPES } from "../../analysis/reach/types";
import { RecordedResource } from "../../lib/records";

/**
 * Recorded resources (a stack export's, or the offline engine's) in the shape the policy pack
 * receives them, for the reachability analysis: the outputs as props with the cloud ID, the
 * parent linked. Built directly rather than through the analyzer's gRPC-faithful conversion,
 * which costs seconds on a 10,000-resource export: an export holds no unknown values, and the
 * analysis reads only the props of the network types (the rest keep empty props).
 */
export function policyResourcesOf(resources: readonly RecordedResource[]): PolicyResource[] {
    const converted = resources.map((record) => {
        const props = READ_TYPES.has(record.type) ? { ...record.outputs, ...(record.custom && record.id && record.outputs.id === undefined ? { id: record.id } : {}) } : {};
        return {
            type: record.type,
            urn: record.urn,
            name: record.name,
            props,
            opts: {},
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
    });
    const byUrn = new Map(converted.map((r) => [r.urn, r]));
    resources.forEach((record, i) => {
        const parent = record.parent ? byUrn.get(record.parent) : undefined;
        if (parent) {
            converted[i].parent = parent;
        }
    });
    return converted;
}
