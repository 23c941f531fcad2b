import { PolicyResource } from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";
import { ResolvedResource } from "@pulumi/pulumi/queryable";
import { withAwsxVpcs } from "./awsxVpcs";
import { isUnknown, knowableList, KnowableProps, knowableProps, Unknown, UNKNOWN } from "./knowable";

/** A resource class such as `aws.ec2.Vpc`; @pulumi/policy compares its type token. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResourceClass<T extends Resource = Resource> = new (...args: any[]) => T;

/** One resource of the stack, with its outputs copied to plain, knowable data. */
export interface StackNode<P = Record<string, unknown>> {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** The URN of the parent, if any. */
    readonly parent?: string;
    readonly props: P;
    /** For each property, the URNs of the resources its value was computed from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly resource: PolicyResource;
}

export type NodeOf<T extends Resource> = StackNode<KnowableProps<ResolvedResource<T>>>;

/** What a property that holds IDs (or ARNs, names) of other resources refers to. */
export interface Reference {
    /** The resources of the wanted types the property refers to. */
    readonly nodes: readonly StackNode[];
    /** How many values the property lists; {@link UNKNOWN} when the list itself is unknown. */
    readonly count: number | Unknown;
    /** True when every listed value was matched to a resource of the stack. */
    readonly complete: boolean;
}

/**
 * The stack's resources with the two ways to follow a reference between them: the
 * engine's property dependencies (the only way during preview, when IDs are unknown), and
 * matching a referenced ID, ARN or name against the other resources' outputs (stack exports
 * and deployments have them).
 */
export class StackIndex {
    readonly nodes: readonly StackNode[];
    private readonly byUrnMap: ReadonlyMap<string, StackNode>;

    constructor(stackResources: readonly PolicyResource[]) {
        // awsx's VPC component is the VPC that other resources depend on (see withAwsxVpcs).
        const { resources, aliases } = withAwsxVpcs(stackResources);
        const dealias = (urn: string) => aliases.get(urn) ?? urn;
        this.nodes = resources.map((resource) => ({
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            parent: resource.parent?.urn,
            props: knowableProps<Record<string, unknown>>(resource.props),
            propertyDependencies: Object.fromEntries(
                Object.entries(resource.propertyDependencies ?? {}).map(([key, deps]) => [key, deps.map((d) => dealias(d.urn))]),
            ),
            resource,
        }));
        this.byUrnMap = new Map(this.nodes.map((node) => [node.urn, node]));
    }

    byUrn(urn: string): StackNode | undefined {
        return this.byUrnMap.get(urn);
    }

    /** The resources of any of these classes, typed by the first (the others are variants of it). */
    ofType<T extends Resource>(primary: ResourceClass<T>, ...variants: ResourceClass[]): NodeOf<T>[] {
        return this.nodes.filter((node) => isOfType(node, [primary, ...variants])) as unknown as NodeOf<T>[];
    }

    /**
     * The resources of these classes that `node.props[property]` (one value or a list) refers
     * to, through property dependencies or by a value equal to one of their `matchOn` outputs.
     */
    referencedBy(node: StackNode<unknown>, property: string, classes: readonly ResourceClass[], matchOn: readonly string[] = ["id"]): Reference {
        const values = knowableList((node.props as Record<string, unknown>)[property]);
        return this.resolve(values, node.propertyDependencies[property] ?? [], classes, matchOn);
    }

    /**
     * The resources of these classes that a list of referencing values points to, given the
     * URNs the values were computed from (for values nested in a property, such as
     * `subnetMappings[*].subnetId`).
     */
    resolve(values: readonly unknown[] | Unknown, dependencyUrns: readonly string[], classes: readonly ResourceClass[], matchOn: readonly string[] = ["id"]): Reference {
        const candidates = this.nodes.filter((candidate) => isOfType(candidate, classes));
        const byDependency = candidates.filter((candidate) => dependencyUrns.includes(candidate.urn));
        if (isUnknown(values)) {
            return { nodes: byDependency, count: UNKNOWN, complete: false };
        }
        const byValue = values.map((value) =>
            typeof value === "string" ? candidates.filter((candidate) => matchOn.some((key) => candidate.props[key] === value)) : [],
        );
        if (values.length > 0 && byValue.every((matches) => matches.length > 0)) {
            // Every value names a resource: that is exact, while dependencies may include extra resources.
            return { nodes: unique(byValue.flat()), count: values.length, complete: true };
        }
        const nodes = unique([...byDependency, ...byValue.flat()]);
        return { nodes, count: values.length, complete: nodes.length >= values.length };
    }

    /** The resources of these classes whose `property` refers to `target` (see {@link referencedBy}). */
    referrersOf(target: StackNode<unknown>, classes: readonly ResourceClass[], property: string, matchOn: readonly string[] = ["id"]): StackNode[] {
        const targetValues = matchOn
            .map((key) => (target.props as Record<string, unknown>)[key])
            .filter((value): value is string => typeof value === "string" && value !== "");
        return this.nodes.filter((node) => {
            if (!isOfType(node, classes)) {
                return false;
            }
            if ((node.propertyDependencies[property] ?? []).includes(target.urn)) {
                return true;
            }
            const values = knowableList(node.props[property]);
            return !isUnknown(values) && values.some((value) => typeof value === "string" && targetValues.includes(value));
        });
    }
}

function isOfType(node: StackNode<unknown>, classes: readonly ResourceClass[]): boolean {
    return classes.some((cls) => node.resource.isType(cls));
}

function unique<T>(items: readonly T[]): T[] {
    return [...new Set(items)];
}

/**
 * The resource a single-valued reference (`vpcId`, `subnetId`) resolves to, when exactly one
 * does. During preview the value is unknown but its dependency still names the resource.
 */
export function soleReferent(reference: Reference): StackNode | undefined {
    return reference.nodes.length === 1 ? reference.nodes[0] : undefined;
}
