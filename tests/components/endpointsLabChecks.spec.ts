import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EndpointsLab, endpointsLabDefinition } from "../../components/labs/endpointsLab";
import { endpointsNetworkSpec, interfaceEndpointSubnets } from "../../components/labs/endpointsLab/network";
import { endpointsLabProblems, endpointsNetworkProblems } from "../../components/labs/endpointsLab/validate";
import { InterfaceEndpointArgs, interfaceEndpointProblems } from "../../components/interfaceEndpoint";
import { VerificationFacts, verificationSteps } from "../../components/labs/endpointsLab/verification";
import { environmentOf } from "../../components/labs/buildStack";
import { networkSpecProblems } from "../../components/labNetwork/validate";
import { EndpointsLabConfig } from "../../config/stackConfig";
import { DeploymentContext, validateStackConfig } from "../../config/validate";
import { ConfigError, formatProblem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { readStackConfig } from "../../config/stackFiles";
import { endpointsConfig, givenNetwork } from "../fixtures/endpoints";
import { testEnvironment } from "../fixtures/environment";

const SEOUL: DeploymentContext = {
    region: "ap-northeast-2",
    availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"],
};

/** The message of the ConfigError `build` throws; fails the test when it throws none. */
function errorOf(build: () => unknown): string {
    try {
        build();
    } catch (error) {
        assert.ok(ConfigError.isConfigError(error), `expected a ConfigError, got ${error}`);
        return error.message;
    }
    assert.fail("expected the lab to be refused");
}

describe("endpoints lab: validation", () => {
    it("refuses a config without the S3 gateway, with no route tables, an S3 interface endpoint and bad bucket managers, listing every problem and creating nothing", async () => {
        const engine = await OfflineEngine.start();
        const config = endpointsConfig({
            gatewayServices: ["dynamodb", "sqs"] as unknown as EndpointsLabConfig["gatewayServices"],
            gatewayRouteTables: [],
            interfaceServices: ["s3", "cloudformation"],
            bucketManagers: ["*", "arn:aws:iam::123456789012:role/admins/*", "bob"],
        });
        const message = errorOf(() => new EndpointsLab("endpoints", { environment: testEnvironment(), config }));
        assert.strictEqual(
            message,
            [
                'EndpointsLab "endpoints" has 7 problems:',
                '  - vpc-labs:endpointsGatewayServices: does not list s3; the lab\'s bucket is locked to the S3 gateway endpoint; add "s3"',
                '  - vpc-labs:endpointsGatewayServices[1]: "sqs" has no gateway endpoint (only s3 and dynamodb do); list it in endpointsInterfaceServices instead',
                '  - vpc-labs:endpointsGatewayRouteTables: lists no route table; a gateway endpoint reaches nothing without a route; list "public", "private" or both',
                "  - vpc-labs:endpointsInterfaceServices[0]: an interface endpoint for s3 with private DNS needs the s3 gateway endpoint: the lab keeps the VPC's own s3 traffic " +
                    'on the free gateway path and gives private DNS to inbound resolver endpoints only; add "s3" to endpointsGatewayServices, or remove "s3" here',
                '  - vpc-labs:endpointsBucketManagers[0]: "*" would let any matching principal manage the locked bucket from anywhere; list exact role or user ARNs',
                '  - vpc-labs:endpointsBucketManagers[1]: "arn:aws:iam::123456789012:role/admins/*" would let any matching principal manage the locked bucket from anywhere; list exact role or user ARNs',
                '  - vpc-labs:endpointsBucketManagers[2]: "bob" is not an IAM principal ARN; write it like arn:aws:iam::123456789012:role/name or arn:aws:iam::123456789012:user/name',
            ].join("\n"),
        );
        await engine.settle();
        assert.deepStrictEqual(engine.resources, []);
    });

    it("refuses a DynamoDB interface endpoint without the DynamoDB gateway endpoint", () => {
        assert.deepStrictEqual(endpointsLabProblems(testEnvironment(), endpointsConfig({ interfaceServices: ["dynamodb"] })).map(formatProblem), [
            "vpc-labs:endpointsInterfaceServices[0]: an interface endpoint for dynamodb with private DNS needs the dynamodb gateway endpoint: the lab keeps the VPC's own " +
                'dynamodb traffic on the free gateway path and gives private DNS to inbound resolver endpoints only; add "dynamodb" to endpointsGatewayServices, or remove "dynamodb" here',
        ]);
        assert.deepStrictEqual(endpointsLabProblems(testEnvironment(), endpointsConfig({ interfaceServices: ["dynamodb"], gatewayServices: ["s3", "dynamodb"] })), []);
    });

    it("refuses private DNS on a given network whose DNS hostnames are off, once per interface endpoint, before creating anything", async () => {
        const engine = await OfflineEngine.start();
        const message = errorOf(() => new EndpointsLab("endpoints", { environment: testEnvironment(), config: endpointsConfig(), network: givenNetwork({ enableDnsHostnames: false }) }));
        const rule = "private DNS needs the VPC's DNS hostnames and DNS support on; turn on DNS hostnames and DNS support on the network the lab is given";
        assert.strictEqual(
            message,
            [
                'EndpointsLab "endpoints" has 3 problems:',
                `  - vpc-labs:endpointsInterfaceServices[0].privateDns: ${rule}`,
                `  - vpc-labs:endpointsPrivateInstanceAccess.privateDns: ${rule}`,
                `  - vpc-labs:endpointsPrivateInstanceAccess.privateDns: ${rule}`,
            ].join("\n"),
        );
        await engine.settle();
        assert.deepStrictEqual(engine.resources, []);
    });

    it("refuses a given network without a private route table or a private subnet", () => {
        const network = givenNetwork();
        const message = errorOf(
            () =>
                new EndpointsLab("endpoints", {
                    environment: testEnvironment(),
                    config: endpointsConfig({ privateInstanceAccess: "instance-connect" }),
                    network: { ...network, subnets: network.subnets.filter((s) => s.tier === "public"), routeTables: network.routeTables.filter((t) => t.tier === "public") },
                }),
        );
        assert.strictEqual(
            message,
            [
                'EndpointsLab "endpoints" has 2 problems:',
                '  - vpc-labs:endpointsGatewayRouteTables[1]: the network has no private route table to put the gateway endpoints on; remove "private", or give the network a private route table',
                "  - network.subnets: the network has no private subnet for the private instance; give the network a private subnet",
            ].join("\n"),
        );
    });

    it("refuses a given network with no subnets at all: no instance subnets and no endpoint subnets", () => {
        const problems = endpointsNetworkProblems(givenNetwork({ subnets: [] }), testEnvironment(), endpointsConfig({ privateInstanceAccess: "instance-connect" }));
        assert.deepStrictEqual(problems.map(formatProblem), [
            "network.subnets: the network has no public subnet for the public instance; give the network a public subnet",
            "network.subnets: the network has no private subnet for the private instance; give the network a private subnet",
            "vpc-labs:endpointsInterfaceServices[0].subnetIds: an interface endpoint needs at least one subnet; give one subnet per zone",
        ]);
    });

    it("refuses private DNS for inbound resolvers only on an interface endpoint without private DNS", () => {
        const args: InterfaceEndpointArgs = {
            network: givenNetwork(),
            target: { kind: "aws-service", service: "s3", region: "ap-northeast-2" },
            subnetIds: ["subnet-app"],
            privateDns: false,
            privateDnsOnlyForInboundResolverEndpoint: true,
            securityGroups: { create: { nameTag: "S3-SG", port: 443 } },
            nameTag: "S3",
        };
        assert.deepStrictEqual(interfaceEndpointProblems(args).map(formatProblem), [
            "args.privateDnsOnlyForInboundResolverEndpoint: private DNS for inbound resolver endpoints only is a private DNS option; set privateDns: true, or drop privateDnsOnlyForInboundResolverEndpoint",
        ]);
        assert.deepStrictEqual(interfaceEndpointProblems({ ...args, privateDns: true }), []);
    });

    it("gives the program the lab's config, problems and build", async () => {
        const definition = endpointsLabDefinition;
        assert.strictEqual(definition.name, "endpoints");
        assert.strictEqual(definition.outputKey, "endpoints");
        const config = endpointsConfig({ gatewayServices: ["dynamodb"] });
        assert.deepStrictEqual(definition.problems(testEnvironment(), config), endpointsLabProblems(testEnvironment(), config));
        const engine = await OfflineEngine.start();
        const built = definition.build("endpoints", testEnvironment(), endpointsConfig(), {});
        await engine.settle();
        assert.ok(built.component instanceof EndpointsLab);
        assert.strictEqual(built.outputs, built.component.outputs);
    });

    it("reads the access mode and bucket managers from stack config and refuses bad values", () => {
        const raw = {
            ...readStackConfig("lab"),
            "vpc-labs:endpointsPrivateInstanceAccess": "ssh",
            "vpc-labs:endpointsBucketManagers": JSON.stringify(["arn:aws:iam::123456789012:role/ci", "arn:aws:iam::123456789012:role/*", "ci"]),
        };
        assert.throws(
            () => validateStackConfig(raw, SEOUL),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                JSON.stringify(e.problems.map(formatProblem)) ===
                    JSON.stringify([
                        'vpc-labs:endpointsPrivateInstanceAccess: "ssh" is not one of session-manager, instance-connect; set it to one of session-manager, instance-connect',
                        'vpc-labs:endpointsBucketManagers[1]: "arn:aws:iam::123456789012:role/*" would let any matching principal manage the locked bucket from anywhere; list exact role or user ARNs',
                        'vpc-labs:endpointsBucketManagers[2]: "ci" is not an IAM principal ARN; write it like arn:aws:iam::123456789012:role/name or arn:aws:iam::123456789012:user/name',
                    ]),
        );
    });
});

describe("endpoints lab: network layout", () => {
    it("gives a network spec LabNetwork accepts, with the CIDRs from the config", () => {
        const spec = endpointsNetworkSpec(endpointsConfig({ vpcCidr: "10.8.0.0/16", publicSubnetCidr: "10.8.10.0/24", privateSubnetCidr: "10.8.20.0/24" }), testEnvironment());
        assert.deepStrictEqual(networkSpecProblems(spec), []);
        assert.strictEqual(spec.cidrBlock, "10.8.0.0/16");
        assert.deepStrictEqual(
            spec.subnets.map((s) => [s.name, s.cidrBlock, s.zoneIndex, s.routeTable]),
            [
                ["CloudNeta-Public-SN", "10.8.10.0/24", 0, "public"],
                ["CloudNeta-Private-SN", "10.8.20.0/24", 1, "private"],
            ],
        );
    });

    it("picks one subnet per zone for interface endpoints, preferring private ones, and the private one for a single zone", () => {
        const out = pulumi.output;
        const subnet = (key: string, tier: "public" | "private", zoneIndex: number) => ({ key, tier, zoneIndex, id: out(key), cidrBlock: out(key), availabilityZone: out(key) });
        const network = givenNetwork({
            subnets: [subnet("pub-a", "public", 0), subnet("pub-c", "public", 1), subnet("priv-c", "private", 1), subnet("priv-a", "private", 0)],
        });
        assert.deepStrictEqual(interfaceEndpointSubnets(network, 2).map((s) => s.key), ["priv-a", "priv-c"]);
        assert.deepStrictEqual(interfaceEndpointSubnets(network, 1).map((s) => s.key), ["priv-a"]);
        assert.deepStrictEqual(interfaceEndpointSubnets(givenNetwork(), 2).map((s) => s.key), ["web", "app"]);
        assert.deepStrictEqual(interfaceEndpointSubnets(givenNetwork(), 1).map((s) => s.key), ["app"]);
    });
});

describe("endpoints lab: checks", () => {
    const facts: VerificationFacts = {
        region: "ap-northeast-2",
        bucketName: "vpc-labs-endpoints-locked-1",
        bucketManagers: ["arn:aws:iam::123456789012:role/LabAdmin"],
        publicInstanceId: "i-public",
        privateInstanceId: "i-private",
        privateInstanceAccess: "session-manager",
        routeTables: [
            { tier: "public", id: "rtb-public" },
            { tier: "private", id: "rtb-private" },
        ],
        gatewayTiers: ["public", "private"],
        gatewayEndpoints: [{ service: "s3", endpointId: "vpce-s3", prefixListId: "pl-s3" }],
        interfaceEndpoints: [{ service: "cloudformation", endpointId: "vpce-cfn", dnsNames: ["vpce-cfn-x.cloudformation.ap-northeast-2.vpce.amazonaws.com"] }],
        interfaceSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
    };
    const step = (id: string, f = facts) => verificationSteps(f).find((s) => s.id === id);

    it("checks the prefix-list route to the gateway endpoint in each route table", () => {
        assert.deepStrictEqual(step("gateway-routes"), {
            id: "gateway-routes",
            lab: "endpoints",
            stage: "interface",
            where: "your own shell, outside the VPC (AWS CLI v2)",
            command:
                "aws ec2 describe-route-tables --region ap-northeast-2 --route-table-ids rtb-public rtb-private " +
                '--query "RouteTables[].Routes[?DestinationPrefixListId].[DestinationPrefixListId,GatewayId][]" --output text',
            expected: "2 lines in any order, one per route table (public, private) and gateway endpoint (s3): the prefix list -> the endpoint\npl-s3\tvpce-s3\npl-s3\tvpce-s3",
        });
    });

    it("expects the CloudFormation name to resolve to the endpoint's private IPs, one per subnet", () => {
        assert.deepStrictEqual(step("interface-dns-cloudformation"), {
            id: "interface-dns-cloudformation",
            lab: "endpoints",
            stage: "interface",
            where: "CloudNeta-Public-EC2 or CloudNeta-Private-EC2",
            command: "dig +short cloudformation.ap-northeast-2.amazonaws.com vpce-cfn-x.cloudformation.ap-northeast-2.vpce.amazonaws.com",
            expected:
                "for each name, the private IPs of the endpoint vpce-cfn, one in each of 10.0.0.0/24 and 10.0.1.0/24; from your own shell the first name resolves to public IPs",
            waitSeconds: 60,
            hint: "Public IPs inside the VPC: private DNS is not active yet (the endpoint is still pending) or the VPC's DNS hostnames are off",
            probe: { from: "CloudNeta-Private-EC2", to: "cloudformation.ap-northeast-2.amazonaws.com", protocol: "tcp", port: 443, expectReachable: true },
        });
    });

    it("expects the bucket to work from the private instance and to refuse objects from outside, managers included", () => {
        assert.strictEqual(
            step("s3-bucket-private")?.command,
            "echo hello | aws s3 cp - s3://vpc-labs-endpoints-locked-1/hello.txt --region ap-northeast-2 && aws s3 ls s3://vpc-labs-endpoints-locked-1 --region ap-northeast-2",
        );
        assert.strictEqual(step("s3-bucket-private")?.where, "CloudNeta-Private-EC2");
        assert.deepStrictEqual(step("s3-bucket-private")?.probe, { from: "CloudNeta-Private-EC2", to: "s3://vpc-labs-endpoints-locked-1", protocol: "tcp", port: 443, expectReachable: true });
        assert.deepStrictEqual(step("s3-object-outside")?.probe, { from: "internet", to: "s3://vpc-labs-endpoints-locked-1", protocol: "tcp", port: 443, expectReachable: false });
        assert.strictEqual(step("s3-bucket-outside")?.probe, undefined);
        assert.strictEqual(step("s3-object-outside")?.command, "aws s3 cp s3://vpc-labs-endpoints-locked-1/hello.txt - --region ap-northeast-2");
        assert.match(step("s3-object-outside")?.expected ?? "", /^An error occurred \(AccessDenied\) when calling the GetObject operation/);
        assert.match(step("s3-bucket-outside")?.expected ?? "", /except the bucket managers \(arn:aws:iam::123456789012:role\/LabAdmin\)/);
    });

    it("expects the public instance to be denied when only the private route table has the gateway endpoint", () => {
        assert.match(step("s3-bucket-public")?.expected ?? "", /^the listing with hello.txt/);
        assert.match(step("s3-bucket-public", { ...facts, gatewayTiers: ["private"] })?.expected ?? "", /^An error occurred \(AccessDenied\).*over the internet gateway/);
        assert.strictEqual(step("gateway-routes", { ...facts, gatewayTiers: ["private"] })?.command.includes("--route-table-ids rtb-private --query"), true);
        assert.strictEqual(step("s3-bucket-public")?.probe?.expectReachable, true);
        assert.strictEqual(step("s3-bucket-public", { ...facts, gatewayTiers: ["private"] })?.probe?.expectReachable, false);
    });

    it("promises the private instance no S3 when the gateway endpoints sit on the public route table only", () => {
        const publicOnly = { ...facts, gatewayTiers: ["public"] as const, gatewayEndpoints: [...facts.gatewayEndpoints, { service: "dynamodb" as const, endpointId: "vpce-ddb", prefixListId: "pl-ddb" }] };
        for (const id of ["s3-ping-private", "s3-bucket-private", "dynamodb-private"]) {
            assert.strictEqual(step(id, { ...publicOnly, gatewayTiers: ["public"] })?.probe?.expectReachable, false, id);
            assert.match(step(id, { ...publicOnly, gatewayTiers: ["public"] })?.expected ?? "", /CloudNeta-Private-RT carries no gateway endpoint route/, id);
            assert.strictEqual(step(id, { ...publicOnly, gatewayTiers: ["public", "private"] })?.probe?.expectReachable, true, id);
        }
    });

    it("gives the Session Manager command for each instance", () => {
        assert.strictEqual(step("session-manager-public")?.command, "aws ssm start-session --region ap-northeast-2 --target i-public");
        assert.strictEqual(step("session-manager-private")?.command, "aws ssm start-session --region ap-northeast-2 --target i-private");
        assert.strictEqual(step("dynamodb-private"), undefined);
        assert.deepStrictEqual(step("session-manager-private")?.probe, { from: "CloudNeta-Private-EC2", to: "ssmmessages.ap-northeast-2.amazonaws.com", protocol: "tcp", port: 443, expectReachable: true });
        assert.strictEqual(step("session-manager-private")?.waitSeconds, 120);
    });

    it("puts every check in the lab's final stage and a probe on every connectivity check", () => {
        const checks = verificationSteps(facts);
        assert.deepStrictEqual([...new Set(checks.map((c) => `${c.lab}/${c.stage}`))], ["endpoints/interface"]);
        assert.deepStrictEqual(
            checks.filter((c) => !c.probe).map((c) => c.id),
            ["gateway-routes", "s3-bucket-outside"],
        );
    });
});

describe("endpoints lab: stack files", () => {
    async function buildFor(stack: string) {
        const config = validateStackConfig(readStackConfig(stack), SEOUL);
        const environment = environmentOf({ config, aws: { accountId: "123456789012", partition: "aws", region: "ap-northeast-2" } });
        const engine = await OfflineEngine.start({ stack });
        endpointsLabDefinition.build("endpoints", environment, endpointsLabDefinition.configOf(config), {});
        await engine.settle();
        return { engine, config: config.endpoints };
    }
    const services = (engine: OfflineEngine, type: string) =>
        engine
            .ofType(aws.ec2.VpcEndpoint)
            .filter((e) => e.inputs.vpcEndpointType === type)
            .map((e) => String(e.inputs.serviceName).split(".").slice(3).join("."));

    it("builds the classroom layout for the lab stack: zones a and c, both gateways on both tables, CloudFormation in both subnets, Session Manager", async () => {
        const { engine, config } = await buildFor("lab");
        assert.strictEqual(config.privateInstanceAccess, "session-manager");
        assert.deepStrictEqual(
            engine.ofType(aws.ec2.Subnet).map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone]),
            [
                ["10.0.0.0/24", "ap-northeast-2a"],
                ["10.0.1.0/24", "ap-northeast-2c"],
            ],
        );
        assert.deepStrictEqual(services(engine, "Gateway"), ["s3", "dynamodb"]);
        assert.deepStrictEqual(services(engine, "Interface"), ["cloudformation", "ssm", "ssmmessages"]);
        for (const endpoint of engine.ofType(aws.ec2.VpcEndpoint)) {
            const placedOn = (endpoint.inputs.subnetIds ?? endpoint.inputs.routeTableIds) as string[];
            assert.strictEqual(placedOn.length, 2, `${endpoint.name}: both subnets or both route tables`);
        }
        assert.strictEqual(engine.ofType(aws.ec2transitgateway.InstanceConnectEndpoint).length, 0);
    });

    it("builds the cheap variant for the dev stack: one endpoint zone, S3 only, Instance Connect, Graviton nano instances", async () => {
        const { engine, config } = await buildFor("dev");
        assert.strictEqual(config.privateInstanceAccess, "instance-connect");
        assert.deepStrictEqual(services(engine, "Gateway"), ["s3"]);
        assert.deepStrictEqual(services(engine, "Interface"), ["cloudformation"]);
        const privateSubnet = engine.one(aws.ec2.Subnet, "endpoints-network-private");
        assert.deepStrictEqual(engine.one(aws.ec2.VpcEndpoint, "endpoints-cloudformation-endpoint-endpoint").inputs.subnetIds, [privateSubnet.id]);
        assert.strictEqual(engine.one(aws.ec2transitgateway.InstanceConnectEndpoint).inputs.subnetId, privateSubnet.id);
        assert.deepStrictEqual(
            engine.ofType(aws.ec2.Instance).map((i) => i.inputs.instanceType),
            ["t4g.nano", "t4g.nano"],
        );
        assert.deepStrictEqual(
            engine.ofType(aws.vpc.SecurityGroupIngressRule).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0").map((r) => r.name),
            [],
        );
    });
});
