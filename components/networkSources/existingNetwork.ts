import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problem } from "../../lib/errors";
import { LabEnvironment } from "../labEnvironment";
import { NetworkSpec } from "../labNetwork/spec";
import { NetworkRef } from "../networkRef";
import { VpcFlowLogs, labVpcFlowLogs } from "../vpcFlowLogs";
import { NetworkProvider } from "./provider";

/** An existing VPC chosen in config: its ID and its subnets, in the order of the lab's subnets. */
export interface ExistingVpcChoice {
    readonly vpcId: string;
    readonly subnetIds: readonly string[];
    /** Attach the package's flow logs to the VPC (it may already have its own). */
    readonly flowLogs: boolean;
    /** The config key prefix of this VPC, for error messages, e.g. `bastionSsm`. */
    readonly keyPrefix: string;
}

/** A subnet as the lookups found it. */
export interface FoundSubnet {
    readonly id: string;
    readonly vpcId: string;
    readonly cidrBlock: string;
    readonly availabilityZone: string;
    readonly routeTableId: string;
    /** Its route table sends 0.0.0.0/0 to an internet gateway. */
    readonly internetRoute: boolean;
}

/** What the lookups found of an existing VPC: plain values, known before anything is built. */
export interface FoundNetwork {
    readonly vpcId: string;
    readonly cidrBlock: string;
    readonly enableDnsHostnames: boolean;
    readonly enableDnsSupport: boolean;
    readonly subnets: readonly FoundSubnet[];
}

/**
 * The route table a subnet uses: its explicit association, or else the VPC's main table,
 * which a subnet without an association follows implicitly.
 */
async function routeTableOf(subnetId: string, vpcId: string): Promise<aws.ec2.GetRouteTableResult> {
    try {
        return await aws.ec2.getRouteTable({ subnetId });
    } catch {
        return aws.ec2.getRouteTable({ vpcId, filters: [{ name: "association.main", values: ["true"] }] });
    }
}

/** Looks the VPC and its subnets up. Only reads: nothing of the network is created or changed. */
export async function findExistingNetwork(choice: ExistingVpcChoice): Promise<FoundNetwork> {
    const vpc = await aws.ec2.getVpc({ id: choice.vpcId });
    const subnets = await Promise.all(
        choice.subnetIds.map(async (id) => {
            const subnet = await aws.ec2.getSubnet({ id });
            const table = await routeTableOf(id, subnet.vpcId);
            return {
                id,
                vpcId: subnet.vpcId,
                cidrBlock: subnet.cidrBlock,
                availabilityZone: subnet.availabilityZone,
                routeTableId: table.routeTableId,
                internetRoute: (table.routes ?? []).some((r) => r.cidrBlock === "0.0.0.0/0" && (r.gatewayId ?? "").startsWith("igw-")),
            };
        }),
    );
    return { vpcId: vpc.id, cidrBlock: vpc.cidrBlock, enableDnsHostnames: vpc.enableDnsHostnames, enableDnsSupport: vpc.enableDnsSupport, subnets };
}

/**
 * Why the found VPC cannot host the lab: subnets of another VPC, zones that do not match the
 * lab's layout, or public subnets with no route to the internet.
 */
export function existingNetworkProblems(spec: NetworkSpec, choice: ExistingVpcChoice, found: FoundNetwork): Problem[] {
    const problems: Problem[] = [];
    const key = (i: number) => `vpc-labs:${choice.keyPrefix}ExistingSubnetIds[${i}]`;
    spec.subnets.forEach((subnetSpec, i) => {
        const subnet = found.subnets[i];
        if (!subnet) {
            return;
        }
        const role = `${subnetSpec.name}, ${subnetSpec.tier} in zone ${subnetSpec.zoneIndex + 1}`;
        if (subnet.vpcId !== found.vpcId) {
            problems.push({ key: key(i), rule: `${subnet.id} (${role}) is in ${subnet.vpcId}, not in ${found.vpcId}`, fix: `list subnets of ${found.vpcId} only` });
        }
        const sameZone = spec.subnets.findIndex((other, j) => j < i && other.zoneIndex === subnetSpec.zoneIndex);
        if (sameZone >= 0 && found.subnets[sameZone].availabilityZone !== subnet.availabilityZone) {
            problems.push({
                key: key(i),
                rule: `${subnet.id} (${role}) is in ${subnet.availabilityZone} but ${found.subnets[sameZone].id} (${spec.subnets[sameZone].name}) of the same zone is in ${found.subnets[sameZone].availabilityZone}`,
                fix: "list subnets so that each zone's subnets share an Availability Zone",
            });
        }
        // Each zone is anchored by its first listed subnet; comparing with anchors only keeps
        // one misplaced subnet from being reported again through its neighbours.
        const otherZone = spec.subnets.findIndex(
            (other, j) =>
                j < i &&
                other.zoneIndex !== subnetSpec.zoneIndex &&
                spec.subnets.findIndex((s) => s.zoneIndex === other.zoneIndex) === j &&
                found.subnets[j]?.availabilityZone === subnet.availabilityZone,
        );
        if (otherZone >= 0) {
            problems.push({
                key: key(i),
                rule: `${subnet.id} (${role}) is in ${subnet.availabilityZone}, the zone of ${spec.subnets[otherZone].name}; the lab spreads its subnets over two zones`,
                fix: "list a subnet in another Availability Zone",
            });
        }
        if (subnetSpec.tier === "public" && !subnet.internetRoute) {
            problems.push({
                key: key(i),
                rule: `${subnet.id} (${role}) has no 0.0.0.0/0 route to an internet gateway, which the lab's public instances need`,
                fix: "list a public subnet of the VPC",
            });
        }
    });
    return problems;
}

export interface ExistingLabNetworkArgs {
    readonly spec: NetworkSpec;
    readonly found: FoundNetwork;
    readonly flowLogs: boolean;
    readonly environment: LabEnvironment;
}

/**
 * A lab's network on a VPC that already exists. Nothing of the network is created, changed or
 * adopted (not even its default security group), so deleting the stack leaves it as it was;
 * the only resources are the flow logs, when config asks for them.
 */
export class ExistingLabNetwork extends pulumi.ComponentResource {
    readonly flowLogs?: VpcFlowLogs;
    readonly ref: NetworkRef;

    constructor(name: string, args: ExistingLabNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("vpc-labs:network:ExistingLabNetwork", name, {}, opts);
        const { spec, found, environment } = args;
        if (args.flowLogs) {
            this.flowLogs = labVpcFlowLogs(`${name}-flow-logs`, { vpcId: found.vpcId, label: spec.flowLogLabel ?? `${spec.vpcName}-flow`, vpcName: spec.vpcName }, environment, this);
        }
        const subnets = spec.subnets.map((subnetSpec, i) => ({
            key: subnetSpec.key,
            tier: subnetSpec.tier,
            zoneIndex: subnetSpec.zoneIndex,
            id: pulumi.output(found.subnets[i].id),
            cidrBlock: pulumi.output(found.subnets[i].cidrBlock),
            availabilityZone: pulumi.output(found.subnets[i].availabilityZone),
        }));
        const tables = new Map<string, { key: string; tier: "public" | "private" }>();
        spec.subnets.forEach((subnetSpec, i) => {
            if (!tables.has(found.subnets[i].routeTableId)) {
                tables.set(found.subnets[i].routeTableId, { key: subnetSpec.routeTable, tier: subnetSpec.tier });
            }
        });
        this.ref = {
            flowLogs: this.flowLogs,
            vpcName: spec.vpcName,
            vpcId: pulumi.output(found.vpcId),
            cidrBlock: pulumi.output(found.cidrBlock),
            enableDnsHostnames: found.enableDnsHostnames,
            enableDnsSupport: found.enableDnsSupport,
            subnets,
            routeTables: [...tables].map(([id, table]) => ({ key: table.key, tier: table.tier, id: pulumi.output(id) })),
        };
        this.registerOutputs({ vpcId: found.vpcId });
    }
}

/** The existing-VPC source, once the lookups have found it. */
export function existingNetwork(found: FoundNetwork, flowLogs: boolean): NetworkProvider {
    return (name, spec, environment, opts) => new ExistingLabNetwork(name, { spec, found, flowLogs, environment }, opts).ref;
}
