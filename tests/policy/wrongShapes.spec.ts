import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { OfflineEngine } from "../../offline/engine";
import { resourceProblems } from "../../offline/plan/exportValidation";
import { runStack } from "../../offline/plan/programRunner";
import { PolicyResourceRecord, recordsFromEngine } from "../../policy/analyzer";
import { providerShaped } from "../../analysis/stack/providerShapes";
import { PackPolicy, POLICIES } from "../../policy/policies";
import { PolicyConfigFile } from "../../policy/packConfig";
import { buildOriginalLabs } from "../fixtures/policy/originalLabs";
import { messagesOf, record } from "../fixtures/policy/records";

/**
 * Every rule over values in the wrong shape, as a hand-edited export (or another tool's) holds
 * them: each number and boolean written as a string, each one-item list as its lone item. The
 * AWS provider stores those as the schema types ("22" is the port 22, "false" is false, a lone
 * CIDR a list of one), so each rule must reach the verdict it reaches on the well-typed
 * resources, never pass them as clean. The mutation is blind to which fields a rule reads, so a
 * field read without the provider's conversion shows up as a different verdict.
 */

/** Numbers and booleans as strings, one-item lists of strings as the string, all the way down. */
function stringly(value: unknown): unknown {
    if (typeof value === "number" || typeof value === "boolean") {
        return String(value);
    }
    if (Array.isArray(value)) {
        return value.length === 1 && typeof value[0] === "string" ? value[0] : value.map(stringly);
    }
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringly(item)]));
    }
    return value;
}

/** The records with the props (and inputs) of every AWS resource mutated; components keep theirs, which no provider stores. */
function wrongShapes(records: readonly PolicyResourceRecord[]): PolicyResourceRecord[] {
    return records.map((r) =>
        r.type.startsWith("aws:") ? { ...r, props: stringly(r.props) as Record<string, unknown>, ...(r.inputs ? { inputs: stringly(r.inputs) as Record<string, unknown> } : {}) } : r,
    );
}

function policy(name: string): PackPolicy {
    const found = POLICIES.find((p) => p.name === name);
    assert.ok(found, name);
    return found;
}

/** Hand-written stacks, each violating one rule the original labs do not. */
function handWritten(): Record<string, PolicyResourceRecord[]> {
    const vpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true }, { id: "vpc-1" });
    const subnet = record(aws.ec2.Subnet, "subnet-a", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", availabilityZone: "ap-northeast-2a" }, { id: "subnet-a", deps: { vpcId: [vpc] } });
    const openSg = record(aws.ec2.SecurityGroup, "endpoint-sg", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["198.51.100.0/24"] }] }, { id: "sg-1", deps: { vpcId: [vpc] } });
    const interfaceEndpoint = record(
        aws.ec2.VpcEndpoint,
        "sts",
        { vpcId: "vpc-1", vpcEndpointType: "Interface", serviceName: "com.amazonaws.ap-northeast-2.sts", privateDnsEnabled: true, subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] },
        { id: "vpce-sts", deps: { vpcId: [vpc], subnetIds: [subnet], securityGroupIds: [openSg] } },
    );
    const gatewayToSqs = record(aws.ec2.VpcEndpoint, "sqs-gw", { vpcId: "vpc-1", vpcEndpointType: "Gateway", serviceName: "com.amazonaws.ap-northeast-2.sqs", routeTableIds: ["rtb-1"] }, { id: "vpce-sqs" });
    const gatewayNoTables = record(aws.ec2.VpcEndpoint, "s3-gw", { vpcId: "vpc-1", vpcEndpointType: "Gateway", serviceName: "com.amazonaws.ap-northeast-2.s3", routeTableIds: [] }, { id: "vpce-s3" });
    const service = record(aws.ec2.VpcEndpointService, "eps", { acceptanceRequired: false, allowedPrincipals: ["*"], networkLoadBalancerArns: ["arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/web/1"] }, { id: "vpce-svc-1" });
    const flowLog = record(aws.ec2.FlowLog, "fl", { vpcId: "vpc-1", trafficType: "ALL", maxAggregationInterval: 600, logDestinationType: "s3", logDestination: "arn:aws:s3:::logs" }, { deps: { vpcId: [vpc] } });
    const igw = record(aws.ec2.InternetGateway, "igw", { vpcId: "vpc-1" }, { id: "igw-1", deps: { vpcId: [vpc] } });
    const privateRt = record(aws.ec2.RouteTable, "private-rt", { vpcId: "vpc-1", routes: [] }, { id: "rtb-private" });
    const association = record(aws.ec2.RouteTableAssociation, "private-assoc", { subnetId: "subnet-a", routeTableId: "rtb-private" }, { deps: { subnetId: [subnet], routeTableId: [privateRt] } });
    const instance = record(aws.ec2.Instance, "PRIVATE-01", { subnetId: "subnet-a", associatePublicIpAddress: true, metadataOptions: { httpTokens: "required" } }, { id: "i-1", deps: { subnetId: [subnet] } });
    const lockedBucket = record(aws.s3.Bucket, "data", { bucket: "data-1", tags: { "vpc-labs:locked-to-gateway-endpoint": "true" } }, { id: "data-1" });
    const openBucketPolicy = record(aws.s3.BucketPolicy, "data-policy", {
        bucket: "data-1",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::data-1/*" }] }),
    });
    return {
        "gateway-endpoint-service": [vpc, gatewayToSqs],
        "gateway-endpoint-route-table": [vpc, gatewayNoTables],
        "interface-endpoint-ingress-from-vpc": [vpc, subnet, openSg, interfaceEndpoint],
        "endpoint-service-acceptance-required": [service],
        "endpoint-service-no-public-principal": [service],
        "flow-log-aggregation-interval": [vpc, flowLog],
        "private-subnet-instance-no-public-ip": [vpc, igw, subnet, privateRt, association, instance],
        "s3-bucket-locked-to-gateway-endpoint": [vpc, gatewayNoTables, lockedBucket, openBucketPolicy],
    };
}

const CONFIG: PolicyConfigFile = { "flow-log-aggregation-interval": { maxAggregationIntervalSeconds: 60 }, "stack-hourly-cost": { maxHourlyUsd: 0.01 } };

describe("every rule over values in the wrong shape (strings for numbers and booleans, a lone item for a list)", () => {
    const stacks = new Map<string, PolicyResourceRecord[]>();
    before(async () => {
        const engine = await OfflineEngine.start();
        buildOriginalLabs();
        await engine.settle();
        const originals = recordsFromEngine(engine.resources);
        for (const [name, records] of Object.entries(handWritten())) {
            stacks.set(name, records);
        }
        for (const p of POLICIES) {
            if (!stacks.has(p.name) && p.name !== "lab-connectivity-intents") {
                stacks.set(p.name, originals);
            }
        }
        // A lab stack whose first probed check states the opposite of what its resources give.
        const lab = recordsFromEngine((await runStack("lab")).resources as never);
        const component = lab.find((r) => Array.isArray((r.props as { checks?: unknown }).checks));
        const probed = (component?.props as { checks: { probe?: { expectReachable: boolean } }[] }).checks.find((c) => c.probe);
        probed!.probe!.expectReachable = !probed!.probe!.expectReachable;
        stacks.set("lab-connectivity-intents", lab);
    });

    it("covers each of the pack's 25 rules", () => {
        assert.strictEqual(POLICIES.length, 25);
        assert.deepStrictEqual(POLICIES.map((p) => p.name).filter((name) => !stacks.has(name)), []);
    });

    for (const name of POLICIES.map((p) => p.name)) {
        it(`${name}: reaches the same verdict as on the well-typed stack, which it flags`, async () => {
            const records = stacks.get(name)!;
            const wellTyped = await messagesOf(policy(name), records, CONFIG);
            assert.ok(wellTyped.length > 0, `${name} flags nothing on its stack, so the comparison proves nothing`);
            assert.deepStrictEqual(await messagesOf(policy(name), wrongShapes(records), CONFIG), wellTyped);
        });
    }
});

describe("values no provider would store", () => {
    it("are left as written for the rules' own guards, and converted where the provider converts", () => {
        assert.deepStrictEqual(providerShaped("aws:ec2/securityGroup:SecurityGroup", { ingress: { protocol: 6, fromPort: "22", toPort: " 22 ", cidrBlocks: "0.0.0.0/0", self: "false" } }), {
            ingress: [{ protocol: "6", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], self: false }],
        });
        assert.deepStrictEqual(providerShaped("aws:ec2/flowLog:FlowLog", { maxAggregationInterval: "10 minutes", trafficType: ["ALL"] }), { maxAggregationInterval: "10 minutes", trafficType: ["ALL"] });
        assert.deepStrictEqual(providerShaped("aws:s3/bucket:Bucket", { tags: { a: 1 } }), { tags: { a: 1 } }, "types no rule reads a field of stay as written");
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
        assert.deepStrictEqual(providerShaped("aws:ec2/flowLog:FlowLog", { maxAggregationInterval: secret }), { maxAggregationInterval: secret }, "a secret is opaque");
    });

    it("are refused in an export, naming the resource and the field (the commands exit 2)", () => {
        const urn = (type: string, name: string) => `urn:pulumi:prod::vpc-labs::${type}::${name}`;
        const problems = resourceProblems([
            { urn: urn("aws:ec2/securityGroup:SecurityGroup", "sg"), type: "aws:ec2/securityGroup:SecurityGroup", custom: true, outputs: { ingress: [{ fromPort: { from: 22 }, toPort: 22, protocol: "tcp", cidrBlocks: [["0.0.0.0/0"]] }] } },
            { urn: urn("aws:ec2/flowLog:FlowLog", "fl"), type: "aws:ec2/flowLog:FlowLog", custom: true, inputs: { maxAggregationInterval: "ten minutes" }, outputs: { trafficType: ["ALL"] } },
            { urn: urn("aws:ec2/instance:Instance", "vm"), type: "aws:ec2/instance:Instance", custom: true, outputs: { associatePublicIpAddress: "yes", metadataOptions: [{ httpTokens: "optional" }] } },
            {
                urn: urn("aws:ec2/instance:Instance", "sealed"),
                type: "aws:ec2/instance:Instance",
                custom: true,
                outputs: { associatePublicIpAddress: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" } },
            },
        ]);
        assert.deepStrictEqual(
            problems.map((p) => `${p.key}: ${p.rule}; ${p.fix}`),
            [
                `deployment.resources[0].outputs.ingress[0].fromPort (${urn("aws:ec2/securityGroup:SecurityGroup", "sg")}): is an object, which the provider cannot store as a whole number; write it as a whole number, as pulumi stack export writes it`,
                `deployment.resources[0].outputs.ingress[0].cidrBlocks (${urn("aws:ec2/securityGroup:SecurityGroup", "sg")}): is a list, which the provider cannot store as a list of strings; write it as a list of strings, as pulumi stack export writes it`,
                `deployment.resources[1].inputs.maxAggregationInterval (${urn("aws:ec2/flowLog:FlowLog", "fl")}): is the string "ten minutes", which the provider cannot store as a whole number; write it as a whole number, as pulumi stack export writes it`,
                `deployment.resources[1].outputs.trafficType (${urn("aws:ec2/flowLog:FlowLog", "fl")}): is a list, which the provider cannot store as a string; write it as a string, as pulumi stack export writes it`,
                `deployment.resources[2].outputs.associatePublicIpAddress (${urn("aws:ec2/instance:Instance", "vm")}): is the string "yes", which the provider cannot store as true or false; write it as true or false, as pulumi stack export writes it`,
                `deployment.resources[2].outputs.metadataOptions (${urn("aws:ec2/instance:Instance", "vm")}): is a list, which the provider cannot store as an object; write it as an object, as pulumi stack export writes it`,
            ],
        );
    });
});
