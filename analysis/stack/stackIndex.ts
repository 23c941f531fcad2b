import { PolicyResource } from "@pulumi/policy";
import { Resource } from "@pulumi/pulumi";
import { ResolvedResource } from "@pulumi/pulumi/queryable";
import { withAwsxVpcs } from "./awsxVpcs";
import { isUnknown, knowableList, KnowableProps, knowableProps, Unknown, UNKNOWN } from "./knowable";
import { providerShaped } from "./providerShapes";

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
    private readonly position: ReadonlyMap<StackNode, number>;
    private readonly byType = new Map<string, StackNode[]>();
    /** Lazily built lookups, so each question over a large stack costs a map read, not a scan. */
    private readonly valueIndexes = new Map<string, Map<string, StackNode[]>>();
    private readonly referrerIndexes = new Map<string, { byUrn: Map<string, StackNode[]>; byValue: Map<string, StackNode[]> }>();

    constructor(stackResources: readonly PolicyResource[]) {
        // awsx's VPC component is the VPC that other resources depend on (see withAwsxVpcs).
        const { resources, aliases } = withAwsxVpcs(stackResources);
        const dealias = (urn: string) => aliases.get(urn) ?? urn;
        this.nodes = resources.map((resource) => {
            let props: Record<string, unknown> | undefined;
            return {
                urn: resource.urn,
                type: resource.type,
                name: resource.name,
                parent: resource.parent?.urn,
                // Copied on first read: rules read the props of the few types they check.
                get props() {
                    return (props ??= providerShaped(resource.type, knowableProps<Record<string, unknown>>(resource.props)));
                },
                propertyDependencies: Object.fromEntries(
                    Object.entries(resource.propertyDependencies ?? {}).map(([key, deps]) => [key, deps.map((d) => dealias(d.urn))]),
                ),
                resource,
            };
        });
        this.byUrnMap = new Map(this.nodes.map((node) => [node.urn, node]));
        this.position = new Map(this.nodes.map((node, i) => [node, i]));
        for (const node of this.nodes) {
            const list = this.byType.get(node.type) ?? [];
            list.push(node);
            this.byType.set(node.type, list);
        }
    }

    byUrn(urn: string): StackNode | undefined {
        return this.byUrnMap.get(urn);
    }

    /** The resources of any of these classes, typed by the first (the others are variants of it). */
    ofType<T extends Resource>(primary: ResourceClass<T>, ...variants: ResourceClass[]): NodeOf<T>[] {
        return this.candidates([primary, ...variants]) as unknown as NodeOf<T>[];
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
        const tokens = typeTokens(classes);
        const byDependency = this.inOrder(
            dependencyUrns.map((urn) => this.byUrnMap.get(urn)).filter((node): node is StackNode => node !== undefined && tokens.includes(node.type)),
        );
        if (isUnknown(values)) {
            return { nodes: byDependency, count: UNKNOWN, complete: false };
        }
        const byValue = values.map((value) =>
            typeof value === "string" ? this.inOrder(matchOn.flatMap((key) => this.valueIndex(tokens, key).get(value) ?? [])) : [],
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
        const index = this.referrerIndex(typeTokens(classes), property);
        const targetValues = matchOn
            .map((key) => (target.props as Record<string, unknown>)[key])
            .filter((value): value is string => typeof value === "string" && value !== "");
        return this.inOrder(unique([...(index.byUrn.get(target.urn) ?? []), ...targetValues.flatMap((value) => index.byValue.get(value) ?? [])]));
    }

    private candidates(classes: readonly ResourceClass[]): StackNode[] {
        const tokens = typeTokens(classes);
        return tokens.length === 1 ? [...(this.byType.get(tokens[0]) ?? [])] : this.inOrder(tokens.flatMap((token) => this.byType.get(token) ?? []));
    }

    /** The resources of these types by the value of one of their outputs. */
    private valueIndex(tokens: readonly string[], key: string): Map<string, StackNode[]> {
        const name = `${tokens.join(",")}|${key}`;
        let index = this.valueIndexes.get(name);
        if (!index) {
            index = new Map();
            for (const node of tokens.flatMap((token) => this.byType.get(token) ?? [])) {
                const value = node.props[key];
                if (typeof value === "string") {
                    index.set(value, [...(index.get(value) ?? []), node]);
                }
            }
            this.valueIndexes.set(name, index);
        }
        return index;
    }

    /** The resources of these types by what their `property` refers to: a URN it depends on, or a value it holds. */
    private referrerIndex(tokens: readonly string[], property: string) {
        const name = `${tokens.join(",")}|${property}`;
        let index = this.referrerIndexes.get(name);
        if (!index) {
            index = { byUrn: new Map<string, StackNode[]>(), byValue: new Map<string, StackNode[]>() };
            for (const node of tokens.flatMap((token) => this.byType.get(token) ?? [])) {
                for (const urn of node.propertyDependencies[property] ?? []) {
                    index.byUrn.set(urn, [...(index.byUrn.get(urn) ?? []), node]);
                }
                const values = knowableList(node.props[property]);
                if (!isUnknown(values)) {
                    for (const value of values) {
                        if (typeof value === "string") {
                            index.byValue.set(value, [...(index.byValue.get(value) ?? []), node]);
                        }
                    }
                }
            }
            this.referrerIndexes.set(name, index);
        }
        return index;
    }

    /** Nodes in stack order, as a scan of the whole stack would have found them. */
    private inOrder(nodes: readonly StackNode[]): StackNode[] {
        return [...nodes].sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
    }
}

/** The type tokens of resource classes; @pulumi/policy's isType compares the same token. */
function typeTokens(classes: readonly ResourceClass[]): string[] {
    return classes.map((cls) => (cls as unknown as { __pulumiType: string }).__pulumiType);
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
