import { PolicyResource } from "@pulumi/policy";
import { isUnknown, knowableList, knowableProps } from "../stack/knowable";
import { StackIndex, StackNode } from "../stack/stackIndex";
import { T } from "./types";

/**
 * The stack's network resources by the IDs other resources refer to them with: what every
 * question reads. Built once per stack in one pass over the resources, so a question over a
 * 10,000-resource export costs map reads.
 */
export class NetworkModel {
    readonly index: StackIndex;
    readonly region: string | undefined;
    readonly accountId: string | undefined;
    private readonly byIdMap = new Map<string, StackNode>();
    private readonly byTypeMap = new Map<string, StackNode[]>();
    /** Referrers by type and the ID they hold in a property: `type|property|id`. */
    private readonly referrers = new Map<string, StackNode[]>();
    /** URNs of awsx VPC components that stand in for a VPC whose children the records do not show. */
    readonly opaqueVpcUrns: ReadonlySet<string>;
    /** The awsx VPC components' own outputs (the index shows each as the VPC it builds). */
    readonly awsxComponents: readonly { readonly urn: string; readonly props: Record<string, unknown> }[];

    constructor(resources: readonly PolicyResource[]) {
        this.index = new StackIndex(resources);
        this.awsxComponents = resources.filter((r) => r.type === T.awsxVpc).map((r) => ({ urn: r.urn, props: knowableProps<Record<string, unknown>>(r.props) }));
        const opaque = new Set<string>();
        const awsxUrns = new Set(this.awsxComponents.map((c) => c.urn));
        // Only the types the analysis reads: copying a resource's props is the expensive part of a large export.
        const relevant = new Set<string>(Object.values(T));
        for (const node of this.index.nodes) {
            if (!relevant.has(node.type)) {
                continue;
            }
            const id = rawString(node, "id");
            if (id && !this.byIdMap.has(id)) {
                this.byIdMap.set(id, node);
            }
            // ARNs are IDs too for load balancers, target groups and listeners.
            const arn = rawString(node, "arn");
            if (arn && !this.byIdMap.has(arn)) {
                this.byIdMap.set(arn, node);
            }
            const list = this.byTypeMap.get(node.type) ?? [];
            list.push(node);
            this.byTypeMap.set(node.type, list);
            if (node.type === T.vpc && awsxUrns.has(node.urn)) {
                // The component stands in for its VPC: no child of it is in the records.
                opaque.add(node.urn);
            }
        }
        this.opaqueVpcUrns = opaque;
        const arn = [...this.byTypeMap.values()].flat().map((n) => n.props.arn).find((a): a is string => typeof a === "string" && /^arn:[^:]+:ec2:[^:]+:\d{12}:/.test(a));
        const parts = arn?.split(":");
        this.region = parts?.[3];
        this.accountId = parts?.[4];
    }

    byId(id: unknown): StackNode | undefined {
        return typeof id === "string" ? this.byIdMap.get(id) : undefined;
    }

    ofType(...types: string[]): StackNode[] {
        return types.flatMap((type) => this.byTypeMap.get(type) ?? []);
    }

    /** Resources of `type` whose `property` (a value or a list) holds `id`. */
    referring(type: string, property: string, id: unknown): StackNode[] {
        if (typeof id !== "string") {
            return [];
        }
        const key = `${type}|${property}`;
        if (!this.referrers.has(`${key}|`)) {
            this.referrers.set(`${key}|`, []);
            for (const node of this.byTypeMap.get(type) ?? []) {
                const values = knowableList(node.props[property]);
                for (const value of isUnknown(values) ? [] : values) {
                    if (typeof value === "string") {
                        const entry = `${key}|${value}`;
                        this.referrers.set(entry, [...(this.referrers.get(entry) ?? []), node]);
                    }
                }
            }
        }
        return this.referrers.get(`${key}|${id}`) ?? [];
    }

    /** The VPC node a resource's `vpcId` names. */
    vpcOf(node: StackNode | undefined): StackNode | undefined {
        const vpc = this.byId(node?.props.vpcId);
        return vpc?.type === T.vpc ? vpc : undefined;
    }

    isOpaque(vpc: StackNode | undefined): boolean {
        return vpc !== undefined && this.opaqueVpcUrns.has(vpc.urn);
    }
}

/**
 * One string output read straight from the resource, without copying all its props: the
 * index reads the ID and ARN of every resource. During preview the policy proxy refuses
 * unknown values; those are simply not indexed.
 */
function rawString(node: StackNode, key: string): string | undefined {
    try {
        const value = (node.resource.props as Record<string, unknown>)[key];
        return typeof value === "string" ? value : undefined;
    } catch {
        return undefined;
    }
}

/** The Name tag a student sees in the console, else the resource name. */
export function nameOf(node: StackNode): string {
    const tags = node.props.tags as Record<string, unknown> | undefined;
    return typeof tags?.Name === "string" ? tags.Name : node.name;
}

export function str(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

export function list(value: unknown): unknown[] {
    const values = knowableList(value);
    return isUnknown(values) ? [] : values;
}
