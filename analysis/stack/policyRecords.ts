import { RecordedResource } from "../../lib/records";

/** One resource as a stack export (or the offline engine) records it. */
export interface PolicyResourceRecord {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Outputs (inputs plus computed values): what stack policies see. */
    readonly props: Readonly<Record<string, unknown>>;
    /** Inputs, what resource policies see under the CLI; `props` stands in when absent. */
    readonly inputs?: Readonly<Record<string, unknown>>;
    /** The cloud ID; copied into `props.id` when absent there, as bridged providers report it. */
    readonly id?: string;
    /** The parent's URN. */
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** Provider reference, `<provider urn>::<provider id>`. */
    readonly provider?: string;
    readonly protect?: boolean;
}

/** Records from the offline engine, shaped as a stack export presents them. */
export function recordsFromEngine(resources: readonly RecordedResource[]): PolicyResourceRecord[] {
    return resources.map((resource) => ({
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        props: resource.outputs,
        inputs: resource.inputs,
        id: resource.custom ? resource.id : undefined,
        parent: resource.parent,
        dependencies: resource.dependencies,
        propertyDependencies: resource.propertyDependencies,
        provider: resource.provider,
        protect: resource.protect,
    }));
}
