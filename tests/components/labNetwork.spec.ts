import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { LabNetwork } from "../../components/labNetwork";
import { NetworkSpec } from "../../components/labNetwork/spec";
import { networkSpecProblems } from "../../components/labNetwork/validate";
import { onePerZone, subnetsOfTier } from "../../components/networkRef";
import { ConfigError, formatProblem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { testEnvironment } from "../fixtures/environment";
import { imdSpec } from "../fixtures/networkSpecs";

async function build(spec: NetworkSpec, environment = testEnvironment()) {
    const engine = await OfflineEngine.start();
    const network = new LabNetwork("imd", { ...spec, environment });
    await engine.settle();
    return { engine, network };
}

describe("LabNetwork", () => {
    it("builds the VPC with DNS support and hostnames on and its Name tag", async () => {
        const { engine } = await build(imdSpec());
        const vpc = engine.one(aws.ec2.Vpc);
        assert.deepStrictEqual(vpc.inputs, {
            cidrBlock: "10.1.0.0/16",
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Project: "vpc-labs", Name: "IMD-VPC" },
        });
        assert.strictEqual(vpc.name, "imd-vpc");
    });

    it("creates each subnet with its exact CIDR, zone and Name tag, handing out no public IPs", async () => {
        const { engine } = await build(imdSpec());
        const subnets = engine.ofType(aws.ec2.Subnet).map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, (s.inputs.tags as Record<string, string>).Name, s.inputs.mapPublicIpOnLaunch]);
        assert.deepStrictEqual(subnets, [
            ["imd-public-a", "10.1.1.0/24", "ap-northeast-2a", "IMD-PUBLIC-A", false],
            ["imd-public-b", "10.1.2.0/24", "ap-northeast-2c", "IMD-PUBLIC-B", false],
            ["imd-private-a", "10.1.11.0/24", "ap-northeast-2a", "IMD-PRIVATE-A", false],
            ["imd-private-b", "10.1.12.0/24", "ap-northeast-2c", "IMD-PRIVATE-B", false],
        ]);
    });

    it("shares each route table between the two subnets of its tier", async () => {
        const { engine } = await build(imdSpec());
        const tables = new Map(engine.ofType(aws.ec2.RouteTable).map((t) => [t.id, (t.inputs.tags as Record<string, string>).Name]));
        const subnets = new Map(engine.ofType(aws.ec2.Subnet).map((s) => [s.id, (s.inputs.tags as Record<string, string>).Name]));
        const associations = engine.ofType(aws.ec2.RouteTableAssociation).map((a) => `${subnets.get(a.inputs.subnetId as string)} -> ${tables.get(a.inputs.routeTableId as string)}`);
        assert.deepStrictEqual(associations, ["IMD-PUBLIC-A -> PUBLIC-RT", "IMD-PUBLIC-B -> PUBLIC-RT", "IMD-PRIVATE-A -> PRIVATE-RT", "IMD-PRIVATE-B -> PRIVATE-RT"]);
    });

    it("routes the public table to the internet gateway and the private table to one NAT gateway in the first public subnet", async () => {
        const { engine } = await build(imdSpec("single"));
        const igw = engine.one(aws.ec2.InternetGateway);
        const nat = engine.one(aws.ec2.NatGateway);
        const eip = engine.one(aws.ec2.Eip);
        assert.deepStrictEqual((igw.inputs.tags as Record<string, string>).Name, "IMD-IGW");
        assert.strictEqual(nat.inputs.subnetId, engine.one(aws.ec2.Subnet, "imd-public-a").id);
        assert.strictEqual(nat.inputs.allocationId, eip.id);
        assert.strictEqual((nat.inputs.tags as Record<string, string>).Name, "IMD-NATGW");
        assert.strictEqual(eip.inputs.domain, "vpc");
        assert.ok(nat.dependencies.includes(igw.urn), "the NAT gateway waits for the internet gateway");
        const routes = engine.ofType(aws.ec2.Route).map((r) => [r.name, r.inputs.destinationCidrBlock, r.inputs.gatewayId ?? r.inputs.natGatewayId]);
        assert.deepStrictEqual(routes, [
            ["imd-public-default-route", "0.0.0.0/0", igw.id],
            ["imd-private-default-route", "0.0.0.0/0", nat.id],
        ]);
    });

    it("builds no NAT gateway, Elastic IP or private default route when NAT is none", async () => {
        const { engine } = await build(imdSpec("none"));
        assert.strictEqual(engine.ofType(aws.ec2.NatGateway).length, 0);
        assert.strictEqual(engine.ofType(aws.ec2.Eip).length, 0);
        assert.deepStrictEqual(engine.ofType(aws.ec2.Route).map((r) => r.name), ["imd-public-default-route"]);
    });

    it("puts one NAT gateway in each zone's public subnet and routes each zone's table to its own", async () => {
        const { engine } = await build(imdSpec("per-az"));
        const nats = engine.ofType(aws.ec2.NatGateway);
        assert.deepStrictEqual(nats.map((n) => [n.name, (n.inputs.tags as Record<string, string>).Name]), [["imd-nat-1", "IMD-NATGW-1"], ["imd-nat-2", "IMD-NATGW-2"]]);
        assert.deepStrictEqual(nats.map((n) => n.inputs.subnetId), [engine.one(aws.ec2.Subnet, "imd-public-a").id, engine.one(aws.ec2.Subnet, "imd-public-b").id]);
        const natRoutes = engine.ofType(aws.ec2.Route).filter((r) => r.inputs.natGatewayId).map((r) => [r.name, r.inputs.natGatewayId]);
        assert.deepStrictEqual(natRoutes, [["imd-private-a-default-route", nats[0].id], ["imd-private-b-default-route", nats[1].id]]);
        assert.strictEqual(engine.ofType(aws.ec2.Eip).length, 2);
    });

    it("adopts the VPC's default security group and closes it", async () => {
        const { engine } = await build(imdSpec());
        const group = engine.one(aws.ec2.DefaultSecurityGroup);
        assert.strictEqual(group.inputs.vpcId, engine.one(aws.ec2.Vpc).id);
        assert.deepStrictEqual([group.inputs.ingress, group.inputs.egress], [[], []]);
    });

    it("attaches one flow log to the VPC and parents every child to the network", async () => {
        const { engine } = await build(imdSpec());
        const flowLogs = engine.ofType(aws.ec2.FlowLog);
        assert.deepStrictEqual(flowLogs.map((f) => f.inputs.vpcId), [engine.one(aws.ec2.Vpc).id]);
        const network = engine.one("vpc-labs:network:LabNetwork");
        for (const child of engine.childrenOf(network.urn)) {
            assert.ok(child.name.startsWith("imd-"), child.name);
        }
        assert.strictEqual(engine.childrenOf(network.urn).length, 1 + 1 + 1 + 4 + 1 + 1 + 2 + 2 + 4 + 1);
    });

    it("also logs every subnet when the stack asks for subnet flow logs", async () => {
        const environment = testEnvironment({ flowLogs: { ...testEnvironment().flowLogs, subnets: true } });
        const { engine } = await build(imdSpec(), environment);
        const subnetIds = engine.ofType(aws.ec2.Subnet).map((s) => s.id);
        assert.deepStrictEqual(engine.ofType(aws.ec2.FlowLog).filter((f) => f.inputs.subnetId).map((f) => f.inputs.subnetId), subnetIds);
    });

    it("hands labs a reference with subnets by tier and zone", async () => {
        const { network } = await build(imdSpec());
        assert.deepStrictEqual(subnetsOfTier(network.ref, "private").map((s) => s.key), ["private-a", "private-b"]);
        assert.deepStrictEqual(onePerZone(network.ref, "private", 1).map((s) => s.key), ["private-a"]);
        assert.deepStrictEqual(network.ref.routeTables.map((t) => `${t.key}:${t.tier}`), ["public:public", "private:private"]);
        assert.strictEqual(network.ref.enableDnsHostnames, true);
    });

    describe("refuses impossible specs before creating anything", () => {
        const problems = (spec: NetworkSpec) => networkSpecProblems(spec).map(formatProblem);

        it("a NAT route without NAT gateways, and NAT gateways nothing routes to", () => {
            const spec = imdSpec("single");
            assert.deepStrictEqual(problems({ ...spec, natGateways: "none" }), [
                'routeTables[1].defaultRoute: PRIVATE-RT routes to a NAT gateway but natGateways is none; set natGateways to "single" or "per-az", or use defaultRoute none',
            ]);
            assert.deepStrictEqual(problems({ ...imdSpec("none"), natGateways: "single" }), [
                'natGateways: is single but no route table sends traffic to a NAT gateway (each costs per hour); set natGateways to "none", or route a private table to nat-gateway',
            ]);
        });

        it("a per-az NAT table shared across zones", () => {
            assert.deepStrictEqual(problems({ ...imdSpec("single"), natGateways: "per-az" }), [
                "routeTables[1]: PRIVATE-RT serves subnets in 2 zones, but per-az NAT gives each zone its own gateway; use one route table per zone, or natGateways single",
            ]);
        });

        it("an internet route without an internet gateway, and a subnet on a table of the other tier or no table", () => {
            const spec = imdSpec("none");
            assert.deepStrictEqual(
                problems({
                    ...spec,
                    internetGatewayName: undefined,
                    subnets: [{ ...spec.subnets[0], routeTable: "private" }, { ...spec.subnets[1], routeTable: "nope" }, ...spec.subnets.slice(2)],
                }),
                [
                    "routeTables[0].defaultRoute: PUBLIC-RT routes to an internet gateway but the VPC has none; set internetGatewayName, or use defaultRoute none",
                    "subnets[0].routeTable: IMD-PUBLIC-A is public but PRIVATE-RT is private; associate it with a public route table",
                    'subnets[1].routeTable: "nope" is not a route table of this network; use one of public, private',
                ],
            );
        });

        it("and the component throws them all without registering a resource", async () => {
            const engine = await OfflineEngine.start();
            assert.throws(
                () => new LabNetwork("bad", { ...imdSpec(), cidrBlock: "20.0.0.0/16", environment: testEnvironment() }),
                (e: unknown) => ConfigError.isConfigError(e) && e.problems.length === 5 && /^LabNetwork "bad" has 5 problems/.test(e.message),
            );
            await engine.settle();
            assert.strictEqual(engine.resources.length, 0);
        });
    });
});
