import { EndpointServiceLabConfig } from "../../../config/stackConfig";
import { LabEnvironment } from "../../labEnvironment";
import { NetworkSpec, SubnetSpec } from "../../labNetwork/spec";

/**
 * The AWS Name tags of the lab, as the original lab09-2 names them where it has the resource.
 * Resources the original does not have (security groups, the role, the endpoint) get names in
 * the same style.
 */
export const ENDPOINT_SERVICE_NAMES = {
    consumerVpc: "MyVPC",
    consumerInternetGateway: "My-IGW",
    consumerRouteTable: "My-Public-RT",
    consumerSubnets: ["My-Public-SN", "My-Public-SN-2"],
    client: "My-EC2",
    clientSecurityGroup: "My-EC2-SG",
    instanceRole: "EPS-EC2RoleforSSM",
    endpoint: "My-EPS-Endpoint",
    endpointSecurityGroup: "My-EPS-Endpoint-SG",
    providerVpc: "CustomVPC",
    providerRouteTable: "Custom-Private-RT",
    providerSubnets: ["Custom-Private-SN-1", "Custom-Private-SN-2"],
    webServers: ["Custom-WEB-1", "Custom-WEB-2"],
    webSecurityGroup: "Custom-WEB-SG",
    loadBalancer: "Custom-NLB",
    targetGroup: "Custom-NLB-TG",
    listener: "Custom-NLB-TCP80",
    endpointService: "Custom-EPS",
} as const;

/** The two VPCs of the lab: the consumer (client side) and the provider (service side). */
export interface EndpointServiceNetworkSpecs {
    readonly consumer: NetworkSpec;
    readonly provider: NetworkSpec;
}

/**
 * The lab's two VPCs when the lab builds them itself.
 *
 * Consumer (MyVPC): public subnets, one per zone in config order, sharing My-Public-RT with
 * the default route to My-IGW, so My-EC2 reaches Session Manager over the internet.
 *
 * Provider (CustomVPC): two private subnets in zones 1 and 2 on one route table with only the
 * local route. No internet gateway and no NAT: the web servers are reached only through the
 * NLB, and the NLB only through PrivateLink.
 *
 * Only the first two consumer CIDRs are used; the validator reports a longer list.
 */
export function endpointServiceNetworkSpec(config: EndpointServiceLabConfig, _environment: LabEnvironment): EndpointServiceNetworkSpecs {
    const names = ENDPOINT_SERVICE_NAMES;
    const consumerSubnets: SubnetSpec[] = config.consumerSubnetCidrs.slice(0, 2).map((cidrBlock, i) => ({
        key: `public-${i + 1}`,
        name: names.consumerSubnets[i],
        cidrBlock,
        zoneIndex: i as 0 | 1,
        tier: "public",
        routeTable: "public",
    }));
    const providerSubnets: SubnetSpec[] = config.providerSubnetCidrs.slice(0, 2).map((cidrBlock, i) => ({
        key: `private-${i + 1}`,
        name: names.providerSubnets[i],
        cidrBlock,
        zoneIndex: i as 0 | 1,
        tier: "private",
        routeTable: "private",
    }));
    return {
        consumer: {
            vpcName: names.consumerVpc,
            cidrBlock: config.consumerVpcCidr,
            internetGatewayName: names.consumerInternetGateway,
            natGateways: "none",
            routeTables: [{ key: "public", name: names.consumerRouteTable, tier: "public", defaultRoute: "internet-gateway" }],
            subnets: consumerSubnets,
        },
        provider: {
            vpcName: names.providerVpc,
            cidrBlock: config.providerVpcCidr,
            natGateways: "none",
            routeTables: [{ key: "private", name: names.providerRouteTable, tier: "private", defaultRoute: "none" }],
            subnets: providerSubnets,
        },
    };
}
