import { BastionSsmLabConfig } from "../../../config/stackConfig";
import { LabEnvironment } from "../../labEnvironment";
import { NetworkSpec, RouteTableSpec } from "../../labNetwork/spec";
import { bastionSsmStageOf } from "../../../labs/stageRules";
import { hasReached } from "../../../config/stages";
import { IMD } from "../../../labs/bastionSsm/names";

/**
 * IMD-VPC as the original builds it: two public and two private subnets in zones 1 and 2,
 * PUBLIC-RT shared by both public subnets, PRIVATE-RT shared by both private subnets.
 *
 * The NAT setting decides PRIVATE-RT's default route: none leaves it local-only (Session
 * Manager still works through the SSM endpoints), single sends it to IMD-NATGW in
 * IMD-PUBLIC-A as in the original. per-az gives each zone its own NAT gateway, and a route
 * table can only point at one, so PRIVATE-RT is split into PRIVATE-RT-A and PRIVATE-RT-B.
 *
 * Before the nat stage (`bastionSsmStage: network`) no NAT gateway exists yet and the private
 * tables are local-only, but they already have the layout the NAT choice needs, so the nat
 * stage adds routes and NAT gateways and replaces no route table.
 *
 * `environment` is taken for the signature every lab shares; zones come from it at build time.
 */
export function bastionSsmNetworkSpec(config: BastionSsmLabConfig, _environment: LabEnvironment): NetworkSpec {
    const layout = config.natGateways;
    const nat = hasReached("bastion-ssm", bastionSsmStageOf(config), "nat") ? layout : "none";
    const privateRoute = nat === "none" ? "none" : "nat-gateway";
    const privateTables: RouteTableSpec[] =
        layout === "per-az"
            ? [
                  { key: "private-a", name: `${IMD.privateRouteTable}-A`, tier: "private", defaultRoute: privateRoute },
                  { key: "private-b", name: `${IMD.privateRouteTable}-B`, tier: "private", defaultRoute: privateRoute },
              ]
            : [{ key: "private", name: IMD.privateRouteTable, tier: "private", defaultRoute: privateRoute }];
    const privateTableOf = (zone: "a" | "b") => (layout === "per-az" ? `private-${zone}` : "private");
    return {
        vpcName: IMD.vpc,
        cidrBlock: config.vpcCidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        internetGatewayName: IMD.internetGateway,
        natGateways: nat,
        natGatewayName: IMD.natGateway,
        routeTables: [{ key: "public", name: IMD.publicRouteTable, tier: "public", defaultRoute: "internet-gateway" }, ...privateTables],
        subnets: [
            { key: "public-a", name: IMD.publicA, cidrBlock: config.publicSubnetCidrs[0], zoneIndex: 0, tier: "public", routeTable: "public" },
            { key: "public-b", name: IMD.publicB, cidrBlock: config.publicSubnetCidrs[1], zoneIndex: 1, tier: "public", routeTable: "public" },
            { key: "private-a", name: IMD.privateA, cidrBlock: config.privateSubnetCidrs[0], zoneIndex: 0, tier: "private", routeTable: privateTableOf("a") },
            { key: "private-b", name: IMD.privateB, cidrBlock: config.privateSubnetCidrs[1], zoneIndex: 1, tier: "private", routeTable: privateTableOf("b") },
        ],
        flowLogLabel: IMD.flowLogLabel,
    };
}
