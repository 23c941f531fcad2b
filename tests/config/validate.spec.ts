import * as assert from "assert";
import fc from "fast-check";
import { RawConfig } from "../../config/reader";
import { DeploymentContext, validateStackConfig } from "../../config/validate";
import { ConfigError, formatProblem } from "../../lib/errors";
import { readStackConfig } from "../../config/stackFiles";

const SEOUL: DeploymentContext = {
    region: "ap-northeast-2",
    availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"],
};

/** Raw config as Pulumi passes it: qualified keys, arrays as JSON text. */
function raw(values: Record<string, unknown>): RawConfig {
    return Object.fromEntries(
        Object.entries(values).map(([key, value]) => [key.includes(":") ? key : `vpc-labs:${key}`, typeof value === "string" ? value : JSON.stringify(value)]),
    );
}

/** The problem lines of the ConfigError a config raises; fails the test when it raises none. */
function problemsOf(values: Record<string, unknown>, context = SEOUL): string[] {
    try {
        validateStackConfig(raw(values), context);
    } catch (error) {
        assert.ok(ConfigError.isConfigError(error), `expected a ConfigError, got ${error}`);
        return error.problems.map(formatProblem);
    }
    assert.fail("expected the config to be refused");
}

describe("stack config validation", () => {
    it("fills every key from its default and picks the region's first two zones", () => {
        const config = validateStackConfig({}, SEOUL);
        assert.deepStrictEqual(config.labs, ["endpoints", "endpoint-service", "bastion-ssm"]);
        assert.deepStrictEqual(config.availabilityZones, ["ap-northeast-2a", "ap-northeast-2b"]);
        assert.strictEqual(config.interfaceEndpointAzCount, 2);
        assert.deepStrictEqual(config.flowLogs, {
            destination: "cloud-watch-logs",
            trafficType: "ALL",
            maxAggregationInterval: 600,
            retentionDays: 30,
            fields: [],
            kmsKey: false,
            subnets: false,
        });
        assert.deepStrictEqual(config.bastionSsm, {
            vpcCidr: "10.1.0.0/16",
            publicSubnetCidrs: ["10.1.1.0/24", "10.1.2.0/24"],
            privateSubnetCidrs: ["10.1.11.0/24", "10.1.12.0/24"],
            natGateways: "single",
            operatorCidr: undefined,
            naclExercise: false,
        });
        assert.strictEqual(config.endpointService.providerVpcCidr, "172.20.0.0/16");
    });

    it("reads the committed lab stack as the classroom layout", () => {
        const config = validateStackConfig(readStackConfig("lab"), SEOUL);
        assert.deepStrictEqual(config.availabilityZones, ["ap-northeast-2a", "ap-northeast-2c"]);
        assert.strictEqual(config.flowLogs.maxAggregationInterval, 60);
        assert.ok(config.flowLogs.fields.includes("traffic-path") && config.flowLogs.fields.includes("flow-direction"));
        assert.deepStrictEqual(config.endpoints.gatewayServices, ["s3", "dynamodb"]);
        assert.strictEqual(config.bastionSsm.natGateways, "single");
    });

    it("reads the committed dev stack as the cheap sandbox", () => {
        const config = validateStackConfig(readStackConfig("dev"), SEOUL);
        assert.strictEqual(config.interfaceEndpointAzCount, 1);
        assert.strictEqual(config.bastionSsm.natGateways, "none");
        assert.strictEqual(config.flowLogs.retentionDays, 3);
        assert.strictEqual(config.instanceType, "t4g.nano");
        assert.deepStrictEqual(config.endpointService.consumerSubnetCidrs, ["10.0.0.0/24"]);
    });

    it("names unknown labs and lists the valid ones", () => {
        assert.deepStrictEqual(problemsOf({ labs: ["endpoints", "nat-lab"] }), [
            'vpc-labs:labs[1]: "nat-lab" is not one of endpoints, endpoint-service, bastion-ssm; use only endpoints, endpoint-service, bastion-ssm',
        ]);
        assert.deepStrictEqual(problemsOf({ labs: [] }), ["vpc-labs:labs: lists no lab; list at least one of endpoints, endpoint-service, bastion-ssm"]);
    });

    it("refuses keys the project does not declare, naming the closest keys rather than all of them", () => {
        assert.deepStrictEqual(problemsOf({ bastionSsmOperatorCIDR: "203.0.113.7/32" }), [
            "vpc-labs:bastionSsmOperatorCIDR: is not a config key of this project; rename it to bastionSsmOperatorCidr, or remove it",
        ]);
        assert.deepStrictEqual(problemsOf({ flowLogRetention: "7", lab: JSON.stringify(["endpoints"]) }), [
            "vpc-labs:flowLogRetention: is not a config key of this project; remove it, or rename it to one of the keys listed in docs/configuration.md",
            "vpc-labs:lab: is not a config key of this project; rename it to labs, or remove it",
        ]);
    });

    it("refuses malformed CIDRs with an example of the right form", () => {
        assert.deepStrictEqual(problemsOf({ endpointsPublicSubnetCidr: "10.0.0.1/24" }), [
            'vpc-labs:endpointsPublicSubnetCidr: "10.0.0.1/24" is not an IPv4 CIDR block (a.b.c.d/n with no host bits set); write it like 10.0.0.0/24',
        ]);
    });

    it("refuses a publicly routable VPC range like the original 20.0.0.0/16", () => {
        assert.deepStrictEqual(problemsOf({ endpointServiceProviderVpcCidr: "20.0.0.0/16", endpointServiceProviderSubnetCidrs: ["20.0.1.0/24", "20.0.2.0/24"] }), [
            "vpc-labs:endpointServiceProviderVpcCidr: 20.0.0.0/16 is not a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10); a publicly routable VPC range shadows real internet addresses; choose a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10",
        ]);
    });

    it("refuses subnets outside their VPC and subnets that overlap", () => {
        assert.deepStrictEqual(problemsOf({ bastionSsmPrivateSubnetCidrs: ["10.2.11.0/24", "10.1.1.0/25"] }), [
            "vpc-labs:bastionSsmPrivateSubnetCidrs[0]: 10.2.11.0/24 is outside its VPC 10.1.0.0/16; choose a block inside 10.1.0.0/16",
            "vpc-labs:bastionSsmPrivateSubnetCidrs[1]: 10.1.1.0/25 overlaps vpc-labs:bastionSsmPublicSubnetCidrs[0] (10.1.1.0/24); give every subnet its own block",
        ]);
    });

    it("refuses VPC and subnet sizes AWS does not accept", () => {
        assert.deepStrictEqual(problemsOf({ endpointsVpcCidr: "10.0.0.0/8", endpointsPublicSubnetCidr: "10.0.0.0/29" }), [
            "vpc-labs:endpointsVpcCidr: /8 is not a size AWS accepts for a VPC (/16 to /28); use a prefix between /16 and /28",
            "vpc-labs:endpointsPublicSubnetCidr: /29 is not a size AWS accepts for a subnet (/16 to /28); use a prefix between /16 and /28",
        ]);
    });

    it("refuses zones that are not in the region, repeated zones and the wrong count", () => {
        assert.deepStrictEqual(problemsOf({ availabilityZones: ["us-east-1a", "ap-northeast-2a"] }), [
            'vpc-labs:availabilityZones[0]: "us-east-1a" is not an available zone of region ap-northeast-2; use one of ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d',
        ]);
        assert.deepStrictEqual(problemsOf({ availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] }), [
            "vpc-labs:availabilityZones[1]: repeats ap-northeast-2a; the labs need two different zones; use two of ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d",
        ]);
        assert.deepStrictEqual(problemsOf({ availabilityZones: ["ap-northeast-2a"] }), [
            "vpc-labs:availabilityZones: lists 1 zone; the labs use exactly two; list two of ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d",
        ]);
    });

    it("refuses an operator CIDR of /0 in either family and explains the alternative", () => {
        for (const cidr of ["0.0.0.0/0", "::/0"]) {
            assert.deepStrictEqual(problemsOf({ bastionSsmOperatorCidr: cidr }), [
                `vpc-labs:bastionSsmOperatorCidr: "${cidr}" would open SSH on the bastion to the whole internet; set your own address as a /32 (e.g. 203.0.113.7/32), or leave it empty to use Session Manager only`,
            ]);
        }
        assert.strictEqual(validateStackConfig(raw({ bastionSsmOperatorCidr: "203.0.113.7/32" }), SEOUL).bastionSsm.operatorCidr, "203.0.113.7/32");
    });

    it("refuses impossible combinations", () => {
        assert.deepStrictEqual(problemsOf({ endpointServiceConsumerSubnetCidrs: ["10.0.0.0/24"] }), [
            "vpc-labs:endpointServiceConsumerSubnetCidrs: lists 1 subnet but interfaceEndpointAzCount is 2; the consumer endpoint needs a subnet in each zone; add a second subnet, or set interfaceEndpointAzCount: 1",
        ]);
        assert.deepStrictEqual(problemsOf({ endpointsGatewayServices: ["dynamodb"] }), [
            'vpc-labs:endpointsGatewayServices: does not list s3; the lab\'s bucket is locked to the S3 gateway endpoint; add "s3"',
        ]);
        assert.deepStrictEqual(problemsOf({ endpointsGatewayRouteTables: [] }), [
            'vpc-labs:endpointsGatewayRouteTables: lists no route table; a gateway endpoint reaches nothing without a route; list "public", "private" or both',
        ]);
    });

    it("refuses a wildcard or malformed endpoint service principal", () => {
        assert.deepStrictEqual(problemsOf({ endpointServiceAllowedPrincipals: ["*", "123456789012"] }), [
            "vpc-labs:endpointServiceAllowedPrincipals[0]: * lets every AWS account connect to the endpoint service; list account or role ARNs, or leave the list empty for the deploying account",
            'vpc-labs:endpointServiceAllowedPrincipals[1]: "123456789012" is not an IAM principal ARN; write it like arn:aws:iam::123456789012:root or arn:aws:iam::123456789012:role/name',
        ]);
    });

    it("refuses flow log settings AWS would reject", () => {
        assert.deepStrictEqual(problemsOf({ flowLogMaxAggregationInterval: "120", flowLogRetentionDays: "10", flowLogFields: ["srcaddr", "src-addr", "srcaddr"], flowLogTrafficType: "SOME" }), [
            "vpc-labs:flowLogTrafficType: \"SOME\" is not one of ALL, ACCEPT, REJECT; set it to one of ALL, ACCEPT, REJECT",
            "vpc-labs:flowLogMaxAggregationInterval: 120 is not one of 60, 600; set it to one of 60, 600",
            "vpc-labs:flowLogRetentionDays: 10 is not a retention CloudWatch Logs accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
            'vpc-labs:flowLogFields[1]: "src-addr" is not a documented flow log field; use names from https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html (e.g. srcaddr, traffic-path)',
            'vpc-labs:flowLogFields[2]: "srcaddr" is listed twice; list each field once',
        ]);
        // S3 objects can expire after any number of days.
        assert.strictEqual(validateStackConfig(raw({ flowLogDestination: "s3", flowLogRetentionDays: "10" }), SEOUL).flowLogs.retentionDays, 10);
    });

    it("refuses values of the wrong type", () => {
        assert.deepStrictEqual(problemsOf({ interfaceEndpointAzCount: "two", keepDataOnDelete: "yes", labs: "endpoints" }), [
            'vpc-labs:labs: is not a list of strings; write it as a YAML list, e.g. labs: ["endpoints", "endpoint-service", "bastion-ssm"]',
            'vpc-labs:interfaceEndpointAzCount: "two" is not a whole number; set it to a whole number such as 2',
            'vpc-labs:keepDataOnDelete: "yes" is not a boolean; set it to true or false',
        ]);
    });

    it("lists every problem of a config in one error", () => {
        const error = (() => {
            try {
                validateStackConfig(raw({ labs: ["x"], bastionSsmOperatorCidr: "0.0.0.0/0", endpointsVpcCidr: "20.0.0.0/16" }), SEOUL);
            } catch (e) {
                return e as ConfigError;
            }
        })();
        assert.ok(error);
        assert.ok(error.message.startsWith("Stack config (project vpc-labs) has 5 problems:\n  - vpc-labs:labs[0]:"), error.message);
        assert.strictEqual(error.problems.length, 5);
    });

    it("accepts any pair of disjoint subnets inside the VPC and refuses any overlapping pair", () => {
        // Two /24..28 subnets anywhere in 10.1.0.0/16: valid exactly when they do not overlap.
        const subnet = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 24, max: 28 })).map(([third, fourth, prefix]) => {
            const size = 2 ** (32 - prefix);
            const offset = Math.floor((fourth * 16) / size) * size;
            return { text: `10.1.${third}.${offset}/${prefix}`, start: third * 256 + offset, end: third * 256 + offset + size - 1 };
        });
        fc.assert(
            fc.property(subnet, subnet, (a, b) => {
                const values = { bastionSsmPublicSubnetCidrs: [a.text, b.text], bastionSsmPrivateSubnetCidrs: ["10.1.254.0/28", "10.1.254.16/28"] };
                const overlapsEachOther = a.start <= b.end && b.start <= a.end;
                const hitsPrivate = [a, b].some((s) => s.start <= 254 * 256 + 31 && 254 * 256 <= s.end);
                let accepted = true;
                try {
                    validateStackConfig(raw(values), SEOUL);
                } catch {
                    accepted = false;
                }
                assert.strictEqual(accepted, !overlapsEachOther && !hitsPrivate, JSON.stringify(values));
            }),
            { numRuns: 200 },
        );
    });
});
