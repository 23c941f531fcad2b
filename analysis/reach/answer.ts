/**
 * The answer of the offline reachability analysis to one question (`npm run reach`): the
 * same fields in the text and the `--json` output. Names follow VPC Reachability Analyzer
 * where a concept exists there (resource type short names, explanation codes).
 */

/** true: the flow gets through; false: something blocks it; null: unknown offline. */
export type Reachability = true | false | null;

/** AWS resource type short names, as Reachability Analyzer prints them. */
export type HopType =
    | "Instance"
    | "NetworkInterface"
    | "SecurityGroup"
    | "NetworkAcl"
    | "RouteTable"
    | "Subnet"
    | "Vpc"
    | "InternetGateway"
    | "NatGateway"
    | "VpcEndpoint"
    | "VpcEndpointService"
    | "LoadBalancer"
    | "TargetGroup"
    | "BucketPolicy"
    | "EndpointPolicy"
    | "Internet"
    | "AwsService"
    | "Address";

/** A side of the question, resolved. */
export interface ReachEnd {
    /** What the user asked for, as typed. */
    readonly query: string;
    readonly type: HopType;
    readonly name: string;
    /** Absent for `internet`, a bare address or an AWS service. */
    readonly urn?: string;
    /** The IPv4 address the flow leaves from or goes to, when one is known. */
    readonly address?: string;
    /** URN of the VPC the end is in, when it is in one of the stack's VPCs. */
    readonly vpcUrn?: string;
}

/** The network interface a hop puts the packet through: where a flow log can see it. */
export interface HopInterface {
    /** URN of the resource the ENI belongs to (an instance, endpoint, NAT gateway, load balancer). */
    readonly ownerUrn: string;
    readonly subnetUrn?: string;
    readonly vpcUrn?: string;
    /** The ENI's private IPv4 address, when known. */
    readonly address?: string;
    /** The packet leaves (egress) or enters (ingress) the resource through this ENI. */
    readonly direction: "ingress" | "egress";
}

/** One step of the path, in order from the source. */
export interface Hop {
    readonly type: HopType;
    readonly name: string;
    readonly urn?: string;
    /** Which route, rule or resolution let the packet through, quoted for the student. */
    readonly via?: string;
    /** The ENI the packet crosses at this hop, if any. */
    readonly interface?: HopInterface;
}

/** Why the flow stops. */
export interface BlockedBy {
    readonly type: HopType;
    readonly name: string;
    readonly urn?: string;
    /** A Reachability Analyzer explanation code where one fits (NO_ROUTE_TO_DESTINATION, ENI_SG_RULES_MISMATCH, ACL_RULES_MISMATCH ...). */
    readonly explanationCode: string;
    /** The rule or route that blocks it, quoted; absent when the block is a missing rule. */
    readonly rule?: string;
    /** The ENI at which the packet is dropped, when a NACL or security group drops it there. */
    readonly interface?: HopInterface;
}

/** How a DNS name in the question was resolved from the source. */
export interface DnsAnswer {
    readonly name: string;
    readonly addresses: readonly string[];
    /** True when the addresses are private ones inside the asking VPC (private DNS, endpoint or NLB ENIs). */
    readonly private: boolean;
    /**
     * The interfaces the name resolves to, when it names ENIs: their IDs and subnets even where
     * the address is not in the records (AWS reports an endpoint's ENI IDs, not their IPs).
     */
    readonly interfaces?: readonly { readonly id?: string; readonly subnetCidr?: string; readonly address?: string }[];
    /** Why the name resolves the way it does (private DNS on or off, the VPC's DNS flags). */
    readonly note?: string;
}

export interface ReachAnswer {
    readonly reachable: Reachability;
    readonly from: ReachEnd;
    readonly to: ReachEnd;
    readonly protocol: "tcp" | "udp" | "icmp";
    readonly port?: number;
    readonly dns: DnsAnswer | null;
    readonly hops: readonly Hop[];
    readonly blockedBy: BlockedBy | null;
    /** Why the answer is unknown (reachable null): what an offline analysis cannot see. */
    readonly unknownReason?: string;
}
