import * as assert from "assert";
import * as aws from "@pulumi/aws";
import {
    interfaceEndpointAvailabilityZones,
    interfaceEndpointIngressFromVpc,
    interfaceEndpointOwnSecurityGroup,
    interfaceEndpointPrivateDns,
} from "../../policy/rules/interfaceEndpoints";
import { messagesOf, record, RecordOptions, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const vpc = record(
    aws.ec2.Vpc,
    "vpc",
    { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, defaultSecurityGroupId: "sg-default" },
    { id: "vpc-1" },
);
const subnetA = record(aws.ec2.Subnet, "subnet-a", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", availabilityZone: "ap-northeast-2a" }, { id: "subnet-a", deps: { vpcId: [vpc] } });
const subnetC = record(aws.ec2.Subnet, "subnet-c", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", availabilityZone: "ap-northeast-2c" }, { id: "subnet-c", deps: { vpcId: [vpc] } });
const https = (cidr: string) => ({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidr] });
const endpointSg = record(aws.ec2.SecurityGroup, "cfn-sg", { vpcId: "vpc-1", ingress: [https("10.0.0.0/16")] }, { id: "sg-cfn", deps: { vpcId: [vpc] } });

function interfaceEndpoint(props: Record<string, unknown>, options: RecordOptions = {}) {
    return record(
        aws.ec2.VpcEndpoint,
        "cfn",
        {
            vpcId: "vpc-1",
            vpcEndpointType: "Interface",
            serviceName: "com.amazonaws.ap-northeast-2.cloudformation",
            subnetIds: ["subnet-a", "subnet-c"],
            securityGroupIds: ["sg-cfn"],
            privateDnsEnabled: true,
            ...props,
        },
        { id: "vpce-cfn", deps: { vpcId: [vpc] }, ...options },
    );
}

const base = [vpc, subnetA, subnetC, endpointSg];
const OWN_GROUP_FIX = "use a security group made for the endpoint that allows only the service port from the VPC CIDR";

describe("interface-endpoint-own-security-group", () => {
    it("accepts an endpoint with a security group of its own", async () => {
        assert.deepStrictEqual(await messagesOf(interfaceEndpointOwnSecurityGroup, [...base, interfaceEndpoint({})]), []);
    });

    it("flags an endpoint with no security group", async () => {
        const endpoint = interfaceEndpoint({ securityGroupIds: [] });
        const violations = await violationsOf(interfaceEndpointOwnSecurityGroup, [...base, endpoint]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                [
                    "mandatory",
                    endpoint.urn,
                    `Interface endpoint "cfn" must have its own security group; it has none, so AWS attaches the VPC's default security group: ${OWN_GROUP_FIX}.`,
                ],
            ],
        );
    });

    it("flags the VPC's default group, whether computed from the VPC, given by ID, or adopted", async () => {
        const expected = [`Interface endpoint "cfn" must have its own security group; it uses the VPC's default security group: ${OWN_GROUP_FIX}.`];
        const fromVpcOutput = interfaceEndpoint({ securityGroupIds: [UNKNOWN_VALUE] }, { deps: { vpcId: [vpc], securityGroupIds: [vpc] } });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointOwnSecurityGroup, [...base, fromVpcOutput]), expected);
        const byId = interfaceEndpoint({ securityGroupIds: ["sg-cfn", "sg-default"] });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointOwnSecurityGroup, [...base, byId]), expected);
        const adopted = record(aws.ec2.DefaultSecurityGroup, "default-sg", { vpcId: "vpc-1" }, { id: "sg-adopted", deps: { vpcId: [vpc] } });
        const onAdopted = interfaceEndpoint({ securityGroupIds: ["sg-adopted"] });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointOwnSecurityGroup, [...base, adopted, onAdopted]), expected);
    });

    it("ignores gateway endpoints", async () => {
        const gateway = interfaceEndpoint({ vpcEndpointType: "Gateway", serviceName: "com.amazonaws.ap-northeast-2.s3", securityGroupIds: undefined });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointOwnSecurityGroup, [...base, gateway]), []);
    });
});

describe("interface-endpoint-ingress-from-vpc", () => {
    it("accepts 443 from the VPC CIDR, inline or in rule resources, and from other security groups", async () => {
        assert.deepStrictEqual(await messagesOf(interfaceEndpointIngressFromVpc, [...base, interfaceEndpoint({})]), []);
        const bare = record(aws.ec2.SecurityGroup, "cfn-sg", { vpcId: "vpc-1" }, { id: "sg-cfn" });
        const rule = record(aws.vpc.SecurityGroupIngressRule, "cfn-https", { securityGroupId: "sg-cfn", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointIngressFromVpc, [vpc, subnetA, subnetC, bare, rule, interfaceEndpoint({})]), []);
        const fromGroup = record(aws.ec2.SecurityGroupRule, "cfn-from-app", { type: "ingress", securityGroupId: "sg-cfn", protocol: "tcp", fromPort: 443, toPort: 443, sourceSecurityGroupId: "sg-app" });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointIngressFromVpc, [vpc, subnetA, subnetC, bare, fromGroup, interfaceEndpoint({})]), []);
    });

    it("flags a source outside the VPC, inline or in a rule resource", async () => {
        const open = record(aws.ec2.SecurityGroup, "cfn-sg", { vpcId: "vpc-1", ingress: [https("0.0.0.0/0")] }, { id: "sg-cfn" });
        const rule = record(aws.ec2.SecurityGroupRule, "cfn-wide", { type: "ingress", securityGroupId: "sg-cfn", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["192.168.0.0/16"] }, { deps: { securityGroupId: [open] } });
        const violations = await violationsOf(interfaceEndpointIngressFromVpc, [vpc, subnetA, subnetC, open, rule, interfaceEndpoint({})]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [
                    open.urn,
                    'Security group "cfn-sg" of interface endpoint "cfn" must allow 443 only from the VPC CIDR 10.0.0.0/16; it allows 0.0.0.0/0 (tcp 443): narrow the source to the VPC CIDR or remove the rule.',
                ],
                [
                    open.urn,
                    'Security group "cfn-sg" of interface endpoint "cfn" must allow 443 only from the VPC CIDR 10.0.0.0/16; it allows 192.168.0.0/16 (all traffic): narrow the source to the VPC CIDR or remove the rule.',
                ],
            ],
        );
    });

    it("flags groups of an AWS service endpoint that do not open 443 to the VPC", async () => {
        const webOnly = record(aws.ec2.SecurityGroup, "cfn-sg", { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["10.0.0.0/16"] }] }, { id: "sg-cfn" });
        const endpoint = interfaceEndpoint({});
        const violations = await violationsOf(interfaceEndpointIngressFromVpc, [vpc, subnetA, subnetC, webOnly, endpoint]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [
                    endpoint.urn,
                    'Security groups of interface endpoint "cfn" must allow tcp 443 from the VPC CIDR 10.0.0.0/16; none does: add an ingress rule for tcp 443 from the VPC CIDR.',
                ],
            ],
        );
    });

    it("lets an endpoint-service consumer use the service's port, but only from inside the VPC", async () => {
        const web = (cidr: string) => record(aws.ec2.SecurityGroup, "consumer-sg", { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: [cidr] }] }, { id: "sg-cfn" });
        const consumer = interfaceEndpoint({ serviceName: "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123456789abcdef0", privateDnsEnabled: false });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointIngressFromVpc, [vpc, subnetA, subnetC, web("10.0.0.0/24"), consumer]), []);
        assert.deepStrictEqual(await messagesOf(interfaceEndpointIngressFromVpc, [vpc, subnetA, subnetC, web("0.0.0.0/0"), consumer]), [
            'Security group "consumer-sg" of interface endpoint "cfn" must allow traffic only from the VPC CIDR 10.0.0.0/16; it allows 0.0.0.0/0 (tcp 80): narrow the source to the VPC CIDR or remove the rule.',
        ]);
    });

    it("counts a secondary VPC CIDR as inside, and without known CIDRs flags only the whole internet", async () => {
        const secondary = record(aws.ec2.VpcIpv4CidrBlockAssociation, "vpc-secondary", { vpcId: "vpc-1", cidrBlock: "100.64.0.0/16" }, { deps: { vpcId: [vpc] } });
        const fromSecondary = record(aws.ec2.SecurityGroup, "cfn-sg", { ingress: [https("100.64.0.0/16")] }, { id: "sg-cfn" });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointIngressFromVpc, [vpc, secondary, fromSecondary, interfaceEndpoint({})]), []);

        const previewVpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: UNKNOWN_VALUE }, { id: "vpc-1" });
        const mixed = record(aws.ec2.SecurityGroup, "cfn-sg", { ingress: [https("192.168.0.0/16"), https("::/0")] }, { id: "sg-cfn" });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointIngressFromVpc, [previewVpc, mixed, interfaceEndpoint({})]), [
            'Security group "cfn-sg" of interface endpoint "cfn" must allow 443 only from the VPC CIDR; it allows ::/0 (tcp 443): narrow the source to the VPC CIDR or remove the rule.',
        ]);
    });
});

describe("interface-endpoint-private-dns", () => {
    it("accepts private DNS in a VPC with DNS hostnames on and DNS support at its default (on)", async () => {
        assert.deepStrictEqual(await messagesOf(interfaceEndpointPrivateDns, [...base, interfaceEndpoint({})]), []);
    });

    it("flags private DNS in a VPC with DNS hostnames off or left at the default (off)", async () => {
        const expected = [
            'Interface endpoint "cfn" with private DNS must be in a VPC with enableDnsHostnames and enableDnsSupport on; VPC "vpc" has enableDnsHostnames off: set enableDnsHostnames: true on the VPC.',
        ];
        for (const enableDnsHostnames of [false, undefined]) {
            const offVpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames, enableDnsSupport: true }, { id: "vpc-1" });
            const endpoint = interfaceEndpoint({});
            const violations = await violationsOf(interfaceEndpointPrivateDns, [offVpc, endpoint]);
            assert.deepStrictEqual(violations.map((v) => v.message), expected);
            assert.strictEqual(violations[0].urn, endpoint.urn);
        }
    });

    it("names both flags when both are off, and finds the VPC by dependency during preview", async () => {
        const offVpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: false, enableDnsSupport: false }, { id: UNKNOWN_VALUE as unknown as string });
        const endpoint = interfaceEndpoint({ vpcId: UNKNOWN_VALUE }, { deps: { vpcId: [offVpc] } });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointPrivateDns, [offVpc, endpoint]), [
            'Interface endpoint "cfn" with private DNS must be in a VPC with enableDnsHostnames and enableDnsSupport on; VPC "vpc" has enableDnsHostnames and enableDnsSupport off: set enableDnsHostnames: true and enableDnsSupport: true on the VPC.',
        ]);
    });

    it("ignores endpoints without private DNS", async () => {
        const offVpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: false }, { id: "vpc-1" });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointPrivateDns, [offVpc, interfaceEndpoint({ privateDnsEnabled: false })]), []);
    });
});

describe("interface-endpoint-availability-zones", () => {
    it("accepts an endpoint in two zones", async () => {
        assert.deepStrictEqual(await messagesOf(interfaceEndpointAvailabilityZones, [...base, interfaceEndpoint({})]), []);
    });

    it("flags an endpoint in one zone, by its subnets' zones", async () => {
        const subnetA2 = record(aws.ec2.Subnet, "subnet-a2", { vpcId: "vpc-1", availabilityZone: "ap-northeast-2a" }, { id: "subnet-a2" });
        const endpoint = interfaceEndpoint({ subnetIds: ["subnet-a", "subnet-a2"] });
        const violations = await violationsOf(interfaceEndpointAvailabilityZones, [...base, subnetA2, endpoint]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [
                    endpoint.urn,
                    'Interface endpoint "cfn" must span at least 2 Availability Zones; it spans 1 zone (ap-northeast-2a): add a subnet in another zone to subnetIds.',
                ],
            ],
        );
    });

    it("counts subnets found by dependency during preview, and subnets outside the stack", async () => {
        const preview = interfaceEndpoint({ subnetIds: [UNKNOWN_VALUE] }, { deps: { vpcId: [vpc], subnetIds: [subnetC] } });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointAvailabilityZones, [...base, preview]), [
            'Interface endpoint "cfn" must span at least 2 Availability Zones; it spans 1 zone (ap-northeast-2c): add a subnet in another zone to subnetIds.',
        ]);
        const external = interfaceEndpoint({ subnetIds: ["subnet-elsewhere"] });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointAvailabilityZones, [...base, external]), [
            'Interface endpoint "cfn" must span at least 2 Availability Zones; it has 1 subnet: add a subnet in another zone to subnetIds.',
        ]);
        const twoExternal = interfaceEndpoint({ subnetIds: ["subnet-x", "subnet-y"] });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointAvailabilityZones, [...base, twoExternal]), []);
    });

    it("accepts one zone when the config lowers the minimum, as the dev stack does", async () => {
        const single = interfaceEndpoint({ subnetIds: ["subnet-a"] });
        assert.deepStrictEqual(await messagesOf(interfaceEndpointAvailabilityZones, [...base, single], { "interface-endpoint-availability-zones": { minAvailabilityZones: 1 } }), []);
    });
});
