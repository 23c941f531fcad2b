import type { FakeAccount } from "./fakeCloud";
import { stableHex } from "./stableHex";

/**
 * The outputs of an `awsx.ec2.Vpc`, which under mocks is one opaque component: what the
 * awsx provider would build from the same inputs (one subnet per spec per zone, one route
 * table per subnet, an internet gateway when there are public subnets).
 */
export function awsxVpcOutputs(
    name: string,
    inputs: Record<string, unknown>,
    account: FakeAccount,
    remember: (id: string, state: Record<string, unknown>) => void,
): Record<string, unknown> {
    const zones = (inputs.availabilityZoneNames as string[] | undefined) ?? account.availabilityZones.slice(0, 3);
    const specs = (inputs.subnetSpecs as { type: string; name?: string; cidrBlocks?: string[] }[] | undefined) ?? [];
    const vpcId = `vpc-${stableHex(`awsx::${name}`)}`;
    const ids: Record<string, string[]> = { Public: [], Private: [], Isolated: [] };
    const subnets: Record<string, unknown>[] = [];
    const associations: Record<string, unknown>[] = [];
    const routeTables: Record<string, unknown>[] = [];
    specs.forEach((spec, specIndex) => {
        zones.forEach((zone, zoneIndex) => {
            const subnetName = `${name}-${(spec.name ?? spec.type).toLowerCase()}-${zoneIndex + 1}`;
            const id = `subnet-${stableHex(`awsx::${subnetName}::${specIndex}`)}`;
            const subnet = { id, vpcId, cidrBlock: spec.cidrBlocks?.[zoneIndex], availabilityZone: zone, tags: { Name: subnetName } };
            remember(id, subnet);
            subnets.push(subnet);
            ids[spec.type]?.push(id);
            const routeTableId = `rtb-${stableHex(`awsx::${subnetName}::rt`)}`;
            routeTables.push({ id: routeTableId, vpcId });
            associations.push({ id: `rtbassoc-${stableHex(`awsx::${subnetName}::rta`)}`, subnetId: id, routeTableId });
        });
    });
    const vpc = { id: vpcId, cidrBlock: inputs.cidrBlock, enableDnsHostnames: inputs.enableDnsHostnames ?? false, enableDnsSupport: inputs.enableDnsSupport ?? true };
    remember(vpcId, vpc);
    const nat = (inputs.natGateways as { strategy?: string } | undefined)?.strategy ?? "OnePerAz";
    const natCount = ids.Public.length === 0 || nat === "None" ? 0 : nat === "Single" ? 1 : zones.length;
    const natGateways = Array.from({ length: natCount }, (_, i) => ({ id: `nat-${stableHex(`awsx::${name}::nat${i}`)}`, subnetId: ids.Public[i] }));
    const internetGateway = ids.Public.length > 0 ? { id: `igw-${stableHex(`awsx::${name}::igw`)}`, vpcId } : undefined;
    // Public tables route to the internet gateway, private ones to their zone's NAT gateway.
    const routes = associations.flatMap((association) => {
        const subnetId = association.subnetId as string;
        const zone = [ids.Public, ids.Private].map((list) => list.indexOf(subnetId)).find((i) => i >= 0) ?? -1;
        const target = ids.Public.includes(subnetId)
            ? { gatewayId: internetGateway?.id }
            : ids.Private.includes(subnetId) && natGateways.length > 0
              ? { natGatewayId: natGateways[Math.min(zone, natGateways.length - 1)].id }
              : undefined;
        return target ? [{ routeTableId: association.routeTableId, destinationCidrBlock: "0.0.0.0/0", ...target }] : [];
    });
    return {
        vpcId,
        vpc,
        subnets,
        publicSubnetIds: ids.Public,
        privateSubnetIds: ids.Private,
        isolatedSubnetIds: ids.Isolated,
        routeTables,
        routeTableAssociations: associations,
        internetGateway,
        natGateways,
        eips: [],
        routes,
        vpcEndpoints: [],
        subnetLayout: specs.map((spec) => ({ type: spec.type, name: spec.name, cidrBlocks: spec.cidrBlocks })),
    };
}
