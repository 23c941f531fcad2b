import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { join } from "path";
import { StackValidationPolicy } from "@pulumi/policy";
import { OfflineEngine } from "../../offline/engine";
import { buildTopology } from "../../offline/plan/diagram/topology";
import { runStack } from "../../offline/plan/programRunner";
import { readStackExport, toStackExport } from "../../offline/plan/stackExport";
import { analyze, recordsFromEngine } from "../../policy/analyzer";
import { subnetIsPublic } from "../../policy/lib/routing";
import { validateStackIndex } from "../../policy/lib/ruleKit";
import { StackIndex } from "../../analysis/stack/stackIndex";
import { loadPolicyConfigFile } from "../../policy/packConfig";

const resolve = <T>(output: { apply(f: (v: T) => void): unknown }) => new Promise<T>((done) => output.apply(done));

/** An awsx VPC over two zones with public and private subnets and a NAT gateway per zone. */
function perAzVpc(): awsx.ec2.Vpc {
    return new awsx.ec2.Vpc("imd", {
        cidrBlock: "10.1.0.0/16",
        availabilityZoneNames: ["ap-northeast-2a", "ap-northeast-2c"],
        subnetStrategy: "Auto",
        subnetSpecs: [
            { type: "Public", name: "public", cidrBlocks: ["10.1.1.0/24", "10.1.2.0/24"] },
            { type: "Private", name: "private", cidrBlocks: ["10.1.11.0/24", "10.1.12.0/24"] },
        ],
        natGateways: { strategy: "OnePerAz" },
        tags: { Name: "IMD-VPC", Project: "vpc-labs" },
    });
}

describe("offline engine: awsx VPC children", () => {
    it("registers what awsx registers, with awsx's names, types and parents, in its order", async () => {
        const engine = await OfflineEngine.start({ stack: "dev" });
        perAzVpc();
        await engine.settle();
        const component = engine.one("awsx:ec2:Vpc");
        const nameOf = new Map(engine.resources.map((r) => [r.urn, r.urn === component.urn ? "(component)" : r.name]));
        const children = engine.resources.filter((r) => r !== component);
        assert.deepStrictEqual(
            children.map((r) => `${r.type} ${r.name} <- ${nameOf.get(r.parent ?? "")}`),
            [
                "aws:ec2/vpc:Vpc imd <- (component)",
                "aws:ec2/internetGateway:InternetGateway imd <- imd",
                "aws:ec2/subnet:Subnet imd-public-1 <- imd",
                "aws:ec2/routeTable:RouteTable imd-public-1 <- imd-public-1",
                "aws:ec2/routeTableAssociation:RouteTableAssociation imd-public-1 <- imd-public-1",
                "aws:ec2/eip:Eip imd-1 <- imd-public-1",
                "aws:ec2/natGateway:NatGateway imd-1 <- imd-public-1",
                "aws:ec2/route:Route imd-public-1 <- imd-public-1",
                "aws:ec2/subnet:Subnet imd-private-1 <- imd",
                "aws:ec2/routeTable:RouteTable imd-private-1 <- imd-private-1",
                "aws:ec2/routeTableAssociation:RouteTableAssociation imd-private-1 <- imd-private-1",
                "aws:ec2/route:Route imd-private-1 <- imd-private-1",
                "aws:ec2/subnet:Subnet imd-public-2 <- imd",
                "aws:ec2/routeTable:RouteTable imd-public-2 <- imd-public-2",
                "aws:ec2/routeTableAssociation:RouteTableAssociation imd-public-2 <- imd-public-2",
                "aws:ec2/eip:Eip imd-2 <- imd-public-2",
                "aws:ec2/natGateway:NatGateway imd-2 <- imd-public-2",
                "aws:ec2/route:Route imd-public-2 <- imd-public-2",
                "aws:ec2/subnet:Subnet imd-private-2 <- imd",
                "aws:ec2/routeTable:RouteTable imd-private-2 <- imd-private-2",
                "aws:ec2/routeTableAssociation:RouteTableAssociation imd-private-2 <- imd-private-2",
                "aws:ec2/route:Route imd-private-2 <- imd-private-2",
            ],
        );
    });

    it("gives the children awsx's inputs, resolved to each other's IDs, with their property dependencies", async () => {
        const engine = await OfflineEngine.start({ stack: "dev" });
        const vpcComponent = perAzVpc();
        await engine.settle();
        const vpc = engine.one(aws.ec2.Vpc);
        const igw = engine.one(aws.ec2.InternetGateway);
        const subnet = engine.one(aws.ec2.Subnet, "imd-public-2");
        const privateTable = engine.one(aws.ec2.RouteTable, "imd-private-2");
        const nat2 = engine.one(aws.ec2.NatGateway, "imd-2");
        assert.deepStrictEqual(vpc.inputs, { cidrBlock: "10.1.0.0/16", tags: { Name: "IMD-VPC", Project: "vpc-labs" } });
        assert.deepStrictEqual(igw.inputs, { vpcId: vpc.id, tags: { Name: "IMD-VPC", Project: "vpc-labs" } });
        assert.deepStrictEqual(subnet.inputs, {
            vpcId: vpc.id,
            availabilityZone: "ap-northeast-2c",
            mapPublicIpOnLaunch: true,
            cidrBlock: "10.1.2.0/24",
            tags: { Name: "imd-public-2", Project: "vpc-labs", SubnetType: "Public" },
        });
        assert.deepStrictEqual(subnet.propertyDependencies, { availabilityZone: [], mapPublicIpOnLaunch: [], cidrBlock: [], tags: [], vpcId: [vpc.urn] });
        assert.deepStrictEqual(engine.one(aws.ec2.Eip, "imd-2").inputs, { tags: { Name: "imd-2", Project: "vpc-labs" } });
        assert.deepStrictEqual(nat2.inputs, { subnetId: subnet.id, allocationId: engine.one(aws.ec2.Eip, "imd-2").id, tags: { Name: "imd-2", Project: "vpc-labs" } });
        assert.deepStrictEqual(engine.one(aws.ec2.Route, "imd-private-2").inputs, { routeTableId: privateTable.id, natGatewayId: nat2.id, destinationCidrBlock: "0.0.0.0/0" });
        assert.deepStrictEqual(engine.one(aws.ec2.Route, "imd-public-1").inputs.gatewayId, igw.id);
        assert.deepStrictEqual(engine.one(aws.ec2.RouteTableAssociation, "imd-private-2").inputs, { routeTableId: privateTable.id, subnetId: engine.one(aws.ec2.Subnet, "imd-private-2").id });
        // The component's outputs name the same resources the engine registered.
        assert.strictEqual(await resolve(vpcComponent.vpcId), vpc.id);
        assert.deepStrictEqual(await resolve(vpcComponent.publicSubnetIds), ["imd-public-1", "imd-public-2"].map((n) => engine.one(aws.ec2.Subnet, n).id));
        assert.deepStrictEqual(await resolve(vpcComponent.privateSubnetIds), ["imd-private-1", "imd-private-2"].map((n) => engine.one(aws.ec2.Subnet, n).id));
    });

    it("makes no NAT gateway, Elastic IP or private default route with strategy None, one with Single", async () => {
        let engine = await OfflineEngine.start();
        new awsx.ec2.Vpc("none", {
            cidrBlock: "10.2.0.0/16",
            availabilityZoneNames: ["ap-northeast-2a", "ap-northeast-2c"],
            subnetStrategy: "Auto",
            subnetSpecs: [{ type: "Isolated", cidrBlocks: ["10.2.1.0/24", "10.2.2.0/24"] }],
            natGateways: { strategy: "None" },
        });
        await engine.settle();
        assert.deepStrictEqual([engine.ofType(aws.ec2.NatGateway).length, engine.ofType(aws.ec2.Eip).length, engine.ofType(aws.ec2.Route).length], [0, 0, 0]);
        assert.strictEqual(engine.ofType(aws.ec2.InternetGateway).length, 1, "awsx always creates the (free) internet gateway");
        engine = await OfflineEngine.start();
        new awsx.ec2.Vpc("single", {
            cidrBlock: "10.3.0.0/16",
            availabilityZoneNames: ["ap-northeast-2a", "ap-northeast-2c"],
            subnetStrategy: "Auto",
            subnetSpecs: [
                { type: "Public", cidrBlocks: ["10.3.1.0/24", "10.3.2.0/24"] },
                { type: "Private", cidrBlocks: ["10.3.11.0/24", "10.3.12.0/24"] },
            ],
            natGateways: { strategy: "Single" },
        });
        await engine.settle();
        const [nat] = engine.ofType(aws.ec2.NatGateway);
        assert.strictEqual(engine.ofType(aws.ec2.NatGateway).length, 1);
        assert.deepStrictEqual(
            engine.ofType(aws.ec2.Route).filter((r) => r.inputs.natGatewayId).map((r) => [r.name, r.inputs.natGatewayId]),
            [
                ["single-private-1", nat.id],
                ["single-private-2", nat.id],
            ],
        );
    });

    describe("in the dev stack", () => {
        let run: Awaited<ReturnType<typeof runStack>>;
        before(async () => {
            run = await runStack("dev");
        });

        it("has the 30 resources awsx builds for MyVPC, CustomVPC and IMD-VPC", () => {
            const components = run.resources.filter((r) => r.type === "awsx:ec2:Vpc");
            const under = (urn: string): number => run.resources.filter((r) => r.parent === urn).reduce((n, r) => n + 1 + under(r.urn), 0);
            assert.deepStrictEqual(
                components.map((c) => [c.name, under(c.urn)]),
                [
                    ["endpoint-service-consumer-vpc", 6],
                    ["endpoint-service-provider-vpc", 8],
                    ["bastion-ssm-network-vpc", 16],
                ],
            );
            // URNs as the engine forms them: each type qualified by its parents' types.
            assert.ok(
                run.resources.some(
                    (r) => r.urn === "urn:pulumi:dev::vpc-labs::vpc-labs:labs:BastionSsmLab$vpc-labs:network:AwsxLabNetwork$awsx:ec2:Vpc$aws:ec2/vpc:Vpc$aws:ec2/subnet:Subnet::bastion-ssm-network-vpc-isolated-2",
                ),
            );
        });

        it("shows them to the policy pack's indexed view as plain aws:ec2 resources: subnets with VPC, CIDR, zone; public ones by their route", async () => {
            let index: StackIndex | undefined;
            const capture: StackValidationPolicy = { name: "capture", description: "Checks nothing; keeps the index.", enforcementLevel: "advisory", validateStack: validateStackIndex((i) => (index = i)) };
            await analyze(recordsFromEngine(run.resources), undefined, { policies: [capture] });
            assert.ok(index);
            const imdVpc = index.ofType(aws.ec2.Vpc).find((v) => v.props.cidrBlock === "10.1.0.0/16");
            assert.ok(imdVpc);
            const imdSubnets = index.ofType(aws.ec2.Subnet).filter((s) => s.props.vpcId === imdVpc.props.id);
            assert.deepStrictEqual(
                imdSubnets.map((s) => [s.props.cidrBlock, s.props.availabilityZone, subnetIsPublic(index!, s)]),
                [
                    ["10.1.1.0/24", "ap-northeast-2a", true],
                    ["10.1.11.0/24", "ap-northeast-2a", false],
                    ["10.1.2.0/24", "ap-northeast-2b", true],
                    ["10.1.12.0/24", "ap-northeast-2b", false],
                ],
            );
        });

        it("exports the awsx provider and plugin, and the components name that provider, as pulumi stack export does", () => {
            const exported = toStackExport(run);
            const provider = exported.deployment.resources?.find((r) => r.type === "pulumi:providers:awsx");
            assert.ok(provider);
            assert.strictEqual(provider.urn, "urn:pulumi:dev::vpc-labs::pulumi:providers:awsx::default_3_9_0");
            assert.deepStrictEqual(provider.inputs, { version: "3.9.0" });
            assert.ok(exported.deployment.manifest.plugins?.some((p) => p.name === "awsx" && p.type === "resource" && p.version === "3.9.0"));
            const components = exported.deployment.resources?.filter((r) => r.type === "awsx:ec2:Vpc") ?? [];
            assert.deepStrictEqual(components.map((c) => c.provider), components.map(() => `${provider.urn}::${provider.id}`));
            // The component's resource outputs are references to its children, as state keeps them.
            const imd = components.find((c) => c.urn.endsWith("::bastion-ssm-network-vpc"));
            const imdVpc = run.resources.find((r) => r.type === "aws:ec2/vpc:Vpc" && r.parent?.endsWith("::bastion-ssm-network-vpc"));
            const ref = (r: { urn: string; id: string }) => ({ "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn: r.urn, id: r.id, packageVersion: "7.48.0" });
            assert.ok(imdVpc);
            assert.deepStrictEqual(imd?.outputs?.vpc, ref(imdVpc));
            assert.strictEqual(imd?.outputs?.vpcId, imdVpc.id);
            const imdSubnets = run.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && r.parent === imdVpc.urn);
            assert.deepStrictEqual(imd?.outputs?.subnets, imdSubnets.map(ref));
            const awsProvider = exported.deployment.resources?.find((r) => r.type === "pulumi:providers:aws");
            const awsxSubnet = exported.deployment.resources?.find((r) => r.type === "aws:ec2/subnet:Subnet" && r.urn.includes("awsx:ec2:Vpc$"));
            assert.strictEqual(awsxSubnet?.provider, `${awsProvider?.urn}::${awsProvider?.id}`);
        });

        it("passes the policy pack with policy/config.dev.json read back from its export, as from the run", async () => {
            const config = loadPolicyConfigFile(join(__dirname, "..", "..", "policy", "config.dev.json"));
            const read = readStackExport(JSON.stringify(toStackExport(run)));
            for (const resources of [run.resources, read.resources]) {
                const report = await analyze(recordsFromEngine(resources), config);
                assert.deepStrictEqual(report.violations.map((v) => `${v.policyName} ${v.urn}`), []);
            }
        });

        it("draws each awsx subnet once in the diagram, from the real children", () => {
            const topology = buildTopology(run.resources, "dev");
            const drawn = topology.groups.flatMap((g) => g.vpcs.flatMap((v) => v.zones.flatMap((z) => z.subnets.map((s) => s.label.split("\n")[0]))));
            const subnets = run.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
            assert.strictEqual(drawn.length, subnets.length);
            assert.deepStrictEqual([...drawn].sort(), subnets.map((s) => String((s.inputs.tags as Record<string, string>).Name)).sort());
        });
    });
});
