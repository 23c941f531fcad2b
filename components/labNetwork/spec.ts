import { NatStrategy, SubnetTier } from "../../config/stackConfig";

/** Where a route table sends traffic for 0.0.0.0/0. */
export type DefaultRoute = "internet-gateway" | "nat-gateway" | "none";

export interface RouteTableSpec {
    /** Stable key, part of the Pulumi resource name: renaming it replaces the table. */
    readonly key: string;
    /** The AWS Name tag, e.g. `PUBLIC-RT`. Changing it only retags. */
    readonly name: string;
    readonly tier: SubnetTier;
    readonly defaultRoute: DefaultRoute;
}

export interface SubnetSpec {
    /** Stable key, part of the Pulumi resource name, e.g. `public-a`. */
    readonly key: string;
    /** The AWS Name tag, e.g. `IMD-PUBLIC-A`. */
    readonly name: string;
    readonly cidrBlock: string;
    /** 0 for zone 1, 1 for zone 2 of the stack's availability zones. */
    readonly zoneIndex: 0 | 1;
    readonly tier: SubnetTier;
    /** Key of the route table this subnet is associated with; several subnets may share one. */
    readonly routeTable: string;
}

/** The shape of a lab's VPC: what {@link LabNetwork} builds. */
export interface NetworkSpec {
    /** The VPC's Name tag, e.g. `IMD-VPC`. */
    readonly vpcName: string;
    readonly cidrBlock: string;
    /** @default true */
    readonly enableDnsHostnames?: boolean;
    /** @default true */
    readonly enableDnsSupport?: boolean;
    /** Name tag of the internet gateway; absent means the VPC has none. @default no internet gateway */
    readonly internetGatewayName?: string;
    /** NAT gateways for route tables whose default route is `nat-gateway`. @default "none" */
    readonly natGateways?: NatStrategy;
    /** Name tag of the NAT gateway (per-az: suffixed with the zone letter). @default `${vpcName}-NATGW` */
    readonly natGatewayName?: string;
    readonly routeTables: readonly RouteTableSpec[];
    readonly subnets: readonly SubnetSpec[];
    /** Label of the VPC's flow logs, e.g. `IMD-VPCFlow`. @default `${vpcName}-flow` */
    readonly flowLogLabel?: string;
}
