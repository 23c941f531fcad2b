import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { bastionSsmNetworkSpec } from "../../components/labs/bastionSsmLab";
import { networkSpecProblems } from "../../components/labNetwork/validate";
import { NatStrategy } from "../../config/stackConfig";
import { OfflineEngine } from "../../offline/engine";
import { bastionSsmConfig, bastionSsmEnvironment, byNameTag, nameTag, scenario } from "../fixtures/bastionSsm";

/** `subnet Name -> route table Name` for every association. */
function associations(engine: OfflineEngine): string[] {
    const tables = new Map(engine.ofType(aws.ec2.RouteTable).map((t) => [t.id, nameTag(t)]));
    const subnets = new Map(engine.ofType(aws.ec2.Subnet).map((s) => [s.id, nameTag(s)]));
    return engine.ofType(aws.ec2.RouteTableAssociation).map((a) => `${subnets.get(a.inputs.subnetId as string)} -> ${tables.get(a.inputs.routeTableId as string)}`);
}

/** `route table Name: destination -> target kind` for every route. */
function routes(engine: OfflineEngine): string[] {
    const tables = new Map(engine.ofType(aws.ec2.RouteTable).map((t) => [t.id, nameTag(t)]));
    const targets = new Map([...engine.ofType(aws.ec2.InternetGateway), ...engine.ofType(aws.ec2.NatGateway)].map((r) => [r.id, nameTag(r)]));
    return engine
        .ofType(aws.ec2.Route)
        .map((r) => `${tables.get(r.inputs.routeTableId as string)}: ${r.inputs.destinationCidrBlock} -> ${targets.get((r.inputs.gatewayId ?? r.inputs.natGatewayId) as string)}`);
}

describe("bastion-ssm lab: network", () => {
    describe("with the classroom defaults (single NAT)", () => {
        let engine: OfflineEngine;
        before(async () => {
            ({ engine } = await scenario("classroom"));
        });

        it("builds IMD-VPC 10.1.0.0/16 with DNS hostnames and support on", () => {
            const vpc = engine.one(aws.ec2.Vpc);
            assert.deepStrictEqual(vpc.inputs, {
                cidrBlock: "10.1.0.0/16",
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { Project: "vpc-labs", ManagedBy: "pulumi", Lab: "bastion-ssm", Name: "IMD-VPC" },
            });
            assert.strictEqual(vpc.name, "bastion-ssm-network-vpc");
        });

        it("creates the four IMD subnets with their CIDRs, zones a/c and Name tags, handing out no public IPs", () => {
            const subnets = engine.ofType(aws.ec2.Subnet).map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, nameTag(s), s.inputs.mapPublicIpOnLaunch]);
            assert.deepStrictEqual(subnets, [
                ["bastion-ssm-network-public-a", "10.1.1.0/24", "ap-northeast-2a", "IMD-PUBLIC-A", false],
                ["bastion-ssm-network-public-b", "10.1.2.0/24", "ap-northeast-2c", "IMD-PUBLIC-B", false],
                ["bastion-ssm-network-private-a", "10.1.11.0/24", "ap-northeast-2a", "IMD-PRIVATE-A", false],
                ["bastion-ssm-network-private-b", "10.1.12.0/24", "ap-northeast-2c", "IMD-PRIVATE-B", false],
            ]);
        });

        it("shares PUBLIC-RT between both public subnets and PRIVATE-RT between both private subnets", () => {
            assert.deepStrictEqual(engine.ofType(aws.ec2.RouteTable).map(nameTag), ["PUBLIC-RT", "PRIVATE-RT"]);
            assert.deepStrictEqual(associations(engine), [
                "IMD-PUBLIC-A -> PUBLIC-RT",
                "IMD-PUBLIC-B -> PUBLIC-RT",
                "IMD-PRIVATE-A -> PRIVATE-RT",
                "IMD-PRIVATE-B -> PRIVATE-RT",
            ]);
        });

        it("routes PUBLIC-RT to IMD-IGW and PRIVATE-RT to IMD-NATGW, which sits in IMD-PUBLIC-A with an Elastic IP", () => {
            assert.deepStrictEqual(routes(engine), ["PUBLIC-RT: 0.0.0.0/0 -> IMD-IGW", "PRIVATE-RT: 0.0.0.0/0 -> IMD-NATGW"]);
            const nat = engine.one(aws.ec2.NatGateway);
            assert.strictEqual(nat.inputs.subnetId, byNameTag(engine, aws.ec2.Subnet, "IMD-PUBLIC-A").id);
            assert.strictEqual(nat.inputs.allocationId, engine.one(aws.ec2.Eip).id);
            assert.strictEqual(nameTag(engine.one(aws.ec2.Eip)), "IMD-NATGW-EIP");
        });

        it("attaches a flow log to IMD-VPC under the label IMD-VPCFlow", () => {
            const flowLog = engine.one(aws.ec2.FlowLog);
            assert.strictEqual(flowLog.inputs.vpcId, engine.one(aws.ec2.Vpc).id);
            assert.strictEqual(nameTag(flowLog), "IMD-VPCFlow-vpc");
            assert.strictEqual(engine.one(aws.cloudwatch.LogGroup).inputs.namePrefix, "/vpc-labs/flow-logs/IMD-VPCFlow-");
        });

        it("parents the network to the lab component", () => {
            const lab = engine.one("vpc-labs:labs:BastionSsmLab");
            assert.strictEqual(engine.one("vpc-labs:network:LabNetwork").parent, lab.urn);
        });
    });

    it("leaves PRIVATE-RT local-only and builds no NAT gateway when natGateways is none", async () => {
        const { engine } = await scenario("dev");
        assert.deepStrictEqual(routes(engine), ["PUBLIC-RT: 0.0.0.0/0 -> IMD-IGW"]);
        assert.strictEqual(engine.ofType(aws.ec2.NatGateway).length, 0);
        assert.strictEqual(engine.ofType(aws.ec2.Eip).length, 0);
        assert.deepStrictEqual(associations(engine).slice(2), ["IMD-PRIVATE-A -> PRIVATE-RT", "IMD-PRIVATE-B -> PRIVATE-RT"]);
    });

    it("splits PRIVATE-RT into PRIVATE-RT-A and PRIVATE-RT-B for per-az NAT, each routed to its zone's gateway", async () => {
        const { engine } = await scenario("operator");
        assert.deepStrictEqual(associations(engine), [
            "IMD-PUBLIC-A -> PUBLIC-RT",
            "IMD-PUBLIC-B -> PUBLIC-RT",
            "IMD-PRIVATE-A -> PRIVATE-RT-A",
            "IMD-PRIVATE-B -> PRIVATE-RT-B",
        ]);
        assert.deepStrictEqual(routes(engine), [
            "PUBLIC-RT: 0.0.0.0/0 -> IMD-IGW",
            "PRIVATE-RT-A: 0.0.0.0/0 -> IMD-NATGW-1",
            "PRIVATE-RT-B: 0.0.0.0/0 -> IMD-NATGW-2",
        ]);
        const natSubnets = engine.ofType(aws.ec2.NatGateway).map((n) => engine.byId(n.inputs.subnetId as string)).map((s) => s && nameTag(s));
        assert.deepStrictEqual(natSubnets, ["IMD-PUBLIC-A", "IMD-PUBLIC-B"]);
    });

    it("gives a network spec LabNetwork accepts for every NAT choice", () => {
        for (const natGateways of ["none", "single", "per-az"] as NatStrategy[]) {
            const spec = bastionSsmNetworkSpec(bastionSsmConfig({ natGateways }), bastionSsmEnvironment());
            assert.deepStrictEqual(networkSpecProblems(spec), [], natGateways);
            assert.strictEqual(spec.flowLogLabel, "IMD-VPCFlow");
            assert.strictEqual(spec.natGatewayName, "IMD-NATGW");
        }
    });

    it("takes the CIDRs from the config", () => {
        const spec = bastionSsmNetworkSpec(
            bastionSsmConfig({ vpcCidr: "10.8.0.0/16", publicSubnetCidrs: ["10.8.0.0/24", "10.8.1.0/24"], privateSubnetCidrs: ["10.8.10.0/24", "10.8.11.0/24"] }),
            bastionSsmEnvironment(),
        );
        assert.strictEqual(spec.cidrBlock, "10.8.0.0/16");
        assert.deepStrictEqual(spec.subnets.map((s) => `${s.name} ${s.cidrBlock} zone ${s.zoneIndex + 1}`), [
            "IMD-PUBLIC-A 10.8.0.0/24 zone 1",
            "IMD-PUBLIC-B 10.8.1.0/24 zone 2",
            "IMD-PRIVATE-A 10.8.10.0/24 zone 1",
            "IMD-PRIVATE-B 10.8.11.0/24 zone 2",
        ]);
    });
});
