import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InterfaceEndpoint, InterfaceEndpointArgs } from "../../components/interfaceEndpoint";
import { NetworkRef } from "../../components/networkRef";
import { ConfigError } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";

function network(dns = true): NetworkRef {
    return {
        vpcId: pulumi.output("vpc-1"),
        cidrBlock: pulumi.output("10.0.0.0/16"),
        enableDnsHostnames: dns,
        enableDnsSupport: true,
        subnets: [],
        routeTables: [],
    };
}

const cloudformation = (overrides: Partial<InterfaceEndpointArgs> = {}): InterfaceEndpointArgs => ({
    network: network(),
    target: { kind: "aws-service", service: "cloudformation", region: "ap-northeast-2" },
    subnetIds: ["subnet-a", "subnet-c"],
    privateDns: true,
    securityGroups: { create: { nameTag: "CFN-ENDPOINT-SG", port: 443 } },
    nameTag: "CloudNeta-CFN-Endpoint",
    ...overrides,
});

describe("InterfaceEndpoint", () => {
    it("places an interface endpoint to the region's service in each subnet with private DNS and its own group", async () => {
        const engine = await OfflineEngine.start();
        const zoneA = new aws.ec2.Subnet("a", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", availabilityZone: "ap-northeast-2a" });
        const zoneC = new aws.ec2.Subnet("c", { vpcId: "vpc-1", cidrBlock: "10.0.2.0/24", availabilityZone: "ap-northeast-2c" });
        const endpoint = new InterfaceEndpoint("cfn", cloudformation({ subnetIds: [zoneA.id, zoneC.id] }));
        await engine.settle();
        const subnetIds = engine.ofType(aws.ec2.Subnet).map((s) => s.id);
        const record = engine.one(aws.ec2.VpcEndpoint);
        const group = engine.one(aws.ec2.SecurityGroup);
        assert.deepStrictEqual(record.inputs, {
            vpcId: "vpc-1",
            vpcEndpointType: "Interface",
            serviceName: "com.amazonaws.ap-northeast-2.cloudformation",
            subnetIds,
            securityGroupIds: [group.id],
            privateDnsEnabled: true,
            ipAddressType: "ipv4",
            tags: { Name: "CloudNeta-CFN-Endpoint" },
        });
        const dnsNames = await new Promise<string[]>((resolve) => endpoint.dnsNames.apply(resolve));
        assert.deepStrictEqual(
            dnsNames.map((name) => name.replace(/^vpce-[0-9a-f]+-[0-9a-f]+/, "vpce")),
            [
                "vpce.cloudformation.ap-northeast-2.vpce.amazonaws.com",
                "vpce-ap-northeast-2a.cloudformation.ap-northeast-2.vpce.amazonaws.com",
                "vpce-ap-northeast-2c.cloudformation.ap-northeast-2.vpce.amazonaws.com",
                "cloudformation.ap-northeast-2.amazonaws.com",
            ],
            "regional, one per subnet naming its zone, and the private DNS name",
        );
    });

    it("admits the service port from the VPC CIDR only and opens nothing outbound", async () => {
        const engine = await OfflineEngine.start();
        new InterfaceEndpoint("cfn", cloudformation());
        await engine.settle();
        assert.deepStrictEqual(
            engine.ofType(aws.vpc.SecurityGroupIngressRule).map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
            [["tcp", 443, 443, "10.0.0.0/16"]],
        );
        assert.strictEqual(engine.ofType(aws.vpc.SecurityGroupEgressRule).length, 0);
    });

    it("connects to an endpoint service by name with existing groups", async () => {
        const engine = await OfflineEngine.start();
        new InterfaceEndpoint("svc", cloudformation({ target: { kind: "endpoint-service", serviceName: "com.amazonaws.vpce.ap-northeast-2.vpce-svc-1" }, privateDns: false, securityGroups: { existing: ["sg-9"] } }));
        await engine.settle();
        const record = engine.one(aws.ec2.VpcEndpoint);
        assert.strictEqual(record.inputs.serviceName, "com.amazonaws.vpce.ap-northeast-2.vpce-svc-1");
        assert.deepStrictEqual(record.inputs.securityGroupIds, ["sg-9"]);
        assert.strictEqual(engine.ofType(aws.ec2.SecurityGroup).length, 0);
    });

    it("refuses private DNS without VPC DNS hostnames, no subnets and no groups, creating nothing", async () => {
        const engine = await OfflineEngine.start();
        assert.throws(
            () => new InterfaceEndpoint("bad", cloudformation({ network: network(false), subnetIds: [], securityGroups: { existing: [] } })),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                e.message ===
                    [
                        'InterfaceEndpoint "bad" has 3 problems:',
                        "  - args.privateDns: private DNS needs the VPC's DNS hostnames and DNS support on; set enableDnsHostnames: true and enableDnsSupport: true on the network, or privateDns: false",
                        "  - args.subnetIds: an interface endpoint needs at least one subnet; give one subnet per zone",
                        "  - args.securityGroups.existing: an interface endpoint without its own security group falls back to the VPC default group; list the endpoint's security groups, or use { create: ... }",
                    ].join("\n"),
        );
        await engine.settle();
        assert.strictEqual(engine.resources.length, 0);
    });
});
