import type * as awsx from "@pulumi/awsx";
import { Problem } from "../../lib/errors";
import { mergeTags } from "../../lib/tags";
import { LabEnvironment } from "../labEnvironment";
import { NetworkSpec, SubnetSpec } from "../labNetwork/spec";

/** The awsx subnet type of a tier: private subnets without a NAT route are awsx's Isolated type. */
export function awsxSubnetType(subnet: SubnetSpec, spec: NetworkSpec): "Public" | "Private" | "Isolated" {
    if (subnet.tier === "public") {
        return "Public";
    }
    const table = spec.routeTables.find((t) => t.key === subnet.routeTable);
    return table?.defaultRoute === "nat-gateway" ? "Private" : "Isolated";
}

/** The zones a spec uses, in order. */
export function zonesOf(spec: NetworkSpec): number[] {
    return [...new Set(spec.subnets.map((s) => s.zoneIndex))].sort();
}

/**
 * Why awsx cannot build this layout: awsx.ec2.Vpc repeats every subnet spec in every zone, so
 * each subnet type must have exactly one subnet in each zone the lab uses.
 */
export function awsxLayoutProblems(spec: NetworkSpec, key: string): Problem[] {
    const zones = zonesOf(spec);
    const problems: Problem[] = [];
    const types = [...new Set(spec.subnets.map((s) => awsxSubnetType(s, spec)))];
    for (const type of types) {
        const subnets = spec.subnets.filter((s) => awsxSubnetType(s, spec) === type);
        const perZone = zones.map((zone) => subnets.filter((s) => s.zoneIndex === zone).length);
        if (perZone.some((count) => count !== 1)) {
            const layout = subnets.map((s) => `${s.name} in zone ${s.zoneIndex + 1}`).join(", ");
            problems.push({
                key,
                rule: `awsx.ec2.Vpc puts every ${type.toLowerCase()} subnet spec in every zone, but ${spec.vpcName} has ${layout} across ${zones.length} zones`,
                fix: 'use "native" (exact layout) or "existing" for this VPC',
            });
        }
    }
    return problems;
}

/** The awsx.ec2.Vpc arguments for a uniform spec: the lab's exact CIDRs per subnet and zone. */
export function awsxVpcArgs(spec: NetworkSpec, environment: LabEnvironment): awsx.ec2.VpcArgs {
    const zones = zonesOf(spec);
    const types = [...new Set(spec.subnets.map((s) => awsxSubnetType(s, spec)))];
    const nat = spec.natGateways ?? "none";
    return {
        cidrBlock: spec.cidrBlock,
        enableDnsHostnames: spec.enableDnsHostnames ?? true,
        enableDnsSupport: spec.enableDnsSupport ?? true,
        availabilityZoneNames: zones.map((zone) => environment.availabilityZones[zone]),
        // Explicit CIDR blocks need the Auto (or Exact) strategy; Legacy would reorder them.
        subnetStrategy: "Auto",
        subnetSpecs: types.map((type) => ({
            type,
            name: type.toLowerCase(),
            cidrBlocks: zones.map((zone) => spec.subnets.find((s) => s.zoneIndex === zone && awsxSubnetType(s, spec) === type)!.cidrBlock),
        })),
        natGateways: { strategy: nat === "none" ? "None" : nat === "single" ? "Single" : "OnePerAz" },
        tags: mergeTags(undefined, environment.tags, spec.vpcName),
    };
}
