import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Small programs for the plan tool's tests: they build plain resources, so the tests hold
 * whichever labs the registry has.
 */

/** A component with a security group that admits HTTPS from inside a VPC only: nothing to report. */
export class WebTier extends pulumi.ComponentResource {
    readonly securityGroup: aws.ec2.SecurityGroup;
    constructor(name: string, args: { vpcId: pulumi.Input<string>; sshFrom?: string }, opts?: pulumi.ComponentResourceOptions) {
        super("test:plan:WebTier", name, {}, opts);
        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: "web tier",
                ingress: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], description: "HTTPS from the VPC" },
                    ...(args.sshFrom ? [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [args.sshFrom], description: "SSH" }] : []),
                ],
                tags: { Name: `${name}-sg` },
            },
            { parent: this },
        );
        this.registerOutputs({ securityGroupId: this.securityGroup.id });
    }
}

/** Passes the policy pack. */
export async function cleanProgram(): Promise<Record<string, unknown>> {
    const web = new WebTier("web", { vpcId: "vpc-0a1b2c3d4e5f60718" });
    return { securityGroupId: web.securityGroup.id, note: pulumi.secret("not shown") };
}

/** SSH open to the world: a mandatory violation of security-group-no-public-admin-ports. */
export async function openSshProgram(): Promise<Record<string, unknown>> {
    const web = new WebTier("web", { vpcId: "vpc-0a1b2c3d4e5f60718", sshFrom: "0.0.0.0/0" });
    return { securityGroupId: web.securityGroup.id };
}

/**
 * A provider VPC (NAT, gateway and interface endpoints, an NLB behind an endpoint service,
 * a flow log to CloudWatch) and a consumer VPC whose interface endpoint connects to it:
 * every kind of thing the diagram draws.
 */
export async function networkProgram(): Promise<Record<string, unknown>> {
    const region = "ap-northeast-2";
    const vpc = new aws.ec2.Vpc("net-vpc", { cidrBlock: "10.8.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: "Net-VPC" } });
    const igw = new aws.ec2.InternetGateway("net-igw", { vpcId: vpc.id, tags: { Name: "Net-IGW" } });
    const publicSubnet = new aws.ec2.Subnet("net-public", { vpcId: vpc.id, cidrBlock: "10.8.1.0/24", availabilityZone: `${region}a`, tags: { Name: "Net-Public" } });
    const privateSubnet = new aws.ec2.Subnet("net-private", { vpcId: vpc.id, cidrBlock: "10.8.11.0/24", availabilityZone: `${region}c`, tags: { Name: "Net-Private" } });
    const eip = new aws.ec2.Eip("net-nat-eip", { domain: "vpc" });
    const nat = new aws.ec2.NatGateway("net-nat", { subnetId: publicSubnet.id, allocationId: eip.id, tags: { Name: "Net-NAT" } });
    const publicRt = new aws.ec2.RouteTable("net-public-rt", { vpcId: vpc.id, tags: { Name: "Net-Public-RT" } });
    const privateRt = new aws.ec2.RouteTable("net-private-rt", { vpcId: vpc.id, tags: { Name: "Net-Private-RT" } });
    new aws.ec2.Route("net-public-default", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    new aws.ec2.Route("net-private-default", { routeTableId: privateRt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    new aws.ec2.RouteTableAssociation("net-public-rta", { subnetId: publicSubnet.id, routeTableId: publicRt.id });
    new aws.ec2.RouteTableAssociation("net-private-rta", { subnetId: privateSubnet.id, routeTableId: privateRt.id });
    new aws.ec2.VpcEndpoint("net-s3", { vpcId: vpc.id, serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway", routeTableIds: [publicRt.id, privateRt.id], tags: { Name: "Net-S3" } });
    new aws.ec2.VpcEndpoint("net-sts", {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${region}.sts`,
        vpcEndpointType: "Interface",
        subnetIds: [publicSubnet.id, privateSubnet.id],
        privateDnsEnabled: true,
        tags: { Name: "Net-STS" },
    });
    const web = new aws.ec2.Instance("net-web", { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", subnetId: privateSubnet.id, tags: { Name: "Net-Web" } });
    const nlb = new aws.lb.LoadBalancer("net-nlb", { loadBalancerType: "network", internal: true, subnets: [publicSubnet.id, privateSubnet.id], tags: { Name: "Net-NLB" } });
    const tg = new aws.lb.TargetGroup("net-tg", { port: 80, protocol: "TCP", vpcId: vpc.id, targetType: "instance" });
    new aws.lb.TargetGroupAttachment("net-tg-web", { targetGroupArn: tg.arn, targetId: web.id, port: 80 });
    new aws.lb.Listener("net-listener", { loadBalancerArn: nlb.arn, port: 80, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] });
    const service = new aws.ec2.VpcEndpointService("net-service", { acceptanceRequired: true, networkLoadBalancerArns: [nlb.arn], tags: { Name: "Net-EPS" } });
    const logGroup = new aws.cloudwatch.LogGroup("net-flow-group", { retentionInDays: 30, tags: { Name: "Net-Flow-Group" } });
    new aws.ec2.FlowLog("net-flow", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: logGroup.arn, maxAggregationInterval: 60, tags: { Name: "Net-Flow" } });

    const consumer = new aws.ec2.Vpc("use-vpc", { cidrBlock: "10.9.0.0/16", tags: { Name: "Use-VPC" } });
    const consumerSubnet = new aws.ec2.Subnet("use-subnet", { vpcId: consumer.id, cidrBlock: "10.9.1.0/24", availabilityZone: `${region}a`, tags: { Name: "Use-Subnet" } });
    const endpoint = new aws.ec2.VpcEndpoint("use-endpoint", {
        vpcId: consumer.id,
        serviceName: service.serviceName,
        vpcEndpointType: "Interface",
        subnetIds: [consumerSubnet.id],
        tags: { Name: "Use-Endpoint" },
    });
    new aws.ec2.VpcEndpointConnectionAccepter("net-accept", { vpcEndpointServiceId: service.id, vpcEndpointId: endpoint.id });
    return { vpcId: vpc.id, consumerVpcId: consumer.id };
}
