import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkRef } from "../../components/networkRef";
import { awsxLayoutProblems } from "../../components/networkSources/awsxLayout";
import { awsxNetwork } from "../../components/networkSources/awsxLabNetwork";
import { ExistingVpcChoice, existingNetwork, existingNetworkProblems, findExistingNetwork } from "../../components/networkSources/existingNetwork";
import { formatProblem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { FakeExistingVpc } from "../../offline/fakeCloud";
import { testEnvironment } from "../fixtures/environment";
import { cloudNetaSpec, imdSpec } from "../fixtures/networkSpecs";

const resolve = <T>(output: pulumi.Output<T>) => new Promise<T>((done) => output.apply(done));

async function refValues(ref: NetworkRef) {
    return {
        vpcId: await resolve(ref.vpcId),
        subnets: await Promise.all(ref.subnets.map(async (s) => [s.key, s.tier, await resolve(s.id), await resolve(s.cidrBlock), await resolve(s.availabilityZone)])),
        routeTables: await Promise.all(ref.routeTables.map(async (t) => [t.key, t.tier, await resolve(t.id)])),
    };
}

describe("network sources", () => {
    describe("awsx", () => {
        it("hands awsx.ec2.Vpc the lab's exact CIDRs per subnet and zone, the NAT strategy and the DNS flags", async () => {
            const engine = await OfflineEngine.start();
            awsxNetwork("imd-network", imdSpec("single"), testEnvironment(), {});
            await engine.settle();
            assert.deepStrictEqual(engine.one("awsx:ec2:Vpc").inputs, {
                cidrBlock: "10.1.0.0/16",
                enableDnsHostnames: true,
                enableDnsSupport: true,
                availabilityZoneNames: ["ap-northeast-2a", "ap-northeast-2c"],
                subnetStrategy: "Auto",
                subnetSpecs: [
                    { type: "Public", name: "public", cidrBlocks: ["10.1.1.0/24", "10.1.2.0/24"] },
                    { type: "Private", name: "private", cidrBlocks: ["10.1.11.0/24", "10.1.12.0/24"] },
                ],
                natGateways: { strategy: "Single" },
                tags: { Project: "vpc-labs", Name: "IMD-VPC" },
            });
        });

        it("uses awsx's Isolated type for private subnets without NAT, and one NAT per zone for per-az", async () => {
            let engine = await OfflineEngine.start();
            awsxNetwork("a", imdSpec("none"), testEnvironment(), {});
            await engine.settle();
            const specs = engine.one("awsx:ec2:Vpc").inputs.subnetSpecs as { type: string }[];
            assert.deepStrictEqual(specs.map((s) => s.type), ["Public", "Isolated"]);
            assert.deepStrictEqual(engine.one("awsx:ec2:Vpc").inputs.natGateways, { strategy: "None" });
            engine = await OfflineEngine.start();
            awsxNetwork("b", imdSpec("per-az"), testEnvironment(), {});
            await engine.settle();
            assert.deepStrictEqual(engine.one("awsx:ec2:Vpc").inputs.natGateways, { strategy: "OnePerAz" });
        });

        it("adds the closed default security group and the flow log on awsx's VPC ID", async () => {
            const engine = await OfflineEngine.start();
            const ref = awsxNetwork("imd-network", imdSpec("single"), testEnvironment(), {});
            await engine.settle();
            const vpcId = await resolve(ref.vpcId);
            assert.match(vpcId, /^vpc-/);
            assert.strictEqual(engine.one(aws.ec2.DefaultSecurityGroup).inputs.vpcId, vpcId);
            assert.deepStrictEqual(engine.ofType(aws.ec2.FlowLog).map((f) => f.inputs.vpcId), [vpcId]);
            const [vpc] = engine.ofType(aws.ec2.Vpc);
            assert.strictEqual(vpc.parent, engine.one("awsx:ec2:Vpc").urn, "awsx builds the VPC itself, inside its component");
            assert.strictEqual(vpc.id, vpcId);
        });

        it("gives the lab its subnets by tier and zone from awsx's outputs, each with its own route table", async () => {
            const engine = await OfflineEngine.start();
            const ref = awsxNetwork("imd-network", imdSpec("single"), testEnvironment(), {});
            await engine.settle();
            const vpc = engine.one("awsx:ec2:Vpc").outputs as { publicSubnetIds: string[]; privateSubnetIds: string[]; routeTableAssociations: { subnetId: string; routeTableId: string }[] };
            const values = await refValues(ref);
            assert.deepStrictEqual(
                values.subnets.map(([key, tier, id]) => [key, tier, id]),
                [
                    ["public-a", "public", vpc.publicSubnetIds[0]],
                    ["public-b", "public", vpc.publicSubnetIds[1]],
                    ["private-a", "private", vpc.privateSubnetIds[0]],
                    ["private-b", "private", vpc.privateSubnetIds[1]],
                ],
            );
            const tableOf = Object.fromEntries(vpc.routeTableAssociations.map((a) => [a.subnetId, a.routeTableId]));
            assert.deepStrictEqual(values.routeTables.map(([, , id]) => id), values.subnets.map(([, , subnetId]) => tableOf[subnetId as string]));
        });

        it("refuses a layout awsx cannot express, naming the fix", () => {
            assert.deepStrictEqual(awsxLayoutProblems(cloudNetaSpec(), "vpc-labs:endpointsNetworkSource").map(formatProblem), [
                'vpc-labs:endpointsNetworkSource: awsx.ec2.Vpc puts every public subnet spec in every zone, but CloudNeta-VPC has CloudNeta-Public-SN in zone 1 across 2 zones; use "native" (exact layout) or "existing" for this VPC',
                'vpc-labs:endpointsNetworkSource: awsx.ec2.Vpc puts every isolated subnet spec in every zone, but CloudNeta-VPC has CloudNeta-Private-SN in zone 2 across 2 zones; use "native" (exact layout) or "existing" for this VPC',
            ]);
            assert.deepStrictEqual(awsxLayoutProblems(imdSpec(), "k"), []);
        });
    });

    describe("existing", () => {
        const imdVpc: FakeExistingVpc = {
            id: "vpc-0a1b2c3d",
            cidrBlock: "10.1.0.0/16",
            enableDnsHostnames: true,
            enableDnsSupport: true,
            subnets: [
                { id: "subnet-0001", cidrBlock: "10.1.1.0/24", availabilityZone: "ap-northeast-2a", public: true },
                { id: "subnet-0002", cidrBlock: "10.1.2.0/24", availabilityZone: "ap-northeast-2c", public: true, implicitMainTable: true },
                { id: "subnet-0011", cidrBlock: "10.1.11.0/24", availabilityZone: "ap-northeast-2a", public: false },
                { id: "subnet-0012", cidrBlock: "10.1.12.0/24", availabilityZone: "ap-northeast-2c", public: false },
            ],
        };
        const choice: ExistingVpcChoice = { vpcId: imdVpc.id, subnetIds: imdVpc.subnets.map((s) => s.id), flowLogs: true, keyPrefix: "bastionSsm" };

        it("looks the VPC up and creates no network resource, only the flow log", async () => {
            const engine = await OfflineEngine.start({ existingVpcs: [imdVpc] });
            const found = await findExistingNetwork(choice);
            assert.deepStrictEqual(existingNetworkProblems(imdSpec(), choice, found), []);
            const ref = existingNetwork(found, true)("imd-network", imdSpec(), testEnvironment(), {});
            await engine.settle();
            assert.deepStrictEqual(
                engine.resources.filter((r) => r.custom).map((r) => r.type),
                ["aws:cloudwatch/logGroup:LogGroup", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:ec2/flowLog:FlowLog"],
            );
            assert.strictEqual(engine.one(aws.ec2.FlowLog).inputs.vpcId, "vpc-0a1b2c3d");
            const values = await refValues(ref);
            assert.deepStrictEqual(values.subnets[2], ["private-a", "private", "subnet-0011", "10.1.11.0/24", "ap-northeast-2a"]);
            assert.strictEqual(values.routeTables.length, 4, "each subnet's table, the main one found for the implicit association");
            assert.ok(ref.enableDnsHostnames && ref.enableDnsSupport);
        });

        it("leaves flow logs off an existing VPC when config says so", async () => {
            const engine = await OfflineEngine.start({ existingVpcs: [imdVpc] });
            existingNetwork(await findExistingNetwork(choice), false)("imd-network", imdSpec(), testEnvironment(), {});
            await engine.settle();
            assert.deepStrictEqual(engine.resources.filter((r) => r.custom), []);
        });

        it("refuses subnets of another VPC, zones that break the layout and public subnets without an internet route", async () => {
            const other: FakeExistingVpc = { ...imdVpc, id: "vpc-0ther", subnets: [{ id: "subnet-0999", cidrBlock: "10.9.0.0/24", availabilityZone: "ap-northeast-2a", public: true }] };
            const swapped: FakeExistingVpc = {
                ...imdVpc,
                subnets: [imdVpc.subnets[0], { ...imdVpc.subnets[1], public: false }, { ...imdVpc.subnets[2], availabilityZone: "ap-northeast-2c" }, imdVpc.subnets[3]],
            };
            await OfflineEngine.start({ existingVpcs: [swapped, other] });
            const bad = { ...choice, subnetIds: ["subnet-0999", "subnet-0002", "subnet-0011", "subnet-0012"] };
            const problems = existingNetworkProblems(imdSpec(), bad, await findExistingNetwork(bad)).map(formatProblem);
            assert.deepStrictEqual(problems, [
                "vpc-labs:bastionSsmExistingSubnetIds[0]: subnet-0999 (IMD-PUBLIC-A, public in zone 1) is in vpc-0ther, not in vpc-0a1b2c3d; list subnets of vpc-0a1b2c3d only",
                "vpc-labs:bastionSsmExistingSubnetIds[1]: subnet-0002 (IMD-PUBLIC-B, public in zone 2) has no 0.0.0.0/0 route to an internet gateway, which the lab's public instances need; list a public subnet of the VPC",
                "vpc-labs:bastionSsmExistingSubnetIds[2]: subnet-0011 (IMD-PRIVATE-A, private in zone 1) is in ap-northeast-2c but subnet-0999 (IMD-PUBLIC-A) of the same zone is in ap-northeast-2a; list subnets so that each zone's subnets share an Availability Zone",
                "vpc-labs:bastionSsmExistingSubnetIds[2]: subnet-0011 (IMD-PRIVATE-A, private in zone 1) is in ap-northeast-2c, the zone of IMD-PUBLIC-B; the lab spreads its subnets over two zones; list a subnet in another Availability Zone",
            ]);
        });
    });
});
