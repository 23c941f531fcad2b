import { EndpointsLabConfig, SubnetTier } from "../../../config/stackConfig";
import { GatewayService } from "../../../lib/services";
import { LabEnvironment } from "../../labEnvironment";
import { NetworkSpec } from "../../labNetwork/spec";
import { NetworkRef, RouteTableRef, SubnetRef, routeTablesOfTier, subnetsOfTier } from "../../networkRef";
import { endpointsStageOf } from "../../../labs/stageRules";
import { hasReached } from "../../../config/stages";
import { interfaceServicesOf } from "../../../labs/endpoints/interfaceServices";

// The interface services are lab facts (the quota demand counts them too); re-exported under their old home.
export { interfaceServicesOf, SESSION_MANAGER_SERVICES } from "../../../labs/endpoints/interfaceServices";
export type { InterfaceService } from "../../../labs/endpoints/interfaceServices";

/**
 * The AWS Name tags of the lab: lab09-1's CloudNeta-* names where the original has the
 * resource; the pieces it lacks (security groups, role, endpoints, bucket) get names in the
 * same style.
 */
export const ENDPOINTS_NAMES = {
    vpc: "CloudNeta-VPC",
    internetGateway: "CloudNeta-IGW",
    publicSubnet: "CloudNeta-Public-SN",
    privateSubnet: "CloudNeta-Private-SN",
    publicRouteTable: "CloudNeta-Public-RT",
    privateRouteTable: "CloudNeta-Private-RT",
    publicInstance: "CloudNeta-Public-EC2",
    privateInstance: "CloudNeta-Private-EC2",
    publicSecurityGroup: "CloudNeta-Public-EC2-SG",
    privateSecurityGroup: "CloudNeta-Private-EC2-SG",
    instanceRole: "CloudNeta-EC2RoleforSSM",
    lockedBucket: "CloudNeta-Endpoint-Locked-Bucket",
    instanceConnectEndpoint: "CloudNeta-EIC-Endpoint",
    instanceConnectSecurityGroup: "CloudNeta-EIC-Endpoint-SG",
} as const;

/** Start of the locked bucket's generated name (bucket names are global, so AWS appends a suffix). */
export const LOCKED_BUCKET_PREFIX = "vpc-labs-endpoints-locked-";

const GATEWAY_LABELS: Record<GatewayService, string> = { s3: "S3", dynamodb: "DynamoDB" };

/** Name tag of a gateway endpoint, e.g. `CloudNeta-S3-Gateway-Endpoint`. */
export function gatewayEndpointNameTag(service: GatewayService): string {
    return `CloudNeta-${GATEWAY_LABELS[service]}-Gateway-Endpoint`;
}

/** Name tag of an interface endpoint, e.g. `CloudNeta-cloudformation-Endpoint`. */
export function interfaceEndpointNameTag(service: string): string {
    return `CloudNeta-${service}-Endpoint`;
}

/** Pulumi name part of a service: dots are not welcome in resource names (`ecr.api` -> `ecr-api`). */
export function serviceKey(service: string): string {
    return service.replace(/\./g, "-");
}

/**
 * The lab09-1 network when the lab builds it itself: CloudNeta-VPC with DNS support on and DNS
 * hostnames as {@link endpointsDnsHostnames} says (on at the interface stage, the default), CloudNeta-Public-SN in zone 1 on CloudNeta-Public-RT (0.0.0.0/0 -> CloudNeta-IGW),
 * CloudNeta-Private-SN in zone 2 on CloudNeta-Private-RT (local route only: no NAT, so S3 and
 * the other services are reachable only through the endpoints).
 */
export function endpointsNetworkSpec(config: EndpointsLabConfig, _environment: LabEnvironment): NetworkSpec {
    const names = ENDPOINTS_NAMES;
    return {
        vpcName: names.vpc,
        cidrBlock: config.vpcCidr,
        enableDnsHostnames: endpointsDnsHostnames(config),
        enableDnsSupport: true,
        internetGatewayName: names.internetGateway,
        natGateways: "none",
        routeTables: [
            { key: "public", name: names.publicRouteTable, tier: "public", defaultRoute: "internet-gateway" },
            { key: "private", name: names.privateRouteTable, tier: "private", defaultRoute: "none" },
        ],
        subnets: [
            { key: "public", name: names.publicSubnet, cidrBlock: config.publicSubnetCidr, zoneIndex: 0, tier: "public", routeTable: "public" },
            { key: "private", name: names.privateSubnet, cidrBlock: config.privateSubnetCidr, zoneIndex: 1, tier: "private", routeTable: "private" },
        ],
    };
}

/**
 * CloudNeta-VPC's DNS hostnames: off before the interface stage, as lab09-1's template had
 * them (the book switches them on right before the interface endpoint), unless an interface
 * endpoint with private DNS exists earlier: Session Manager's ssm/ssmmessages endpoints
 * (`endpointsPrivateInstanceAccess: session-manager`) need them from the first stage.
 */
export function endpointsDnsHostnames(config: EndpointsLabConfig): boolean {
    return hasReached("endpoints", endpointsStageOf(config), "interface") || interfaceServicesOf(config).length > 0;
}

/** True when the lab is built with its gateway endpoints and the locked bucket (stage gateway or later). */
export function hasGatewayStage(config: EndpointsLabConfig): boolean {
    return hasReached("endpoints", endpointsStageOf(config), "gateway");
}

/**
 * The subnets an interface endpoint gets an ENI in: one per zone, preferring the private
 * subnet of each zone (as the book does, both CloudNeta subnets with two zones).
 *
 * With one zone the endpoint goes in the private tier's first subnet: the private instance
 * has no other way to the service, so its queries stay in its own zone, while the public
 * instance reaches the ENI across zones over the VPC's local route (and could fall back to
 * the internet). An interface endpoint answers the whole VPC from any subnet.
 */
export function interfaceEndpointSubnets(network: NetworkRef, zoneCount: 1 | 2): SubnetRef[] {
    const preferPrivate = (a: SubnetRef, b: SubnetRef) => tierRank(a.tier) - tierRank(b.tier) || a.zoneIndex - b.zoneIndex;
    if (zoneCount === 1) {
        const first = [...network.subnets].sort(preferPrivate)[0];
        return first ? [first] : [];
    }
    const byZone = new Map<number, SubnetRef>();
    for (const subnet of [...network.subnets].sort(preferPrivate)) {
        if (!byZone.has(subnet.zoneIndex)) {
            byZone.set(subnet.zoneIndex, subnet);
        }
    }
    return [...byZone.values()].sort((a, b) => a.zoneIndex - b.zoneIndex).slice(0, zoneCount);
}

function tierRank(tier: SubnetTier): number {
    return tier === "private" ? 0 : 1;
}

/** The route tables the gateway endpoints go on, in config order of tiers. */
export function gatewayRouteTables(network: NetworkRef, tiers: readonly SubnetTier[]): RouteTableRef[] {
    return tiers.flatMap((tier) => routeTablesOfTier(network, tier));
}

/** Where the two instances go: the first public and the first private subnet. */
export function instanceSubnets(network: NetworkRef): { readonly public?: SubnetRef; readonly private?: SubnetRef } {
    return { public: subnetsOfTier(network, "public")[0], private: subnetsOfTier(network, "private")[0] };
}
