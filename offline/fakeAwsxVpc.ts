import { AwsxChild, awsxVpcChildren } from "./awsxVpcLayout";
import type { FakeAccount } from "./fakeCloud";

/**
 * The outputs of an `awsx.ec2.Vpc`, which under mocks is one opaque component: the resources
 * awsx would build from the same inputs ({@link awsxVpcChildren}, registered as the
 * component's children by the offline engine), summarised the way the component's outputs
 * list them. The program reads IDs from them; awsx itself returns resources there.
 */
export function awsxVpcOutputs(
    name: string,
    inputs: Record<string, unknown>,
    account: FakeAccount,
    remember: (id: string, state: Record<string, unknown>) => void,
): Record<string, unknown> {
    const children = awsxVpcChildren(name, inputs, account.availabilityZones);
    const summary = (child: AwsxChild): Record<string, unknown> & { id: string } => ({ ...child.inputs, id: child.id });
    const ofType = (type: string) => children.filter((c) => c.type === `aws:ec2/${type}`).map(summary);
    const vpc = summary(children[0]);
    const subnets = children.filter((c) => c.type === "aws:ec2/subnet:Subnet");
    // The subnets are known before the engine registers them, so lookups by subnet ID (IPs,
    // zones) work for resources that the program registers against them right away.
    for (const subnet of subnets) {
        remember(subnet.id, summary(subnet));
    }
    remember(vpc.id, vpc);
    const idsOf = (type: AwsxChild["subnetType"]) => subnets.filter((s) => s.subnetType === type).map((s) => s.id);
    const specs = (inputs.subnetSpecs as { type: string; name?: string; cidrBlocks?: string[] }[] | undefined) ?? [];
    return {
        vpcId: vpc.id,
        vpc: { ...vpc, enableDnsHostnames: vpc.enableDnsHostnames ?? false, enableDnsSupport: vpc.enableDnsSupport ?? true },
        subnets: subnets.map(summary),
        publicSubnetIds: idsOf("Public"),
        privateSubnetIds: idsOf("Private"),
        isolatedSubnetIds: idsOf("Isolated"),
        routeTables: ofType("routeTable:RouteTable"),
        routeTableAssociations: ofType("routeTableAssociation:RouteTableAssociation"),
        internetGateway: ofType("internetGateway:InternetGateway")[0],
        natGateways: ofType("natGateway:NatGateway"),
        eips: ofType("eip:Eip"),
        routes: ofType("route:Route"),
        vpcEndpoints: [],
        subnetLayout: specs.map((spec) => ({ type: spec.type, name: spec.name, cidrBlocks: spec.cidrBlocks })),
    };
}
