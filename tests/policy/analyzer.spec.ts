import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { analyze, evaluatePolicy, recordsFromEngine } from "../../policy/analyzer";
import { PolicyConfigError } from "../../policy/packConfig";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "../../policy/policies";
import { defaultSecurityGroupClosed } from "../../policy/rules/securityGroups";
import { vpcCidrPrivate } from "../../policy/rules/vpcs";
import { RecordedResource } from "../../lib/records";
import { analyzeWithPolicyServer } from "../fixtures/policy/policyServer";
import { component, record, UNKNOWN_VALUE } from "../fixtures/policy/records";

const publicVpc = record(aws.ec2.Vpc, "CustomVPC", { cidrBlock: "20.0.0.0/16" }, { id: "vpc-1" });
const twoPolicies = { policies: [vpcCidrPrivate, defaultSecurityGroupClosed] };

async function levels(config?: Parameters<typeof analyze>[1]): Promise<string[]> {
    return (await analyze([publicVpc], config, twoPolicies)).violations.map((v) => `${v.policyName}=${v.enforcementLevel}`);
}

/** A policy that reads a property without guarding against unknown values, as most policies do. */
const unguarded: ResourceValidationPolicy = {
    name: "unguarded-probe",
    description: "Checks that the probe can read cidrBlock.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(aws.ec2.Vpc, (vpc, _args, reportViolation) => {
        if (vpc.cidrBlock === "20.0.0.0/16") {
            reportViolation("public");
        }
    }),
};

describe("the in-process analyzer", () => {
    it("reports each policy at its declared level, with a summary", async () => {
        const report = await analyze([publicVpc], undefined, twoPolicies);
        assert.deepStrictEqual(await levels(), ["vpc-cidr-private=mandatory", "default-security-group-closed=advisory"]);
        assert.deepStrictEqual(report.summary, { mandatory: 1, advisory: 1 });
    });

    it("applies config levels as the CLI does: `all` first, then each policy's entry; disabled does not run; remediate reports as mandatory", async () => {
        assert.deepStrictEqual(await levels({ "vpc-cidr-private": "advisory" }), ["vpc-cidr-private=advisory", "default-security-group-closed=advisory"]);
        assert.deepStrictEqual(await levels({ all: "mandatory" }), ["vpc-cidr-private=mandatory", "default-security-group-closed=mandatory"]);
        assert.deepStrictEqual(await levels({ all: "advisory", "default-security-group-closed": { enforcementLevel: "mandatory" } }), [
            "vpc-cidr-private=advisory",
            "default-security-group-closed=mandatory",
        ]);
        assert.deepStrictEqual(await levels({ "vpc-cidr-private": "disabled", "default-security-group-closed": "remediate" }), ["default-security-group-closed=mandatory"]);
    });

    it("refuses a config that breaks a policy's schema, listing every problem, as the CLI refuses to start", async () => {
        const config = {
            "interface-endpoint-availability-zones": { minAvailabilityZones: 0 },
            "flow-log-aggregation-interval": { maxAggregationIntervalSeconds: 120 },
            "flow-log-traffic-type": { allowedTrafficTypes: ["ALL", "ALL", "SOME"] },
        };
        await assert.rejects(analyze([publicVpc], config), (error: unknown) => {
            assert.ok(error instanceof PolicyConfigError);
            assert.deepStrictEqual(error.problems, [
                "interface-endpoint-availability-zones.minAvailabilityZones: must be at least 1, got 0",
                "flow-log-traffic-type.allowedTrafficTypes: items must be unique",
                'flow-log-traffic-type.allowedTrafficTypes[2]: must be one of "ALL", "ACCEPT", "REJECT", got "SOME"',
                "flow-log-aggregation-interval.maxAggregationIntervalSeconds: must be one of 60, 600, got 120",
            ]);
            return true;
        });
        const malformed = JSON.parse('{"vpc-cidr-private": 5}') as Parameters<typeof analyze>[1];
        await assert.rejects(analyze([publicVpc], malformed), { name: "PolicyConfigError", problems: ["vpc-cidr-private: 5 is not a valid value; must be a string or object"] });
    });

    it("turns a policy that reads an unknown value into an advisory \"can't run during preview\", as the server does", async () => {
        const preview = record(aws.ec2.Vpc, "vpc", { cidrBlock: UNKNOWN_VALUE });
        const violations = await evaluatePolicy(unguarded, [preview, publicVpc]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                ["advisory", preview.urn, `can't run policy 'unguarded-probe' from policy pack '${PACK_NAME}@v0.1.0' during preview: string value at .cidrBlock can't be known during preview`],
                ["mandatory", publicVpc.urn, "public"],
            ],
        );
        const fromServer = await analyzeWithPolicyServer([preview, publicVpc], [unguarded], { name: PACK_NAME, version: "0.1.0", enforcementLevel: PACK_ENFORCEMENT_LEVEL });
        assert.deepStrictEqual(
            fromServer.map((d) => [d.enforcementLevel, d.urn, d.message]),
            violations.map((v) => [v.enforcementLevel, v.urn, v.enforcementLevel === "mandatory" ? `${v.description}\n${v.message}` : v.message]),
        );
    });

    it("hands resource policies the inputs and stack policies the outputs, linked by parent and dependencies as the server links them", async () => {
        const lab = component("test:index:Lab", "lab");
        const vpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16", arn: "arn:aws:ec2:ap-northeast-2:123456789012:vpc/vpc-1" }, { id: "vpc-1", parent: lab, inputs: { cidrBlock: "10.0.0.0/16" } });
        const subnet = record(aws.ec2.Subnet, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" }, { id: "subnet-1", parent: lab, deps: { vpcId: [vpc] } });
        const seen: { resource: ResourceValidationArgs[]; stack: PolicyResource[][] } = { resource: [], stack: [] };
        const resourceProbe: ResourceValidationPolicy = {
            name: "resource-probe",
            description: "Checks nothing.",
            validateResource: validateResourceOfType(aws.ec2.Vpc, (_vpc, args) => {
                seen.resource.push(args);
            }),
        };
        const stackProbe: StackValidationPolicy = {
            name: "stack-probe",
            description: "Checks nothing.",
            configSchema: { properties: { limit: { type: "integer", default: 2 }, label: { type: "string", default: "x" } } },
            validateStack: (args) => {
                seen.stack.push(args.resources);
                assert.deepStrictEqual(args.getConfig(), { limit: 2, label: "y" });
            },
        };
        await analyze([lab, vpc, subnet], { "stack-probe": { label: "y" } }, { policies: [resourceProbe, stackProbe] });

        assert.strictEqual(seen.resource.length, 1, "the typed validation runs only on the VPC");
        const args = seen.resource[0];
        assert.deepStrictEqual({ ...args.props }, { cidrBlock: "10.0.0.0/16" });
        assert.deepStrictEqual([args.type, args.name, args.urn, args.opts.parent], [vpc.type, "vpc", vpc.urn, lab.urn]);
        assert.ok(args.isType(aws.ec2.Vpc) && !args.isType(aws.ec2.Subnet));
        assert.strictEqual(args.asType(aws.ec2.Subnet), undefined);

        const [, stackVpc, stackSubnet] = seen.stack[0];
        assert.strictEqual(stackVpc.props.id, "vpc-1", "the cloud ID is among the outputs");
        assert.strictEqual(stackVpc.props.arn, vpc.props.arn);
        assert.strictEqual(stackSubnet.parent?.urn, lab.urn);
        assert.strictEqual(stackSubnet.dependencies[0], stackVpc);
        assert.strictEqual(stackSubnet.propertyDependencies.vpcId[0], stackVpc);
        assert.ok(stackSubnet.isType(aws.ec2.Subnet) && stackSubnet.asType(aws.ec2.Vpc) === undefined);
    });

    it("reveals secrets, and treats a stack export's encrypted secrets as unknown", async () => {
        const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
        const encrypted = { [specialSigKey]: specialSecretSig, ciphertext: "AAABAC..." };
        const revealed = record(aws.ec2.Vpc, "revealed", { cidrBlock: secret("20.0.0.0/16") });
        const sealed = record(aws.ec2.Vpc, "sealed", { cidrBlock: encrypted });
        assert.deepStrictEqual(
            (await evaluatePolicy(unguarded, [revealed, sealed])).map((v) => [v.policyName, v.enforcementLevel, v.urn]),
            [
                ["unguarded-probe", "mandatory", revealed.urn],
                ["unguarded-probe", "advisory", sealed.urn],
            ],
        );
    });

    it("names the policy and resource when a policy fails unexpectedly", async () => {
        const broken: ResourceValidationPolicy = {
            name: "broken",
            description: "Checks that errors surface.",
            validateResource: () => {
                throw new TypeError("boom");
            },
        };
        await assert.rejects(evaluatePolicy(broken, [publicVpc]), {
            message: `Error validating resource ${publicVpc.urn} with policy 'broken' from policy pack '${PACK_NAME}@v0.1.0': TypeError: boom`,
        });
    });

    it("reads engine records as a stack export has them: outputs as props, inputs, the ID for custom resources only", () => {
        const recorded: RecordedResource[] = [
            {
                urn: "urn:pulumi:test::vpc-labs::test:index:Lab::lab",
                type: "test:index:Lab",
                name: "lab",
                custom: false,
                id: "",
                inputs: {},
                outputs: { vpcId: "vpc-1" },
                dependencies: [],
                propertyDependencies: {},
                protect: false,
                retainOnDelete: false,
                deleteBeforeReplace: false,
            },
            {
                urn: "urn:pulumi:test::vpc-labs::test:index:Lab$aws:ec2/vpc:Vpc::vpc",
                type: "aws:ec2/vpc:Vpc",
                name: "vpc",
                custom: true,
                id: "vpc-1",
                inputs: { cidrBlock: "10.0.0.0/16" },
                outputs: { cidrBlock: "10.0.0.0/16", arn: "arn:vpc" },
                parent: "urn:pulumi:test::vpc-labs::test:index:Lab::lab",
                dependencies: [],
                propertyDependencies: { cidrBlock: [] },
                provider: "urn:pulumi:test::vpc-labs::pulumi:providers:aws::default::id-1",
                protect: true,
                retainOnDelete: false,
                deleteBeforeReplace: false,
            },
        ];
        assert.deepStrictEqual(recordsFromEngine(recorded), [
            { urn: recorded[0].urn, type: "test:index:Lab", name: "lab", props: { vpcId: "vpc-1" }, inputs: {}, id: undefined, parent: undefined, dependencies: [], propertyDependencies: {}, provider: undefined, protect: false },
            {
                urn: recorded[1].urn,
                type: "aws:ec2/vpc:Vpc",
                name: "vpc",
                props: { cidrBlock: "10.0.0.0/16", arn: "arn:vpc" },
                inputs: { cidrBlock: "10.0.0.0/16" },
                id: "vpc-1",
                parent: recorded[0].urn,
                dependencies: [],
                propertyDependencies: { cidrBlock: [] },
                provider: recorded[1].provider,
                protect: true,
            },
        ]);
    });
});
