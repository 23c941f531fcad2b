import * as aws from "@pulumi/aws";
import { isUnknown, knowableList } from "../stack/knowable";
import { StackIndex, StackNode } from "../stack/stackIndex";
import {
    AL2023_ROOT_VOLUME_GIB,
    AL2023_ROOT_VOLUME_TYPE,
    FREE,
    HOURS_PER_BILLING_MONTH,
    Price,
    Provenance,
    RegionPrices,
    SOURCES,
} from "./priceTable";

/**
 * What one resource costs, as quantities of priced things: the hourly charges, the charges
 * billed by use (listed, never priced: no traffic figure exists before a deployment), and
 * whether it is one of the free kinds. Other resource types (VPCs, subnets, route tables,
 * security groups, IAM) have no charge of their own.
 */

export type CostKind = "instance" | "ebs-volume" | "interface-endpoint" | "nat-gateway" | "network-load-balancer" | "public-ipv4" | "kms-key" | "unmodelled";
export type UsageKind = "nat-data" | "endpoint-data" | "load-balancer-capacity" | "flow-log-delivery" | "log-storage" | "s3-storage" | "kms-requests";
export type FreeKind = "gateway-endpoint" | "instance-connect-endpoint" | "endpoint-service";

/** A rate in a Region's table: USD per unit and hour, or why there is none. */
export type Rate = { readonly usdPerUnitHour: number; readonly provenance: Provenance } | { readonly missing: string };

export interface Charge {
    readonly kind: CostKind;
    readonly quantity: number;
    /** What one unit is, e.g. "instance-hour of t3.micro", "AZ-hour". */
    readonly unit: string;
    readonly rate: (prices: RegionPrices) => Rate;
}

export interface Usage {
    readonly kind: UsageKind;
    /** What is billed by use, with its rate when the table has one. */
    readonly what: (prices: RegionPrices | undefined) => string;
    readonly source: string;
}

export interface Classified {
    readonly charges: readonly Charge[];
    readonly usage: readonly Usage[];
    readonly free?: { readonly kind: FreeKind; readonly source: string };
    /** Said once per resource: a limit of what the records show. */
    readonly notes?: readonly string[];
}

const NOTHING: Classified = { charges: [], usage: [] };

/**
 * The type tokens of the priced kinds, written out: reading `aws.kms.Key` and the like would
 * load those modules of @pulumi/aws (a lazy getter each) just to compare names. A test
 * checks each against the class's own token.
 */
export const PRICED_TYPES = {
    INSTANCE: "aws:ec2/instance:Instance",
    VPC_ENDPOINT: "aws:ec2/vpcEndpoint:VpcEndpoint",
    NAT_GATEWAY: "aws:ec2/natGateway:NatGateway",
    EIP: "aws:ec2/eip:Eip",
    LOAD_BALANCER: "aws:lb/loadBalancer:LoadBalancer",
    INSTANCE_CONNECT_ENDPOINT: "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint",
    ENDPOINT_SERVICE: "aws:ec2/vpcEndpointService:VpcEndpointService",
    KMS_KEY: "aws:kms/key:Key",
    FLOW_LOG: "aws:ec2/flowLog:FlowLog",
    LOG_GROUP: "aws:cloudwatch/logGroup:LogGroup",
    BUCKET: "aws:s3/bucket:Bucket",
    BUCKET_V2: "aws:s3/bucketV2:BucketV2",
} as const;
const T = PRICED_TYPES;

const hourly = (price: Price): Rate => ({ usdPerUnitHour: price.usd, provenance: price });

export const natUsage: Usage = { kind: "nat-data", what: (p) => `data processed by the NAT gateway${p ? ` ($${p.natGatewayGb.usd}/GB)` : ""}`, source: SOURCES.vpc };

export function classify(node: StackNode, index: StackIndex): Classified {
    // node.props copies on first read: read it only for the types that are priced.
    switch (node.type) {
        case T.INSTANCE:
            return instance(node, index);
        case T.VPC_ENDPOINT:
            return vpcEndpoint(node, index);
        case T.NAT_GATEWAY:
            // Public or private, the same hourly rate; a public one's Elastic IP is priced as itself.
            return { charges: [natGatewayCharge()], usage: [natUsage] };
        case T.EIP:
            // Billed whether or not it is attached (public IPv4 pricing since 2024-02-01).
            return { charges: [publicIpv4(1)], usage: [] };
        case T.LOAD_BALANCER:
            return loadBalancer(node, index);
        case T.INSTANCE_CONNECT_ENDPOINT:
            return { ...NOTHING, free: { kind: "instance-connect-endpoint", source: FREE.instanceConnectEndpoint } };
        case T.ENDPOINT_SERVICE:
            return { ...NOTHING, free: { kind: "endpoint-service", source: FREE.endpointService } };
        case T.KMS_KEY:
            return {
                charges: [
                    {
                        kind: "kms-key",
                        quantity: 1,
                        unit: "key-hour (monthly price / 730)",
                        rate: (p) => ({ usdPerUnitHour: p.kmsKeyMonth.usd / HOURS_PER_BILLING_MONTH, provenance: p.kmsKeyMonth }),
                    },
                ],
                usage: [{ kind: "kms-requests", what: () => "KMS requests beyond the free tier", source: SOURCES.kms }],
            };
        case T.FLOW_LOG: {
            const destination = typeof node.props.logDestinationType === "string" ? node.props.logDestinationType : "cloud-watch-logs";
            return { charges: [], usage: [{ kind: "flow-log-delivery", what: () => `flow-log records delivered to ${destination} (vended logs, per GB)`, source: SOURCES.cloudWatch }] };
        }
        case T.LOG_GROUP:
            return { charges: [], usage: [{ kind: "log-storage", what: () => "log storage (per GB-month)", source: SOURCES.cloudWatch }] };
        case T.BUCKET:
        case T.BUCKET_V2:
            return { charges: [], usage: [{ kind: "s3-storage", what: () => "S3 storage and requests", source: SOURCES.s3 }] };
        default:
            return NOT_MODELLED[node.type] === undefined ? NOTHING : notModelled(NOT_MODELLED[node.type]);
    }
}

/**
 * Networking resources billed by the hour that the labs do not create and the table does not
 * price: reported as not priced (the total becomes a lower bound), never counted as free.
 */
const NOT_MODELLED: Readonly<Record<string, string>> = {
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "transit gateway attachments",
    "aws:ec2/vpnConnection:VpnConnection": "Site-to-Site VPN connections",
    "aws:ec2clientvpn/networkAssociation:NetworkAssociation": "Client VPN associations",
    "aws:networkfirewall/firewall:Firewall": "Network Firewall endpoints",
    "aws:route53/resolverEndpoint:ResolverEndpoint": "Route 53 Resolver endpoints",
    "aws:ec2/trafficMirrorSession:TrafficMirrorSession": "traffic mirror sessions",
    "aws:vpclattice/service:Service": "VPC Lattice services",
};

function notModelled(what: string): Classified {
    return { charges: [{ kind: "unmodelled", quantity: 1, unit: `hour of ${what}`, rate: () => ({ missing: `no price for ${what} in the table` }) }], usage: [] };
}

function instance(node: StackNode, index: StackIndex): Classified {
    const props = node.props;
    const type = typeof props.instanceType === "string" ? props.instanceType : undefined;
    const charges: Charge[] = [
        {
            kind: "instance",
            quantity: 1,
            unit: `instance-hour of ${type ?? "an unknown type"}`,
            rate: (p) =>
                type === undefined
                    ? { missing: "its instance type is not known yet" }
                    : p.instanceHour[type] === undefined
                      ? { missing: `no price for instance type ${type} in the table` }
                      : { usdPerUnitHour: p.instanceHour[type], provenance: p.instanceSource },
        },
    ];
    const root = (isUnknown(props.rootBlockDevice) ? undefined : props.rootBlockDevice) as { volumeSize?: unknown; volumeType?: unknown } | undefined;
    const size = typeof root?.volumeSize === "number" && root.volumeSize > 0 ? root.volumeSize : AL2023_ROOT_VOLUME_GIB;
    const volumeType = typeof root?.volumeType === "string" && root.volumeType !== "" ? root.volumeType : AL2023_ROOT_VOLUME_TYPE;
    charges.push({
        kind: "ebs-volume",
        quantity: size,
        unit: `GiB-hour of ${volumeType} (root volume)`,
        rate: (p) =>
            p.ebsGbMonth[volumeType] === undefined
                ? { missing: `no price for EBS volume type ${volumeType} in the table` }
                : { usdPerUnitHour: p.ebsGbMonth[volumeType] / HOURS_PER_BILLING_MONTH, provenance: p.ebsSource },
    });
    if (hasPublicIpv4(node, index)) {
        charges.push(publicIpv4(1));
    }
    const extraVolumes = knowableList(props.ebsBlockDevices);
    const notes = !isUnknown(extraVolumes) && extraVolumes.length > 0 ? [`${extraVolumes.length} additional EBS volume(s) not priced`] : undefined;
    return { charges, usage: [], notes };
}

/** An instance gets a public IPv4 address when it asks for one, or when its subnet hands them out. */
function hasPublicIpv4(node: StackNode, index: StackIndex): boolean {
    const { associatePublicIpAddress, publicIp } = node.props;
    if (typeof publicIp === "string" && publicIp !== "") {
        return true;
    }
    if (typeof associatePublicIpAddress === "boolean") {
        return associatePublicIpAddress;
    }
    const subnet = index.referencedBy(node, "subnetId", [aws.ec2.Subnet]).nodes[0];
    return subnet?.props.mapPublicIpOnLaunch === true;
}

function vpcEndpoint(node: StackNode, index: StackIndex): Classified {
    const type = node.props.vpcEndpointType;
    if (type === "Interface") {
        // One ENI per subnet, at most one subnet per zone: the subnets are the billed AZs.
        const subnets = index.referencedBy(node, "subnetIds", [aws.ec2.Subnet]);
        const count = isUnknown(subnets.count) ? Math.max(subnets.nodes.length, 1) : Math.max(subnets.count, 1);
        return {
            charges: [{ kind: "interface-endpoint", quantity: count, unit: "endpoint AZ-hour", rate: (p) => hourly(p.interfaceEndpointAzHour) }],
            usage: [{ kind: "endpoint-data", what: (p) => `data processed by the interface endpoint${p ? ` ($${p.interfaceEndpointGb.usd}/GB)` : ""}`, source: SOURCES.privateLink }],
            notes: isUnknown(subnets.count) ? ["its subnets are not known yet: priced for the subnets its dependencies name"] : undefined,
        };
    }
    if (type === undefined || type === "Gateway") {
        return { ...NOTHING, free: { kind: "gateway-endpoint", source: FREE.gatewayEndpoint } };
    }
    return { charges: [{ kind: "interface-endpoint", quantity: 1, unit: `${String(type)} endpoint-hour`, rate: () => ({ missing: `no price for ${String(type)} endpoints in the table` }) }], usage: [] };
}

function loadBalancer(node: StackNode, index: StackIndex): Classified {
    const props = node.props;
    const type = typeof props.loadBalancerType === "string" ? props.loadBalancerType : "application";
    const charges: Charge[] = [
        {
            kind: "network-load-balancer",
            quantity: 1,
            unit: `${type} load balancer-hour`,
            rate: (p) => (type === "network" ? hourly(p.networkLoadBalancerHour) : { missing: `no price for ${type} load balancers in the table` }),
        },
    ];
    if (props.internal !== true) {
        // An internet-facing load balancer holds one public IPv4 address per zone.
        const subnets = index.referencedBy(node, "subnets", [aws.ec2.Subnet]);
        const mappings = knowableList(props.subnetMappings);
        const zones = !isUnknown(subnets.count) && subnets.count > 0 ? subnets.count : !isUnknown(mappings) ? mappings.length : subnets.nodes.length;
        charges.push(publicIpv4(Math.max(zones, 1)));
    }
    return {
        charges,
        usage: [{ kind: "load-balancer-capacity", what: (p) => `load balancer capacity units (flows, bytes)${p && type === "network" ? ` ($${p.networkLoadBalancerNlcuHour.usd}/NLCU-hour)` : ""}`, source: SOURCES.elb }],
    };
}

export function publicIpv4(quantity: number): Charge {
    return { kind: "public-ipv4", quantity, unit: "public IPv4 address-hour", rate: (p) => hourly(p.publicIpv4Hour) };
}

export function natGatewayCharge(): Charge {
    return { kind: "nat-gateway", quantity: 1, unit: "NAT gateway-hour", rate: (p) => hourly(p.natGatewayHour) };
}
