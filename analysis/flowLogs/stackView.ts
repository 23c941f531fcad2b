import * as aws from "@pulumi/aws";
import { knownString } from "../stack/knowable";
import { soleReferent, StackIndex, StackNode } from "../stack/stackIndex";
import { parseFormat } from "./records";
import { DEFAULT_S3_LAYOUT, FlowLogTarget, S3Layout } from "../../labs/flowLogs/queries";

/**
 * The stack's flow logs and network interfaces as plain facts, read from the policy pack's
 * indexed view of a stack (an offline plan, a preview or a `pulumi stack export`): what the
 * predicted records, the queries and the record parser need to name things.
 */

export type FlowLogScope = "vpc" | "subnet" | "eni";

export interface StackFlowLog {
    readonly urn: string;
    /** The resource name. */
    readonly name: string;
    /** The Name tag, or the resource name. */
    readonly label: string;
    readonly id?: string;
    readonly scope: FlowLogScope;
    /** The VPC, subnet or instance (ENI owner) it is attached to. */
    readonly targetUrn?: string;
    readonly targetName?: string;
    readonly trafficType: "ALL" | "ACCEPT" | "REJECT";
    /** The record fields in order; empty: the default format. */
    readonly fields: readonly string[];
    readonly destination: "cloud-watch-logs" | "s3";
    readonly logGroupName?: string;
    readonly bucket?: string;
    readonly s3: S3Layout;
    readonly maxAggregationInterval: number;
}

/** One network interface of the stack and what owns it. */
export interface StackInterface {
    readonly ownerUrn: string;
    readonly ownerType: string;
    /** The owner's Name tag, or its resource name. */
    readonly ownerName: string;
    readonly eniId?: string;
    readonly address?: string;
    readonly publicAddress?: string;
    readonly subnetUrn?: string;
    readonly vpcUrn?: string;
    /** EC2 instance type, for instances. */
    readonly instanceType?: string;
    readonly instanceId?: string;
}

export interface StackFlowLogView {
    readonly accountId?: string;
    readonly region?: string;
    readonly flowLogs: readonly StackFlowLog[];
    readonly interfaces: readonly StackInterface[];
    /** The Name tag (or resource name) of every resource, by URN. */
    readonly names: ReadonlyMap<string, string>;
    /** The cloud ID of every resource that has one, by URN. */
    readonly ids: ReadonlyMap<string, string>;
}

/** A resource's Name tag, or its resource name. */
export function nameOf(node: StackNode<unknown>): string {
    const tags = (node.props as { tags?: unknown }).tags;
    const tag = tags && typeof tags === "object" ? knownString((tags as Record<string, unknown>).Name) : undefined;
    return tag ?? node.name;
}

function str(node: StackNode<unknown>, key: string): string | undefined {
    return knownString((node.props as Record<string, unknown>)[key]);
}

function strings(node: StackNode<unknown>, key: string): (string | undefined)[] {
    const value = (node.props as Record<string, unknown>)[key];
    return Array.isArray(value) ? value.map((v) => knownString(v)) : [];
}

/** The flow logs and ENIs of a stack. */
export function flowLogView(index: StackIndex): StackFlowLogView {
    const subnetOf = (node: StackNode<unknown>) => soleReferent(index.referencedBy(node, "subnetId", [aws.ec2.Subnet]));
    const vpcOf = (node: StackNode<unknown>): StackNode | undefined => soleReferent(index.referencedBy(node, "vpcId", [aws.ec2.Vpc]));
    /** The VPC behind a resource placed in a subnet (or, for awsx subnets under mocks, in the VPC component itself). */
    const vpcOfPlaced = (node: StackNode<unknown>, subnet: StackNode | undefined) =>
        subnet ? vpcOf(subnet) : soleReferent(index.referencedBy(node, "subnetId", [aws.ec2.Vpc]));

    const interfaces: StackInterface[] = [];
    for (const instance of index.ofType(aws.ec2.Instance)) {
        const subnet = subnetOf(instance);
        interfaces.push({
            ownerUrn: instance.urn,
            ownerType: instance.type,
            ownerName: nameOf(instance),
            eniId: str(instance, "primaryNetworkInterfaceId"),
            address: str(instance, "privateIp"),
            publicAddress: str(instance, "publicIp") || undefined,
            subnetUrn: subnet?.urn,
            vpcUrn: vpcOfPlaced(instance, subnet)?.urn,
            instanceType: str(instance, "instanceType"),
            instanceId: str(instance, "id"),
        });
    }
    for (const nat of index.ofType(aws.ec2.NatGateway)) {
        const subnet = subnetOf(nat);
        interfaces.push({
            ownerUrn: nat.urn,
            ownerType: nat.type,
            ownerName: nameOf(nat),
            eniId: str(nat, "networkInterfaceId"),
            address: str(nat, "privateIp"),
            publicAddress: str(nat, "publicIp"),
            subnetUrn: subnet?.urn,
            vpcUrn: vpcOfPlaced(nat, subnet)?.urn,
        });
    }
    for (const endpoint of index.ofType(aws.ec2.VpcEndpoint)) {
        const subnets = index.referencedBy(endpoint, "subnetIds", [aws.ec2.Subnet]).nodes;
        const vpc = vpcOf(endpoint);
        strings(endpoint, "networkInterfaceIds").forEach((eniId, i) => {
            interfaces.push({ ownerUrn: endpoint.urn, ownerType: endpoint.type, ownerName: nameOf(endpoint), eniId, subnetUrn: subnets[i]?.urn, vpcUrn: vpc?.urn });
        });
    }

    const flowLogs: StackFlowLog[] = index.ofType(aws.ec2.FlowLog).map((flowLog) => {
        const vpc = soleReferent(index.referencedBy(flowLog, "vpcId", [aws.ec2.Vpc]));
        const subnet = soleReferent(index.referencedBy(flowLog, "subnetId", [aws.ec2.Subnet]));
        const owner = soleReferent(index.referencedBy(flowLog, "eniId", [aws.ec2.Instance], ["primaryNetworkInterfaceId"]));
        const scope: FlowLogScope = flowLog.props.eniId !== undefined ? "eni" : flowLog.props.subnetId !== undefined ? "subnet" : "vpc";
        const target = scope === "vpc" ? vpc : scope === "subnet" ? subnet : owner;
        const destination = flowLog.props.logDestinationType === "s3" ? "s3" : "cloud-watch-logs";
        const group = soleReferent(index.referencedBy(flowLog, "logDestination", [aws.cloudwatch.LogGroup], ["arn"]));
        const bucketNode = soleReferent(index.referencedBy(flowLog, "logDestination", [aws.s3.Bucket, aws.s3.BucketV2], ["arn"]));
        const arn = knownString(flowLog.props.logDestination);
        const options = (flowLog.props.destinationOptions ?? {}) as Record<string, unknown>;
        const format = knownString(flowLog.props.logFormat);
        return {
            urn: flowLog.urn,
            name: flowLog.name,
            label: nameOf(flowLog),
            id: str(flowLog, "id"),
            scope,
            targetUrn: target?.urn,
            targetName: target ? nameOf(target) : undefined,
            trafficType: (knownString(flowLog.props.trafficType) ?? "ALL") as StackFlowLog["trafficType"],
            fields: format ? parseFormat(format) : [],
            destination,
            logGroupName: group ? str(group, "name") : destination === "cloud-watch-logs" ? arn?.split(":log-group:")[1]?.replace(/:\*$/, "") : undefined,
            bucket: bucketNode ? str(bucketNode, "bucket") : destination === "s3" ? arn?.replace(/^arn:[^:]+:s3:::/, "").split("/")[0] : undefined,
            s3: {
                fileFormat: options.fileFormat === "parquet" ? "parquet" : DEFAULT_S3_LAYOUT.fileFormat,
                hiveCompatiblePartitions: options.hiveCompatiblePartitions === true,
                perHourPartition: options.perHourPartition === true,
            },
            maxAggregationInterval: typeof flowLog.props.maxAggregationInterval === "number" ? flowLog.props.maxAggregationInterval : 600,
        };
    });

    const arn = flowLogs.map((f) => index.byUrn(f.urn)).map((n) => (n ? str(n, "arn") : undefined)).find((a) => a !== undefined);
    const [, , , region, accountId] = arn?.split(":") ?? [];
    const names = new Map(index.nodes.map((node) => [node.urn, nameOf(node)]));
    const ids = new Map(index.nodes.flatMap((node) => (str(node, "id") ? [[node.urn, str(node, "id") as string] as const] : [])));
    return { accountId: accountId || undefined, region: region || undefined, flowLogs, interfaces, names, ids };
}

/** The query target of a flow log of the view. */
export function targetOf(flowLog: StackFlowLog, view: StackFlowLogView, retentionDays?: number): FlowLogTarget {
    return {
        flowLogId: flowLog.id,
        label: flowLog.label,
        destination: flowLog.destination,
        fields: flowLog.fields,
        logGroupName: flowLog.logGroupName,
        bucket: flowLog.bucket,
        accountId: view.accountId ?? "<account-id>",
        region: view.region ?? "<region>",
        s3: flowLog.s3,
        retentionDays,
    };
}
