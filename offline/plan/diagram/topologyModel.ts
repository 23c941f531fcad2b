/**
 * A stack's network as the diagram draws it, derived only from resource types and the
 * references between resources (IDs, ARNs, property dependencies): no knowledge of which lab
 * built what. The same model comes out of an offline run and of a deployed stack's export.
 */
export interface Topology {
    readonly title: string;
    readonly groups: readonly TopologyGroup[];
    readonly edges: readonly TopologyEdge[];
}

/** A top-level component of the stack (a lab), or the stack itself for resources outside any. */
export interface TopologyGroup {
    readonly id: string;
    readonly label: string;
    readonly vpcs: readonly TopologyVpc[];
    /** Nodes outside every VPC: flow logs, their destinations, services with no VPC. */
    readonly nodes: readonly TopologyNode[];
}

export interface TopologyVpc {
    readonly id: string;
    /** An invisible node inside the VPC's cluster that edges to and from "the VPC" attach to. */
    readonly anchor: string;
    readonly label: string;
    readonly zones: readonly TopologyZone[];
    /** Nodes in the VPC but in no subnet: gateways, route tables, endpoints, load balancers. */
    readonly nodes: readonly TopologyNode[];
}

export interface TopologyZone {
    readonly id: string;
    readonly label: string;
    readonly subnets: readonly TopologySubnet[];
}

export interface TopologySubnet {
    readonly id: string;
    readonly anchor: string;
    readonly label: string;
    /** Public when one of its route tables sends traffic to an internet gateway. */
    readonly tier: "public" | "private";
    readonly nodes: readonly TopologyNode[];
}

export type NodeKind =
    | "internet-gateway"
    | "nat-gateway"
    | "route-table"
    | "network-acl"
    | "gateway-endpoint"
    | "interface-endpoint"
    | "instance"
    | "load-balancer"
    | "endpoint-service"
    | "flow-log"
    | "log-destination"
    | "external";

export interface TopologyNode {
    readonly id: string;
    readonly kind: NodeKind;
    readonly label: string;
    readonly urn?: string;
}

export type EdgeKind =
    /** Route table to a subnet it serves. */
    | "association"
    /** Network ACL to a subnet it guards. */
    | "nacl"
    /** Route table to the target of a route, labelled with the destination. */
    | "route"
    /** Endpoint or load balancer to a subnet it has a network interface in. */
    | "eni"
    /** Load balancer to a registered target. */
    | "target"
    /** Load balancer behind an endpoint service. */
    | "service"
    /** Consumer interface endpoint to the endpoint service it connects to. */
    | "privatelink"
    /** VPC, subnet or network interface to the flow log that captures it. */
    | "flow-log"
    /** Flow log to where it publishes. */
    | "log-destination";

export interface TopologyEdge {
    readonly from: string;
    readonly to: string;
    readonly kind: EdgeKind;
    readonly label?: string;
}
