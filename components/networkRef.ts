import * as pulumi from "@pulumi/pulumi";
import { SubnetTier } from "../config/stackConfig";
import type { VpcFlowLogs } from "./vpcFlowLogs";

/** One subnet as labs see it, whichever network source created or found it. */
export interface SubnetRef {
    /** Stable key within the network, e.g. `public-a`. */
    readonly key: string;
    readonly tier: SubnetTier;
    /** 0 for zone 1, 1 for zone 2: labs place one endpoint ENI per zone by it. */
    readonly zoneIndex: number;
    readonly id: pulumi.Output<string>;
    readonly cidrBlock: pulumi.Output<string>;
    readonly availabilityZone: pulumi.Output<string>;
}

/** One route table as labs see it. */
export interface RouteTableRef {
    readonly key: string;
    readonly tier: SubnetTier;
    readonly id: pulumi.Output<string>;
}

/**
 * The network a lab is built on. Labs depend only on this, so they do not know whether the
 * package created the VPC, awsx did, or it already existed.
 */
export interface NetworkRef {
    readonly vpcId: pulumi.Output<string>;
    readonly cidrBlock: pulumi.Output<string>;
    /** Known at construction so private DNS on an endpoint can be refused before anything is built. */
    readonly enableDnsHostnames: boolean;
    readonly enableDnsSupport: boolean;
    readonly subnets: readonly SubnetRef[];
    readonly routeTables: readonly RouteTableRef[];
    /** The flow logs the network source attached to the VPC, when it attached any. @default none */
    readonly flowLogs?: VpcFlowLogs;
    /** The VPC's Name tag as the lab knows it (e.g. IMD-VPC). @default none */
    readonly vpcName?: string;
}

/** The subnets of a tier, in zone order. */
export function subnetsOfTier(network: NetworkRef, tier: SubnetTier): SubnetRef[] {
    return network.subnets.filter((s) => s.tier === tier).sort((a, b) => a.zoneIndex - b.zoneIndex);
}

/** One subnet of the tier per zone, for the first `zoneCount` zones: where interface endpoint ENIs go. */
export function onePerZone(network: NetworkRef, tier: SubnetTier, zoneCount: number): SubnetRef[] {
    const picked = new Map<number, SubnetRef>();
    for (const subnet of subnetsOfTier(network, tier)) {
        if (subnet.zoneIndex < zoneCount && !picked.has(subnet.zoneIndex)) {
            picked.set(subnet.zoneIndex, subnet);
        }
    }
    return [...picked.values()];
}

/** The subnet with this key; throws (a programming error, not user input) when there is none. */
export function subnetByKey(network: NetworkRef, key: string): SubnetRef {
    const subnet = network.subnets.find((s) => s.key === key);
    if (!subnet) {
        throw new Error(`network has no subnet "${key}"; it has ${network.subnets.map((s) => s.key).join(", ")}`);
    }
    return subnet;
}

/** The route tables of a tier. */
export function routeTablesOfTier(network: NetworkRef, tier: SubnetTier): RouteTableRef[] {
    return network.routeTables.filter((t) => t.tier === tier);
}
