import { RecordedResource } from "../../lib/records";

/** The type of the root resource of every stack. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * A stack's resources with the look-ups the tree, the diagram and the reports need: by URN,
 * by cloud ID or ARN (to follow references written as values, as in a real export), by parent.
 */
export class ResourceGraph {
    readonly resources: readonly RecordedResource[];
    private readonly urns = new Map<string, RecordedResource>();
    private readonly values = new Map<string, RecordedResource>();
    private readonly children = new Map<string, RecordedResource[]>();

    constructor(resources: readonly RecordedResource[]) {
        this.resources = resources;
        for (const resource of resources) {
            this.urns.set(resource.urn, resource);
            if (resource.parent) {
                const siblings = this.children.get(resource.parent) ?? [];
                siblings.push(resource);
                this.children.set(resource.parent, siblings);
            }
        }
        for (const resource of resources) {
            if (!resource.custom || resource.type.startsWith("pulumi:providers:")) {
                continue;
            }
            // IDs first: an ID is never mistaken for an ARN; the first resource with a value keeps it.
            for (const value of [resource.id, props(resource).arn]) {
                if (typeof value === "string" && value !== "" && !this.values.has(value)) {
                    this.values.set(value, resource);
                }
            }
        }
    }

    byUrn(urn: string | undefined): RecordedResource | undefined {
        return urn === undefined ? undefined : this.urns.get(urn);
    }

    /** The resource whose ID or ARN is this value. */
    byValue(value: unknown): RecordedResource | undefined {
        return typeof value === "string" ? this.values.get(value) : undefined;
    }

    childrenOf(urn: string): readonly RecordedResource[] {
        return this.children.get(urn) ?? [];
    }

    /** Resources whose parent is not in the stack: the root stack, providers, orphans. */
    roots(): RecordedResource[] {
        return this.resources.filter((r) => !r.parent || !this.urns.has(r.parent));
    }

    /**
     * The resources a property refers to: by value (an ID or ARN, or a list of them), else by
     * the property's dependencies; keeps only the types given, when given.
     */
    referenced(resource: RecordedResource, property: string, types?: readonly string[]): RecordedResource[] {
        const value = props(resource)[property] ?? resource.inputs[property];
        const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
        const byValue = list.map((v) => this.byValue(v)).filter((r): r is RecordedResource => r !== undefined);
        const found = byValue.length > 0 ? byValue : (resource.propertyDependencies[property] ?? []).map((urn) => this.urns.get(urn)).filter((r): r is RecordedResource => r !== undefined);
        return [...new Set(found)].filter((r) => !types || types.includes(r.type));
    }

    /** The top-level component a resource belongs to (the child of the root stack above it). */
    topLevelOf(resource: RecordedResource): RecordedResource | undefined {
        let current: RecordedResource | undefined = resource;
        while (current) {
            const parent = this.byUrn(current.parent);
            if (!parent || parent.type === ROOT_STACK_TYPE) {
                return current === resource && !resource.parent ? undefined : current;
            }
            current = parent;
        }
        return undefined;
    }
}

/** What a resource holds now: its outputs once the cloud answered, else its inputs. */
export function props(resource: RecordedResource): Record<string, unknown> {
    return resource.custom && Object.keys(resource.outputs).length > 0 ? resource.outputs : resource.inputs;
}

/** True for a value wrapped in Pulumi's secret marker (`{"4dabf18193072939515e22adb298388d": ...}`). */
export function isSecret(value: unknown): boolean {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";
}

/** The resource's AWS `Name` tag, if it has one. */
export function nameTag(resource: RecordedResource): string | undefined {
    const tags = (props(resource).tags ?? resource.inputs.tags) as Record<string, unknown> | undefined;
    return tags && typeof tags === "object" && typeof tags.Name === "string" ? tags.Name : undefined;
}
