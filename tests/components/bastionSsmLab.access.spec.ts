import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BastionSsmLab } from "../../components/labs/bastionSsmLab";
import { NetworkRef } from "../../components/networkRef";
import { OfflineEngine } from "../../offline/engine";
import { RecordedResource } from "../../lib/records";
import { bastionSsmConfig, bastionSsmEnvironment, byNameTag, nameTag, scenario, ScenarioName } from "../fixtures/bastionSsm";

/** Each ingress rule of a group as `protocol from-to from source: description`; sources by CIDR or group Name tag. */
function ingressOf(engine: OfflineEngine, groupName: string): string[] {
    const group = byNameTag(engine, aws.ec2.SecurityGroup, groupName);
    const groupNames = new Map(engine.ofType(aws.ec2.SecurityGroup).map((g) => [g.id, nameTag(g)]));
    return engine
        .ofType(aws.vpc.SecurityGroupIngressRule)
        .filter((r) => r.inputs.securityGroupId === group.id)
        // In rule order (`-in-1`, `-in-2`...): registration order follows input resolution.
        .sort((a, b) => ruleNumber(a) - ruleNumber(b))
        .map((r) => {
            const i = r.inputs;
            const source = i.cidrIpv4 ?? i.cidrIpv6 ?? groupNames.get(i.referencedSecurityGroupId as string);
            return `${i.ipProtocol} ${i.fromPort}-${i.toPort} from ${source}: ${i.description}`;
        });
}

function ruleNumber(rule: RecordedResource): number {
    return Number(/-(\d+)$/.exec(rule.name)?.[1]);
}

function egressOf(engine: OfflineEngine, groupName: string): RecordedResource[] {
    const group = byNameTag(engine, aws.ec2.SecurityGroup, groupName);
    return engine.ofType(aws.vpc.SecurityGroupEgressRule).filter((r) => r.inputs.securityGroupId === group.id);
}

/** Instance Name tag -> subnet Name tag. */
function placements(engine: OfflineEngine): Record<string, string | undefined> {
    return Object.fromEntries(engine.ofType(aws.ec2.Instance).map((i) => [nameTag(i), nameTag(engine.byId(i.inputs.subnetId as string)!)]));
}

describe("bastion-ssm lab: access", () => {
    describe("without an operator CIDR (classroom)", () => {
        let engine: OfflineEngine;
        before(async () => {
            ({ engine } = await scenario("classroom"));
        });

        it("builds PUBLIC-01/02 and PRIVATE-01/02, one per subnet, and no bastion", () => {
            assert.deepStrictEqual(placements(engine), {
                "PUBLIC-01": "IMD-PUBLIC-A",
                "PUBLIC-02": "IMD-PUBLIC-B",
                "PRIVATE-01": "IMD-PRIVATE-A",
                "PRIVATE-02": "IMD-PRIVATE-B",
            });
            assert.deepStrictEqual(engine.ofType(aws.ec2.SecurityGroup).map(nameTag), ["IMD-SSM-SG", "IMD-PUB-SG", "IMD-PRI-SG"]);
        });

        it("asks for a public IP on the public instances only", () => {
            const publicIps = Object.fromEntries(engine.ofType(aws.ec2.Instance).map((i) => [nameTag(i), i.inputs.associatePublicIpAddress]));
            assert.deepStrictEqual(publicIps, { "PUBLIC-01": true, "PUBLIC-02": true, "PRIVATE-01": false, "PRIVATE-02": false });
        });

        it("opens IMD-PUB-SG to web from anywhere and ping from the VPC, with no SSH", () => {
            assert.deepStrictEqual(ingressOf(engine, "IMD-PUB-SG"), [
                "tcp 80-80 from 0.0.0.0/0: HTTP from anywhere (metadata page)",
                "tcp 443-443 from 0.0.0.0/0: HTTPS from anywhere",
                "icmp 8--1 from 10.1.0.0/16: ping from the VPC",
            ]);
        });

        it("opens IMD-PRI-SG to web and ping from the VPC CIDR only, and to SSH not at all without a bastion", () => {
            assert.deepStrictEqual(ingressOf(engine, "IMD-PRI-SG"), [
                "tcp 80-80 from 10.1.0.0/16: HTTP from the VPC",
                "tcp 443-443 from 10.1.0.0/16: HTTPS from the VPC",
                "icmp 8--1 from 10.1.0.0/16: ping from the VPC",
            ]);
        });

        it("opens IMD-SSM-SG to 443 from the VPC CIDR and gives it no egress", () => {
            assert.deepStrictEqual(ingressOf(engine, "IMD-SSM-SG"), ["tcp 443-443 from 10.1.0.0/16: HTTPS from the VPC (Systems Manager agents)"]);
            assert.deepStrictEqual(egressOf(engine, "IMD-SSM-SG"), []);
        });

        it("lets the instance groups send anywhere, as AWS does for a new group", () => {
            for (const group of ["IMD-PUB-SG", "IMD-PRI-SG"]) {
                assert.deepStrictEqual(
                    egressOf(engine, group).map((r) => [r.inputs.ipProtocol, r.inputs.cidrIpv4]),
                    [["-1", "0.0.0.0/0"]],
                    group,
                );
            }
        });

        it("puts IMD-PUB-SG on the public instances and IMD-PRI-SG on the private ones", () => {
            const groups = new Map(engine.ofType(aws.ec2.SecurityGroup).map((g) => [g.id, nameTag(g)]));
            const byInstance = Object.fromEntries(engine.ofType(aws.ec2.Instance).map((i) => [nameTag(i), (i.inputs.vpcSecurityGroupIds as string[]).map((id) => groups.get(id))]));
            assert.deepStrictEqual(byInstance, { "PUBLIC-01": ["IMD-PUB-SG"], "PUBLIC-02": ["IMD-PUB-SG"], "PRIVATE-01": ["IMD-PRI-SG"], "PRIVATE-02": ["IMD-PRI-SG"] });
        });

        it("attaches AmazonSSMManagedInstanceCore (not AmazonEC2RoleforSSM) to the role IMD-EC2RoleforSSM", () => {
            const role = byNameTag(engine, aws.iam.Role, "IMD-EC2RoleforSSM");
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            });
            const attachment = engine.one(aws.iam.RolePolicyAttachment);
            assert.deepStrictEqual(attachment.inputs, { role: role.outputs.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
        });

        it("launches every instance with the instance profile, IMDSv2 required, an encrypted root volume and no key pair", () => {
            const profile = engine.one(aws.iam.InstanceProfile);
            for (const instance of engine.ofType(aws.ec2.Instance)) {
                assert.strictEqual(instance.inputs.iamInstanceProfile, profile.outputs.name, nameTag(instance));
                assert.deepStrictEqual(instance.inputs.metadataOptions, { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 });
                assert.deepStrictEqual(instance.inputs.rootBlockDevice, { encrypted: true, volumeType: "gp3" });
                assert.strictEqual(instance.inputs.keyName, undefined);
                assert.strictEqual(instance.inputs.instanceType, "t3.micro");
            }
        });

        it("gives every web instance the metadata page user data with its own name", () => {
            for (const instance of engine.ofType(aws.ec2.Instance)) {
                const userData = instance.inputs.userData as string;
                assert.match(userData, new RegExp(`ExecStartPre=/usr/local/bin/imd-meta-page /run/imd-meta/index.html ${nameTag(instance)}\\n`));
            }
        });

        it("builds the ssm, ssmmessages and ec2messages endpoints with private DNS and IMD-SSM-SG in both private subnets", () => {
            const ssmGroup = byNameTag(engine, aws.ec2.SecurityGroup, "IMD-SSM-SG");
            const privateSubnets = ["IMD-PRIVATE-A", "IMD-PRIVATE-B"].map((name) => byNameTag(engine, aws.ec2.Subnet, name).id);
            const endpoints = engine.ofType(aws.ec2.VpcEndpoint);
            assert.deepStrictEqual(
                endpoints.map((e) => e.inputs),
                ["ssm", "ssmmessages", "ec2messages"].map((service) => ({
                    vpcId: engine.one(aws.ec2.Vpc).id,
                    vpcEndpointType: "Interface",
                    serviceName: `com.amazonaws.ap-northeast-2.${service}`,
                    subnetIds: privateSubnets,
                    securityGroupIds: [ssmGroup.id],
                    privateDnsEnabled: true,
                    ipAddressType: "ipv4",
                    tags: { Project: "vpc-labs", ManagedBy: "pulumi", Lab: "bastion-ssm", Name: `IMD-${service.toUpperCase()}-VPCE` },
                })),
            );
        });

        it("launches the instances only after the SSM endpoints exist, so the agent registers at first boot", () => {
            const endpointUrns = engine.ofType(aws.ec2.VpcEndpoint).map((e) => e.urn);
            for (const instance of engine.ofType("vpc-labs:compute:LabInstance")) {
                assert.deepStrictEqual(instance.dependencies, endpointUrns, instance.name);
            }
        });

        it("names every child after the component and parents it to the lab", () => {
            const lab = engine.one("vpc-labs:labs:BastionSsmLab");
            const children = engine.childrenOf(lab.urn);
            assert.deepStrictEqual(
                children.map((c) => c.name),
                [
                    "bastion-ssm-network",
                    "bastion-ssm-ssm-role",
                    "bastion-ssm-ssm-sg",
                    "bastion-ssm-pub-sg",
                    "bastion-ssm-pri-sg",
                    "bastion-ssm-vpce-ssm",
                    "bastion-ssm-vpce-ssmmessages",
                    "bastion-ssm-vpce-ec2messages",
                    "bastion-ssm-public-01",
                    "bastion-ssm-public-02",
                    "bastion-ssm-private-01",
                    "bastion-ssm-private-02",
                ],
            );
            for (const resource of engine.resources.filter((r) => r !== lab)) {
                assert.ok(resource.name.startsWith("bastion-ssm-"), resource.name);
            }
        });
    });

    describe("with an operator CIDR", () => {
        let engine: OfflineEngine;
        before(async () => {
            ({ engine } = await scenario("operator"));
        });

        it("builds BASTION in IMD-PUBLIC-B with a public IP, IMD-BASTION-SG only and the instance profile", () => {
            const bastion = byNameTag(engine, aws.ec2.Instance, "BASTION");
            assert.strictEqual(placements(engine).BASTION, "IMD-PUBLIC-B");
            assert.strictEqual(bastion.inputs.associatePublicIpAddress, true);
            assert.deepStrictEqual(bastion.inputs.vpcSecurityGroupIds, [byNameTag(engine, aws.ec2.SecurityGroup, "IMD-BASTION-SG").id]);
            assert.strictEqual(bastion.inputs.iamInstanceProfile, engine.one(aws.iam.InstanceProfile).outputs.name);
            assert.strictEqual(bastion.inputs.userData, undefined);
        });

        it("opens IMD-BASTION-SG to SSH from the operator CIDR only", () => {
            assert.deepStrictEqual(ingressOf(engine, "IMD-BASTION-SG"), ["tcp 22-22 from 203.0.113.7/32: SSH from the operator only"]);
        });

        it("opens IMD-PRI-SG to SSH from IMD-BASTION-SG only, after the rules it has without a bastion", () => {
            assert.deepStrictEqual(ingressOf(engine, "IMD-PRI-SG"), [
                "tcp 80-80 from 10.1.0.0/16: HTTP from the VPC",
                "tcp 443-443 from 10.1.0.0/16: HTTPS from the VPC",
                "icmp 8--1 from 10.1.0.0/16: ping from the VPC",
                "tcp 22-22 from IMD-BASTION-SG: SSH from the bastion only",
            ]);
        });

        it("lets the operator ping the public instances for the statefulness demo", () => {
            assert.deepStrictEqual(ingressOf(engine, "IMD-PUB-SG").slice(2), [
                "icmp 8--1 from 10.1.0.0/16: ping from the VPC",
                "icmp 8--1 from 203.0.113.7/32: ping from the operator (statefulness demo)",
            ]);
        });
    });

    for (const name of ["classroom", "dev", "operator"] as ScenarioName[]) {
        it(`opens SSH to neither 0.0.0.0/0 nor ::/0 anywhere (${name})`, async () => {
            const { engine } = await scenario(name);
            const opensSsh = (r: RecordedResource) =>
                r.inputs.ipProtocol === "-1" || (r.inputs.ipProtocol === "tcp" && (r.inputs.fromPort as number) <= 22 && 22 <= (r.inputs.toPort as number));
            const worldSsh = engine
                .ofType(aws.vpc.SecurityGroupIngressRule)
                .filter(opensSsh)
                .filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
            assert.deepStrictEqual(worldSsh.map((r) => r.name), []);
            assert.deepStrictEqual(engine.ofType(aws.ec2.SecurityGroupRule), [], "no legacy rule resources either");
        });
    }

    it("puts the endpoints in IMD-PRIVATE-A only when interface endpoints span one zone", async () => {
        const { engine } = await scenario("dev");
        const privateA = byNameTag(engine, aws.ec2.Subnet, "IMD-PRIVATE-A").id;
        assert.deepStrictEqual(engine.ofType(aws.ec2.VpcEndpoint).map((e) => e.inputs.subnetIds), [[privateA], [privateA], [privateA]]);
    });

    it("builds on a given network without creating a VPC of its own", async () => {
        const engine = await OfflineEngine.start();
        const subnet = (key: string, tier: "public" | "private", zoneIndex: number, cidr: string) => ({
            key,
            tier,
            zoneIndex,
            id: pulumi.output(`subnet-${key}`),
            cidrBlock: pulumi.output(cidr),
            availabilityZone: pulumi.output(zoneIndex === 0 ? "ap-northeast-2a" : "ap-northeast-2c"),
        });
        const network: NetworkRef = {
            vpcId: pulumi.output("vpc-existing"),
            cidrBlock: pulumi.output("10.30.0.0/16"),
            enableDnsHostnames: true,
            enableDnsSupport: true,
            subnets: [
                subnet("web-2", "public", 1, "10.30.2.0/24"),
                subnet("web-1", "public", 0, "10.30.1.0/24"),
                subnet("app-1", "private", 0, "10.30.11.0/24"),
                subnet("app-2", "private", 1, "10.30.12.0/24"),
            ],
            routeTables: [],
        };
        new BastionSsmLab("given", { environment: bastionSsmEnvironment(), config: bastionSsmConfig({ naclExercise: true }), network });
        await engine.settle();

        assert.deepStrictEqual(engine.ofType(aws.ec2.Vpc), []);
        assert.deepStrictEqual(engine.ofType(aws.ec2.Subnet), []);
        assert.deepStrictEqual(Object.fromEntries(engine.ofType(aws.ec2.Instance).map((i) => [nameTag(i), i.inputs.subnetId])), {
            "PUBLIC-01": "subnet-web-1",
            "PUBLIC-02": "subnet-web-2",
            "PRIVATE-01": "subnet-app-1",
            "PRIVATE-02": "subnet-app-2",
        });
        assert.ok(engine.ofType(aws.ec2.SecurityGroup).every((g) => g.inputs.vpcId === "vpc-existing"));
        assert.strictEqual(engine.one(aws.ec2.NetworkAclRule, "given-private-nacl-in-10").inputs.cidrBlock, "10.30.1.0/24");
        assert.deepStrictEqual(ingressOf(engine, "IMD-SSM-SG"), ["tcp 443-443 from 10.30.0.0/16: HTTPS from the VPC (Systems Manager agents)"]);
    });
});
