import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { ConfigError, formatProblem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { FakeExistingVpc } from "../../offline/fakeCloud";
import { readStackConfig } from "../../config/stackFiles";
import program from "../../index";

/** The Immersion Day VPC as it might already exist in an account. */
const IMD_VPC: FakeExistingVpc = {
    id: "vpc-0abc12345678",
    cidrBlock: "10.1.0.0/16",
    enableDnsHostnames: true,
    enableDnsSupport: true,
    subnets: [
        { id: "subnet-00000001", cidrBlock: "10.1.1.0/24", availabilityZone: "ap-northeast-2a", public: true },
        { id: "subnet-00000002", cidrBlock: "10.1.2.0/24", availabilityZone: "ap-northeast-2c", public: true },
        { id: "subnet-00000011", cidrBlock: "10.1.11.0/24", availabilityZone: "ap-northeast-2a", public: false },
        { id: "subnet-00000012", cidrBlock: "10.1.12.0/24", availabilityZone: "ap-northeast-2c", public: false },
    ],
};

const existingImd = {
    "vpc-labs:labs": '["bastion-ssm"]',
    "vpc-labs:bastionSsmNetworkSource": "existing",
    "vpc-labs:bastionSsmExistingVpcId": IMD_VPC.id,
    "vpc-labs:bastionSsmExistingSubnetIds": JSON.stringify(IMD_VPC.subnets.map((s) => s.id)),
};

async function run(stack: string, overrides: Record<string, string>, existingVpcs: FakeExistingVpc[] = []) {
    const engine = await OfflineEngine.start({ stack, config: { ...readStackConfig(stack), ...overrides }, existingVpcs });
    await program();
    await engine.settle();
    return engine;
}

async function refusal(stack: string, overrides: Record<string, string>, existingVpcs: FakeExistingVpc[] = []): Promise<string[]> {
    const engine = await OfflineEngine.start({ stack, config: { ...readStackConfig(stack), ...overrides }, existingVpcs });
    let problems: string[] = [];
    await assert.rejects(program(), (e: unknown) => {
        problems = ConfigError.isConfigError(e) ? e.problems.map(formatProblem) : [];
        return ConfigError.isConfigError(e);
    });
    await engine.settle();
    assert.deepStrictEqual(engine.resources, [], "nothing is registered before the problems are reported");
    return problems;
}

describe("network sources in the program", () => {
    it("builds the dev stack's awsx VPCs with the labs' exact CIDRs and puts the labs on awsx's subnets", async () => {
        const engine = await run("dev", {});
        const vpcs = engine.ofType("awsx:ec2:Vpc");
        assert.deepStrictEqual(
            vpcs.map((v) => [v.name, v.inputs.cidrBlock, (v.inputs.subnetSpecs as { type: string; cidrBlocks: string[] }[]).map((s) => `${s.type}:${s.cidrBlocks.join("+")}`)]),
            [
                ["endpoint-service-consumer-vpc", "10.0.0.0/16", ["Public:10.0.0.0/24"]],
                ["endpoint-service-provider-vpc", "172.20.0.0/16", ["Isolated:172.20.1.0/24+172.20.2.0/24"]],
                ["bastion-ssm-network-vpc", "10.1.0.0/16", ["Public:10.1.1.0/24+10.1.2.0/24", "Isolated:10.1.11.0/24+10.1.12.0/24"]],
            ],
        );
        const imd = engine.one("awsx:ec2:Vpc", "bastion-ssm-network-vpc").outputs as { vpcId: string; isolatedSubnetIds: string[]; publicSubnetIds: string[] };
        const ssm = engine.ofType(aws.ec2.VpcEndpoint).filter((e) => e.inputs.vpcId === imd.vpcId);
        assert.strictEqual(ssm.length, 3);
        for (const endpoint of ssm) {
            assert.deepStrictEqual(endpoint.inputs.subnetIds, [imd.isolatedSubnetIds[0]], "one zone in dev, in IMD-PRIVATE-A");
        }
        const imdInstances = engine.ofType(aws.ec2.Instance).filter((i) => [...imd.publicSubnetIds, ...imd.isolatedSubnetIds].includes(i.inputs.subnetId as string));
        assert.strictEqual(imdInstances.length, 4);
        const vpcIds = [...engine.ofType(aws.ec2.Vpc).map((v) => v.id), ...vpcs.map((v) => (v.outputs as { vpcId: string }).vpcId)];
        assert.deepStrictEqual(vpcIds.filter((id) => !engine.ofType(aws.ec2.FlowLog).some((f) => f.inputs.vpcId === id)), [], "every VPC has a flow log");
    });

    it("builds a lab on an existing VPC without creating, changing or adopting any of its network", async () => {
        const engine = await run("lab", existingImd, [IMD_VPC]);
        const networkTypes = [aws.ec2.Vpc, aws.ec2.Subnet, aws.ec2.RouteTable, aws.ec2.Route, aws.ec2.RouteTableAssociation, aws.ec2.InternetGateway, aws.ec2.NatGateway, aws.ec2.Eip, aws.ec2.DefaultSecurityGroup];
        for (const type of networkTypes) {
            assert.deepStrictEqual(engine.ofType(type).map((r) => r.name), [], `no ${type.name}`);
        }
        assert.deepStrictEqual(engine.ofType(aws.ec2.FlowLog).map((f) => f.inputs.vpcId), [IMD_VPC.id]);
        const placed = engine.ofType(aws.ec2.Instance).map((i) => [(i.inputs.tags as Record<string, string>).Name, i.inputs.subnetId]);
        assert.deepStrictEqual(placed.sort(), [
            ["PRIVATE-01", "subnet-00000011"],
            ["PRIVATE-02", "subnet-00000012"],
            ["PUBLIC-01", "subnet-00000001"],
            ["PUBLIC-02", "subnet-00000002"],
        ]);
        assert.strictEqual(engine.one("vpc-labs:network:ExistingLabNetwork").name, "bastion-ssm-network");
    });

    it("leaves an existing VPC without the package's flow log when config says so", async () => {
        const engine = await run("lab", { ...existingImd, "vpc-labs:existingVpcFlowLogs": "false" }, [IMD_VPC]);
        assert.deepStrictEqual(engine.ofType(aws.ec2.FlowLog), []);
    });

    it("refuses awsx for a layout it cannot express", async () => {
        const problems = await refusal("lab", { "vpc-labs:endpointsNetworkSource": "awsx" });
        assert.deepStrictEqual(problems, [
            'vpc-labs:endpointsNetworkSource: awsx.ec2.Vpc puts every public subnet spec in every zone, but CloudNeta-VPC has CloudNeta-Public-SN in zone 1 across 2 zones; use "native" (exact layout) or "existing" for this VPC',
            'vpc-labs:endpointsNetworkSource: awsx.ec2.Vpc puts every isolated subnet spec in every zone, but CloudNeta-VPC has CloudNeta-Private-SN in zone 2 across 2 zones; use "native" (exact layout) or "existing" for this VPC',
        ]);
    });

    it("refuses an existing VPC without the subnets the lab needs, or with private DNS impossible", async () => {
        assert.deepStrictEqual(await refusal("lab", { ...existingImd, "vpc-labs:bastionSsmExistingSubnetIds": '["subnet-00000001","subnet-00000011"]' }, [IMD_VPC]), [
            "vpc-labs:bastionSsmExistingSubnetIds: lists 2 subnets but IMD-VPC has 4 (IMD-PUBLIC-A, IMD-PUBLIC-B, IMD-PRIVATE-A, IMD-PRIVATE-B); list one existing subnet for each, in that order",
        ]);
        const noDns = { ...IMD_VPC, enableDnsHostnames: false };
        assert.deepStrictEqual(await refusal("lab", existingImd, [noDns]), [
            `vpc-labs:bastionSsmExistingVpcId: ${IMD_VPC.id} has DNS hostnames or DNS support off, and the lab's interface endpoints use private DNS; turn both on: aws ec2 modify-vpc-attribute --vpc-id ${IMD_VPC.id} --enable-dns-hostnames '{"Value":true}' (and --enable-dns-support)`,
        ]);
    });

    it("refuses inconsistent source settings in config", async () => {
        assert.deepStrictEqual(await refusal("lab", { "vpc-labs:bastionSsmNetworkSource": "existing" }), [
            "vpc-labs:bastionSsmExistingVpcId: is empty but the network source is existing; set the VPC's ID, e.g. vpc-0123456789abcdef0",
        ]);
        assert.deepStrictEqual(await refusal("lab", { "vpc-labs:endpointsExistingVpcId": "vpc-0abc12345678", "vpc-labs:endpointServiceProviderNetworkSource": "terraform" }), [
            "vpc-labs:endpointsExistingVpcId: an existing VPC is named but endpointsNetworkSource is native; set endpointsNetworkSource: existing, or remove the existing VPC settings",
            'vpc-labs:endpointServiceProviderNetworkSource: "terraform" is not one of native, awsx, existing; set it to one of native, awsx, existing',
        ]);
    });
});
