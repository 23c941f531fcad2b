import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as fc from "fast-check";
import { EndpointServiceLab, endpointServiceLabDefinition } from "../../components/labs/endpointServiceLab";
import { endpointServiceNetworkSpec } from "../../components/labs/endpointServiceLab/network";
import { accountRootArn, allowedPrincipalsOf } from "../../components/labs/endpointServiceLab/service";
import { BuiltLab } from "../../components/labDefinition";
import { endpointServiceConfigProblems } from "../../components/labs/endpointServiceLab/validate";
import { networkSpecProblems } from "../../components/labNetwork/validate";
import { StackConfig } from "../../config/stackConfig";
import { validateStackConfig } from "../../config/validate";
import { environmentOf } from "../../components/labs/buildStack";
import { OfflineEngine } from "../../offline/engine";
import { readStackConfig } from "../../config/stackFiles";
import { endpointServiceConfig, endpointServiceEnvironment, existingNetwork, valueOf } from "../fixtures/endpointService";

const nameOf = (r: { inputs: Record<string, unknown> }) => (r.inputs.tags as Record<string, string> | undefined)?.Name;

describe("EndpointServiceLab with autoAccept false, built by its lab definition", () => {
    let engine: OfflineEngine;
    let lab: EndpointServiceLab;
    let built: BuiltLab;
    const config = endpointServiceConfig({ autoAccept: false });

    before(async () => {
        engine = await OfflineEngine.start();
        built = endpointServiceLabDefinition.build("endpoint-service", endpointServiceEnvironment(), config, {});
        lab = built.component as EndpointServiceLab;
        await engine.settle();
    });

    it("is the endpoint-service lab: reads the endpointService config, exports under endpointService", () => {
        assert.strictEqual(endpointServiceLabDefinition.name, "endpoint-service");
        assert.strictEqual(endpointServiceLabDefinition.outputKey, "endpointService");
        assert.strictEqual(endpointServiceLabDefinition.configOf({ endpointService: config } as StackConfig), config);
        assert.deepStrictEqual(endpointServiceLabDefinition.problems(endpointServiceEnvironment(), config), []);
    });

    it("builds one lab component and hands the stack its student outputs", () => {
        assert.ok(built.component instanceof EndpointServiceLab);
        assert.strictEqual(engine.ofType("vpc-labs:labs:EndpointServiceLab").length, 1);
        assert.deepStrictEqual(Object.keys(built.outputs), [
            "consumerVpcId",
            "providerVpcId",
            "clientInstanceId",
            "webServerInstanceIds",
            "loadBalancerDnsName",
            "serviceId",
            "serviceName",
            "allowedPrincipals",
            "endpointId",
            "endpointDnsNames",
            "connectionState",
            "autoAccept",
            "acceptCommand",
            "checks",
        ]);
    });

    it("builds no connection accepter and leaves the connection pending", async () => {
        assert.strictEqual(engine.ofType(aws.ec2.VpcEndpointConnectionAccepter).length, 0);
        assert.strictEqual(lab.accepter, undefined);
        assert.strictEqual(await valueOf(lab.outputs.connectionState), "pendingAcceptance");
        assert.strictEqual(engine.one(aws.ec2.VpcEndpointService).inputs.acceptanceRequired, true);
    });

    it("exports the exact command that accepts the connection, first among the checks", async () => {
        const serviceId = engine.one(aws.ec2.VpcEndpointService).id;
        const endpointId = engine.one(aws.ec2.VpcEndpoint).id;
        const command = `aws ec2 accept-vpc-endpoint-connections --service-id ${serviceId} --vpc-endpoint-ids ${endpointId} --region ap-northeast-2`;
        assert.strictEqual(await valueOf(lab.outputs.acceptCommand!), command);
        const steps = Object.fromEntries((await valueOf(lab.outputs.checks)).map((c) => [c.id, c]));
        assert.deepStrictEqual(Object.keys(steps), ["accept", "state", "session", "dig", "curl", "nlb-direct"]);
        assert.deepStrictEqual(steps.accept, {
            id: "accept",
            lab: "endpoint-service",
            stage: "accepted",
            where: "your computer",
            command,
            expected: '{"Unsuccessful": []}; the state check then prints available within a minute or two',
            waitSeconds: 60,
        });
        assert.strictEqual(steps.state.expected, "pendingAcceptance until the accept command runs, then available");
        // A pending connection carries nothing: the curl check states (and probes) no answer.
        assert.match(steps.curl.expected, /^no answer while the connection is pendingAcceptance/);
        assert.strictEqual(steps.curl.probe?.expectReachable, false);
    });
});

describe("EndpointServiceLab in the dev stack layout (one consumer subnet, endpoint in one zone), with configured principals", () => {
    let engine: OfflineEngine;
    let lab: EndpointServiceLab;
    const principals = ["arn:aws:iam::123456789012:role/consumer", "arn:aws:iam::210987654321:root"];

    before(async () => {
        engine = await OfflineEngine.start();
        lab = new EndpointServiceLab("endpoint-service", {
            environment: endpointServiceEnvironment({ availabilityZones: ["ap-northeast-2a", "ap-northeast-2b"], interfaceEndpointAzCount: 1, instanceType: "t4g.nano" }),
            config: endpointServiceConfig({ consumerSubnetCidrs: ["10.0.0.0/24"], allowedPrincipals: principals }),
        });
        await engine.settle();
    });

    it("allows exactly the configured principals on Custom-EPS", () => {
        assert.deepStrictEqual(engine.one(aws.ec2.VpcEndpointService).inputs.allowedPrincipals, principals);
        assert.deepStrictEqual(lab.outputs.allowedPrincipals, principals);
    });

    it("builds only My-Public-SN in MyVPC and puts the endpoint and My-EC2 there", () => {
        const consumer = engine.ofType(aws.ec2.Vpc).find((r) => nameOf(r) === "MyVPC")!;
        const subnets = engine.ofType(aws.ec2.Subnet).filter((r) => r.inputs.vpcId === consumer.id);
        assert.deepStrictEqual(subnets.map((r) => [nameOf(r), r.inputs.cidrBlock, r.inputs.availabilityZone]), [["My-Public-SN", "10.0.0.0/24", "ap-northeast-2a"]]);
        assert.deepStrictEqual(engine.one(aws.ec2.VpcEndpoint).inputs.subnetIds, [subnets[0].id]);
        const client = engine.ofType(aws.ec2.Instance).find((r) => nameOf(r) === "My-EC2")!;
        assert.strictEqual(client.inputs.subnetId, subnets[0].id);
    });

    it("still spreads the NLB over both provider zones", () => {
        const nlb = engine.one(aws.lb.LoadBalancer);
        const zones = (nlb.inputs.subnets as string[]).map((id) => engine.byId(id)!.inputs.availabilityZone);
        assert.deepStrictEqual(zones, ["ap-northeast-2a", "ap-northeast-2b"]);
    });

    it("expects dig to answer with one private IP inside My-Public-SN", async () => {
        const steps = Object.fromEntries((await valueOf(lab.outputs.checks)).map((c) => [c.id, c]));
        assert.strictEqual(steps.dig.expected, "one private IP inside the endpoint subnet 10.0.0.0/24: the endpoint's ENIs in the consumer VPC");
    });

    it("runs every instance on the stack's instance type", () => {
        assert.deepStrictEqual(engine.ofType(aws.ec2.Instance).map((r) => r.inputs.instanceType), ["t4g.nano", "t4g.nano", "t4g.nano"]);
    });
});

describe("allowedPrincipalsOf", () => {
    it("defaults to the deploying account's root in the deploying partition", () => {
        const aws = { accountId: "123456789012", partition: "aws-cn", region: "cn-north-1" };
        assert.deepStrictEqual(allowedPrincipalsOf(endpointServiceConfig(), aws), ["arn:aws-cn:iam::123456789012:root"]);
        assert.strictEqual(accountRootArn(aws), "arn:aws-cn:iam::123456789012:root");
    });

    it("uses the configured list as given when there is one", () => {
        const principals = ["arn:aws:iam::210987654321:root"];
        assert.deepStrictEqual(allowedPrincipalsOf(endpointServiceConfig({ allowedPrincipals: principals }), endpointServiceEnvironment().aws), principals);
    });
});

describe("EndpointServiceLab with overlapping consumer and provider CIDRs", () => {
    const overlapping = endpointServiceConfig({
        consumerVpcCidr: "10.0.0.0/16",
        consumerSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
        providerVpcCidr: "10.0.0.0/16",
        providerSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
    });

    it("accepts both VPCs on 10.0.0.0/16: PrivateLink translates addresses, so the blocks may overlap", async () => {
        assert.deepStrictEqual(endpointServiceConfigProblems(endpointServiceEnvironment(), overlapping), []);
        const engine = await OfflineEngine.start();
        new EndpointServiceLab("endpoint-service", { environment: endpointServiceEnvironment(), config: overlapping });
        await engine.settle();
        assert.deepStrictEqual(engine.ofType(aws.ec2.Vpc).map((r) => [nameOf(r), r.inputs.cidrBlock]), [
            ["MyVPC", "10.0.0.0/16"],
            ["CustomVPC", "10.0.0.0/16"],
        ]);
        assert.strictEqual(engine.ofType(aws.ec2.VpcEndpoint).length, 1);
    });

    it("passes the stack config validator too", () => {
        const raw = {
            "vpc-labs:labs": JSON.stringify(["endpoint-service"]),
            "vpc-labs:endpointServiceProviderVpcCidr": "10.0.0.0/16",
            "vpc-labs:endpointServiceProviderSubnetCidrs": JSON.stringify(["10.0.0.0/24", "10.0.1.0/24"]),
        };
        const config: StackConfig = validateStackConfig(raw, { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2c"] });
        assert.strictEqual(config.endpointService.consumerVpcCidr, config.endpointService.providerVpcCidr);
    });

    it("accepts any pair of valid address plans, overlapping or not", () => {
        // Two /16s anywhere in 10.0.0.0/8 with /24 subnets inside each: often the same block.
        const plan = fc.integer({ min: 0, max: 3 }).chain((second) =>
            fc.record({ second: fc.constant(second), subnets: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 2, maxLength: 2 }) }),
        );
        fc.assert(
            fc.property(plan, plan, (consumer, provider) => {
                const vpc = (second: number) => `10.${second}.0.0/16`;
                const subnet = (second: number, third: number) => `10.${second}.${third}.0/24`;
                const config = endpointServiceConfig({
                    consumerVpcCidr: vpc(consumer.second),
                    consumerSubnetCidrs: consumer.subnets.map((t) => subnet(consumer.second, t)),
                    providerVpcCidr: vpc(provider.second),
                    providerSubnetCidrs: [subnet(provider.second, provider.subnets[0]), subnet(provider.second, provider.subnets[1])],
                });
                const specs = endpointServiceNetworkSpec(config, endpointServiceEnvironment());
                return (
                    endpointServiceConfigProblems(endpointServiceEnvironment(), config).length === 0 &&
                    networkSpecProblems(specs.consumer).length === 0 &&
                    networkSpecProblems(specs.provider).length === 0
                );
            }),
            { numRuns: 200 },
        );
    });
});

describe("EndpointServiceLab on networks it is handed", () => {
    it("builds no VPC of its own and places everything on the given subnets", async () => {
        const engine = await OfflineEngine.start();
        const consumer = existingNetwork("vpc-consumer", "10.50.0.0/16", [
            { id: "subnet-c-private", tier: "private", zoneIndex: 0, cidrBlock: "10.50.10.0/24", availabilityZone: "ap-northeast-2a" },
            { id: "subnet-c-1", tier: "public", zoneIndex: 0, cidrBlock: "10.50.0.0/24", availabilityZone: "ap-northeast-2a" },
            { id: "subnet-c-2", tier: "public", zoneIndex: 1, cidrBlock: "10.50.1.0/24", availabilityZone: "ap-northeast-2c" },
        ]);
        const provider = existingNetwork("vpc-provider", "172.30.0.0/16", [
            { id: "subnet-p-2", tier: "private", zoneIndex: 1, cidrBlock: "172.30.2.0/24", availabilityZone: "ap-northeast-2c" },
            { id: "subnet-p-1", tier: "private", zoneIndex: 0, cidrBlock: "172.30.1.0/24", availabilityZone: "ap-northeast-2a" },
        ]);
        const lab = new EndpointServiceLab("eps", { environment: endpointServiceEnvironment(), config: endpointServiceConfig(), networks: { consumer, provider } });
        await engine.settle();

        assert.strictEqual(engine.ofType(aws.ec2.Vpc).length, 0);
        assert.strictEqual(engine.ofType(aws.ec2.Subnet).length, 0);
        assert.deepStrictEqual(engine.one(aws.lb.LoadBalancer).inputs.subnets, ["subnet-p-1", "subnet-p-2"]);
        assert.strictEqual(engine.one(aws.lb.TargetGroup).inputs.vpcId, "vpc-provider");
        assert.deepStrictEqual(engine.ofType(aws.ec2.Instance).map((r) => [nameOf(r), r.inputs.subnetId]).sort(), [
            ["Custom-WEB-1", "subnet-p-1"],
            ["Custom-WEB-2", "subnet-p-2"],
            ["My-EC2", "subnet-c-1"],
        ]);
        const endpoint = engine.one(aws.ec2.VpcEndpoint);
        assert.strictEqual(endpoint.inputs.vpcId, "vpc-consumer");
        assert.deepStrictEqual(endpoint.inputs.subnetIds, ["subnet-c-1", "subnet-c-2"]);
        const cidrsOf = (type: typeof aws.vpc.SecurityGroupIngressRule | typeof aws.vpc.SecurityGroupEgressRule) =>
            engine.ofType(type).map((r) => r.inputs.cidrIpv4).sort();
        assert.deepStrictEqual(cidrsOf(aws.vpc.SecurityGroupIngressRule), ["10.50.0.0/16", "172.30.0.0/16"]);
        assert.deepStrictEqual(cidrsOf(aws.vpc.SecurityGroupEgressRule), ["0.0.0.0/0", "10.50.0.0/16"]);
        const steps = Object.fromEntries((await valueOf(lab.outputs.checks)).map((c) => [c.id, c]));
        assert.match(steps.dig.expected, /one in each endpoint subnet \(10\.50\.0\.0\/24, 10\.50\.1\.0\/24\)/);
    });
});

describe("endpoint-service lab in the committed stacks", () => {
    const zones = { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"] };
    const loaded = (stack: string) => {
        const config = validateStackConfig(readStackConfig(stack), zones);
        return { config, environment: environmentOf({ config, aws: endpointServiceEnvironment().aws }) };
    };

    it("dev: one consumer subnet, endpoint in one zone, program accepts, and nothing to refuse", () => {
        const { config, environment } = loaded("dev");
        const lab = endpointServiceLabDefinition.configOf(config);
        assert.deepStrictEqual(endpointServiceLabDefinition.problems(environment, lab), []);
        assert.strictEqual(environment.interfaceEndpointAzCount, 1);
        const specs = endpointServiceNetworkSpec(lab, environment);
        assert.deepStrictEqual(specs.consumer.subnets.map((s) => [s.name, s.cidrBlock, environment.availabilityZones[s.zoneIndex]]), [["My-Public-SN", "10.0.0.0/24", "ap-northeast-2a"]]);
        assert.deepStrictEqual(specs.provider.subnets.map((s) => [s.name, s.cidrBlock]), [
            ["Custom-Private-SN-1", "172.20.1.0/24"],
            ["Custom-Private-SN-2", "172.20.2.0/24"],
        ]);
        assert.strictEqual(lab.autoAccept, true);
    });

    it("lab: My-Public-SN in AZ a and My-Public-SN-2 in AZ c, endpoint in both, program accepts", () => {
        const { config, environment } = loaded("lab");
        const lab = endpointServiceLabDefinition.configOf(config);
        assert.deepStrictEqual(endpointServiceLabDefinition.problems(environment, lab), []);
        const specs = endpointServiceNetworkSpec(lab, environment);
        assert.deepStrictEqual(specs.consumer.subnets.map((s) => [s.name, s.cidrBlock, environment.availabilityZones[s.zoneIndex]]), [
            ["My-Public-SN", "10.0.0.0/24", "ap-northeast-2a"],
            ["My-Public-SN-2", "10.0.1.0/24", "ap-northeast-2c"],
        ]);
        assert.strictEqual(environment.interfaceEndpointAzCount, 2);
        assert.strictEqual(lab.autoAccept, true);
    });
});
