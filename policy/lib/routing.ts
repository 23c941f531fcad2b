import * as aws from "@pulumi/aws";
import { isAnywhere } from "../../lib/cidr";
import { allOf, anyOf, isUnknown, knowableList, Unknown, UNKNOWN } from "../../analysis/stack/knowable";
import { Reference, soleReferent, StackIndex, StackNode } from "../../analysis/stack/stackIndex";

/**
 * Whether a subnet is public: its route table has a default route (0.0.0.0/0 or ::/0) to an
 * internet gateway. A subnet without an explicit association uses its VPC's main route table,
 * which AWS creates with the local route only.
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#subnet-route-tables
 */
export function subnetIsPublic(index: StackIndex, subnet: StackNode): boolean | Unknown {
    const associations = index.referrersOf(subnet, [aws.ec2.RouteTableAssociation], "subnetId");
    if (associations.length > 0) {
        return anyOf(associations.map((association) => routeTableIsPublic(index, index.referencedBy(association, "routeTableId", ROUTE_TABLES))));
    }
    return mainTableIsPublic(index, index.referencedBy(subnet, "vpcId", [aws.ec2.Vpc]));
}

const ROUTE_TABLES = [aws.ec2.RouteTable, aws.ec2.DefaultRouteTable];
const MAIN_TABLE_OUTPUTS = ["mainRouteTableId", "defaultRouteTableId"];

function mainTableIsPublic(index: StackIndex, vpcs: Reference): boolean | Unknown {
    const vpc = soleReferent(vpcs);
    if (!vpc) {
        return UNKNOWN;
    }
    const replacements = index.referrersOf(vpc, [aws.ec2.MainRouteTableAssociation], "vpcId");
    if (replacements.length > 0) {
        return anyOf(replacements.map((association) => routeTableIsPublic(index, index.referencedBy(association, "routeTableId", [aws.ec2.RouteTable]))));
    }
    const adopted = index.referrersOf(vpc, [aws.ec2.DefaultRouteTable], "defaultRouteTableId", MAIN_TABLE_OUTPUTS);
    const standalone = index.referrersOf(vpc, [aws.ec2.Route], "routeTableId", MAIN_TABLE_OUTPUTS);
    return anyOf([...adopted.map((table) => tableIsPublic(index, table)), ...standalone.map((route) => standaloneRouteIsToInternet(index, route))]);
}

function routeTableIsPublic(index: StackIndex, tables: Reference): boolean | Unknown {
    const table = soleReferent(tables);
    // A table from outside the stack: its routes cannot be seen.
    return table ? tableIsPublic(index, table) : UNKNOWN;
}

function tableIsPublic(index: StackIndex, table: StackNode): boolean | Unknown {
    const inline = knowableList(table.props.routes);
    const inlineResults: (boolean | Unknown)[] = isUnknown(inline)
        ? [UNKNOWN]
        : inline.map((route) => {
              const r = (route ?? {}) as Record<string, unknown>;
              return routeIsToInternet(r.cidrBlock ?? r.ipv6CidrBlock, r.gatewayId, index, table.propertyDependencies.routes ?? []);
          });
    const standalone = index.referrersOf(table, [aws.ec2.Route], "routeTableId").map((route) => standaloneRouteIsToInternet(index, route));
    return anyOf([...inlineResults, ...standalone]);
}

function standaloneRouteIsToInternet(index: StackIndex, route: StackNode): boolean | Unknown {
    const destination = route.props.destinationCidrBlock ?? route.props.destinationIpv6CidrBlock;
    return routeIsToInternet(destination, route.props.gatewayId, index, route.propertyDependencies.gatewayId ?? []);
}

function routeIsToInternet(destination: unknown, gatewayId: unknown, index: StackIndex, gatewayDependencies: readonly string[]): boolean | Unknown {
    const isDefaultRoute = isUnknown(destination) ? UNKNOWN : typeof destination === "string" && isAnywhere(destination);
    return allOf([isDefaultRoute, targetsInternetGateway(gatewayId, index, gatewayDependencies)]);
}

function targetsInternetGateway(gatewayId: unknown, index: StackIndex, dependencies: readonly string[]): boolean | Unknown {
    if (typeof gatewayId === "string") {
        return gatewayId.startsWith("igw-");
    }
    if (isUnknown(gatewayId)) {
        // During preview the ID is unknown; the dependency still names the gateway.
        return dependencies.some((urn) => index.byUrn(urn)?.resource.isType(aws.ec2.InternetGateway)) ? true : UNKNOWN;
    }
    return false;
}
