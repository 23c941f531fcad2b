import * as assert from "assert";
import fc from "fast-check";
import { CONFIG_KEYS, ConfigKeyName } from "../../config/keys";
import { RawConfig } from "../../config/reader";
import { StackConfig } from "../../config/stackConfig";
import { DeploymentContext, validateStackConfig } from "../../config/validate";
import { ConfigError } from "../../lib/errors";
import { CLOUDWATCH_RETENTION_DAYS, FLOW_LOG_FIELDS } from "../../lib/flowLogFields";

/**
 * A seeded fuzz of the stack config validator: random mixes of good values, near misses
 * (leading zeros, host bits, wrong sizes, overlaps, other partitions), wrong types and unknown
 * keys. Every config must be either refused with a ConfigError (no other exception) or
 * accepted, and an accepted config must satisfy AWS's own rules, written out again below
 * independently of the validator's code.
 */

const SEED = 20261203;
const RUNS = 400;
const SEOUL: DeploymentContext = { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"] };

// ---------------------------------------------------------------------------------------------
// AWS's rules, as the API documents them (not the validator's code)

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/** The spelling the EC2 API and the provider (Go's net.ParseCIDR) accept: no leading zeros, no spaces. */
const STRICT_CIDR = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

function range(cidr: string): [number, number, number] {
    assert.match(cidr, STRICT_CIDR, `${cidr} is not a CIDR AWS accepts`);
    const [address, bits] = cidr.split("/");
    const prefix = Number(bits);
    const start = address.split(".").reduce((n, o) => n * 256 + Number(o), 0);
    const size = 2 ** (32 - prefix);
    assert.strictEqual(start % size, 0, `${cidr} has host bits set, which AWS refuses`);
    return [start, start + size - 1, prefix];
}

/** CreateVpc and CreateSubnet: /16 to /28; subnets inside their VPC and apart from each other. */
function assertNetwork(label: string, vpc: string, subnets: readonly string[]): void {
    const [vpcStart, vpcEnd, vpcPrefix] = range(vpc);
    assert.ok(vpcPrefix >= 16 && vpcPrefix <= 28, `${label}: VPC ${vpc} must be /16 to /28`);
    const blocks = subnets.map((s) => range(s));
    blocks.forEach(([start, end, prefix], i) => {
        assert.ok(prefix >= 16 && prefix <= 28, `${label}: subnet ${subnets[i]} must be /16 to /28`);
        assert.ok(start >= vpcStart && end <= vpcEnd, `${label}: subnet ${subnets[i]} must lie inside ${vpc}`);
        blocks.slice(0, i).forEach(([s, e], j) => assert.ok(end < s || e < start, `${label}: ${subnets[i]} overlaps ${subnets[j]}`));
    });
}

const IAM_PRINCIPAL = /^arn:aws:iam::\d{12}:(root|(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;

function assertAwsAccepts(config: StackConfig): void {
    const [zone1, zone2] = config.availabilityZones;
    assert.ok(SEOUL.availableZones.includes(zone1) && SEOUL.availableZones.includes(zone2) && zone1 !== zone2, `zones ${zone1}, ${zone2}`);
    assert.ok(config.labs.length > 0 && new Set(config.labs).size === config.labs.length, "labs");
    assert.ok([1, 2].includes(config.interfaceEndpointAzCount));
    assert.match(config.instanceType, /^[a-z][a-z0-9-]*\.[a-z0-9]+$/);
    const flow = config.flowLogs;
    assert.ok([60, 600].includes(flow.maxAggregationInterval), "CreateFlowLogs MaxAggregationInterval is 60 or 600");
    assert.ok(["ALL", "ACCEPT", "REJECT"].includes(flow.trafficType));
    if (flow.destination === "cloud-watch-logs") {
        assert.ok(CLOUDWATCH_RETENTION_DAYS.includes(flow.retentionDays), `PutRetentionPolicy takes no ${flow.retentionDays}`);
    } else {
        // LifecycleExpiration Days: a positive 32-bit integer.
        assert.ok(Number.isInteger(flow.retentionDays) && flow.retentionDays >= 1 && flow.retentionDays < 2 ** 31, `lifecycle Days ${flow.retentionDays}`);
    }
    assert.ok(flow.fields.every((f) => f in FLOW_LOG_FIELDS) && new Set(flow.fields).size === flow.fields.length, "LogFormat fields");
    const e = config.endpoints;
    assertNetwork("endpoints", e.vpcCidr, [e.publicSubnetCidr, e.privateSubnetCidr]);
    e.bucketManagers.forEach((arn) => assert.match(arn, IAM_PRINCIPAL));
    const s = config.endpointService;
    assert.ok(s.consumerSubnetCidrs.length >= config.interfaceEndpointAzCount, "an endpoint subnet per zone");
    assertNetwork("consumer", s.consumerVpcCidr, s.consumerSubnetCidrs);
    assertNetwork("provider", s.providerVpcCidr, s.providerSubnetCidrs);
    s.allowedPrincipals.forEach((arn) => assert.match(arn, IAM_PRINCIPAL));
    const b = config.bastionSsm;
    assertNetwork("bastion-ssm", b.vpcCidr, [...b.publicSubnetCidrs, ...b.privateSubnetCidrs]);
    if (b.operatorCidr !== undefined) {
        assert.ok(range(b.operatorCidr)[2] > 0, "an operator CIDR narrower than the internet");
    }
    for (const source of Object.values(config.networkSources)) {
        if (source.kind === "existing") {
            assert.match(source.vpcId, /^vpc-[0-9a-f]{8,17}$/);
            source.subnetIds.forEach((id) => assert.match(id, /^subnet-[0-9a-f]{8,17}$/));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generators

const garbage = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", " ", "null", "true", "{}", "[]", "[1]", '{"a":1}', "\u0000", "é", "x".repeat(300)));

/** CIDR texts around the lab ranges: good ones and every kind of near miss. */
const cidr = fc.oneof(
    fc.tuple(fc.constantFrom(10, 172, 192), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 30 })).map(([a, b, c, p]) => {
        const address = ((a << 24) | (b << 16) | (c << 8)) >>> 0;
        const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
        const n = (address & mask) >>> 0;
        return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${p}`;
    }),
    fc.constantFrom(
        "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/16", "10.1.1.0/24", "10.1.2.0/24", "10.1.11.0/24", "10.1.12.0/24", "172.20.0.0/16", "172.20.1.0/24", "172.20.2.0/24",
        "010.000.000.000/16", "10.0.0.1/16", "10.0.0.0/8", "10.0.0.0/29", "10.0.0.0/33", "20.0.0.0/16", "0.0.0.0/0", " 10.0.0.0/16", "10.0.0.0/016", "10.0.0.0", "256.0.0.0/16", "::/0", "fd00::/8", "10.1.1.0/25", "10.1.0.0/24",
    ),
    garbage,
);

const cidrList = fc.oneof(fc.array(cidr, { maxLength: 5 }).map((list) => JSON.stringify(list)), garbage, fc.array(fc.oneof(fc.integer(), fc.boolean()), { maxLength: 3 }).map((l) => JSON.stringify(l)));
const integerText = fc.oneof(fc.integer({ min: -10, max: 4000 }).map(String), fc.constantFrom("1", "2", "60", "600", "3653", "3654", String(2 ** 31), "1e3", "0x10", "7.5", "30 "), garbage);
const booleanText = fc.oneof(fc.constantFrom("true", "false", "TRUE", "yes", "1"), garbage);
const arn = fc.oneof(
    fc.constantFrom("arn:aws:iam::123456789012:role/ci", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/a/b", "arn:aws-cn:iam::123456789012:role/ci", "arn:aws:iam::123456789012:role/c i", "arn:aws:iam::1234:role/x", "*", "arn:aws:iam::123456789012:role/*", "arn:aws:sts::123456789012:assumed-role/x/y"),
    garbage,
);

function valuesFor(key: ConfigKeyName): fc.Arbitrary<string> {
    const spec = CONFIG_KEYS[key];
    if (/Cidrs$/.test(key)) return cidrList;
    if (/Cidr$/.test(key)) return key === "bastionSsmOperatorCidr" ? fc.oneof(fc.constantFrom("", "203.0.113.7/32", "203.0.113.07/32", "198.51.100.0/24", "0.0.0.0/0"), cidr) : cidr;
    if (/Principals$|Managers$/.test(key)) return fc.oneof(fc.array(arn, { maxLength: 3 }).map((l) => JSON.stringify(l)), garbage);
    switch (key) {
        case "labs":
            return fc.oneof(fc.subarray(["endpoints", "endpoint-service", "bastion-ssm", "nat", "endpoints"]).map((l) => JSON.stringify(l)), garbage);
        case "availabilityZones":
            return fc.oneof(fc.array(fc.constantFrom("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2e", "us-east-1a", "ap-northeast-2A"), { maxLength: 3 }).map((l) => JSON.stringify(l)), garbage);
        case "flowLogDestination":
            return fc.oneof(fc.constantFrom("s3", "cloud-watch-logs", "kinesis-data-firehose", "S3"), garbage);
        case "flowLogTrafficType":
            return fc.oneof(fc.constantFrom("ALL", "ACCEPT", "REJECT", "all"), garbage);
        case "flowLogFields":
            return fc.oneof(fc.subarray(["srcaddr", "dstaddr", "traffic-path", "flow-direction", "srcaddr", "src-address", "version"]).map((l) => JSON.stringify(l)), garbage);
        case "instanceType":
            return fc.oneof(fc.constantFrom("t3.micro", "t4g.nano", "T3.micro", "t3", ".micro"), garbage);
        case "bastionSsmNatGateways":
            return fc.oneof(fc.constantFrom("none", "single", "per-az", "dual"), garbage);
        default:
    }
    if (/NetworkSource$/.test(key)) return fc.oneof(fc.constantFrom("native", "awsx", "existing", "import"), garbage);
    if (/ExistingVpcId$/.test(key)) return fc.oneof(fc.constantFrom("", "vpc-0123456789abcdef0", "vpc-123", "subnet-0123456789abcdef0"), garbage);
    if (/ExistingSubnetIds$/.test(key)) return fc.oneof(fc.array(fc.constantFrom("subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-xyz"), { maxLength: 4 }).map((l) => JSON.stringify(l)), garbage);
    switch (spec.type) {
        case "integer":
            return integerText;
        case "boolean":
            return booleanText;
        case "array":
            return fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }).map((l) => JSON.stringify(l)), garbage);
        default:
            return garbage;
    }
}

const KEYS = Object.keys(CONFIG_KEYS) as ConfigKeyName[];

/** A raw config: a few keys set to fuzzed values, sometimes an unknown key or a key of another namespace. */
const rawConfig: fc.Arbitrary<RawConfig> = fc
    .tuple(
        fc.subarray(KEYS, { maxLength: 8 }).chain((keys) => fc.tuple(...keys.map((key) => valuesFor(key).map((value) => [`vpc-labs:${key}`, value] as const)))),
        fc.option(fc.constantFrom("vpc-labs:lab", "vpc-labs:flowLogRetention", "vpc-labs:", "aws:region"), { freq: 4 }),
    )
    .map(([entries, extra]) => ({ ...Object.fromEntries(entries), ...(extra ? { [extra]: "x" } : {}) }));

describe("stack config fuzz (seeded)", () => {
    it(`refuses with a ConfigError or accepts only what AWS accepts, over ${RUNS} random configs`, () => {
        let accepted = 0;
        let refused = 0;
        fc.assert(
            fc.property(rawConfig, (raw) => {
                let config: StackConfig;
                try {
                    config = validateStackConfig(raw, SEOUL);
                } catch (error) {
                    assert.ok(ConfigError.isConfigError(error), `not a ConfigError: ${(error as Error)?.stack ?? error}`);
                    assert.ok(error.problems.length > 0 && error.problems.every((p) => p.key.length > 0 && p.rule.length > 0 && p.fix.length > 0), "every problem names a key, a rule and a fix");
                    refused++;
                    return;
                }
                assertAwsAccepts(config);
                accepted++;
            }),
            { seed: SEED, numRuns: RUNS },
        );
        // The generators must reach both outcomes, or the property proves nothing.
        assert.ok(accepted > 20 && refused > 100, `accepted ${accepted}, refused ${refused}`);
    });

    it("refuses every config an unknown key, a near-miss CIDR or a wrong type is added to", () => {
        const nearMisses: Record<string, string>[] = [
            { "vpc-labs:endpointsVpcCidr": "010.000.000.000/16" },
            { "vpc-labs:endpointsPublicSubnetCidr": "10.0.0.1/24" },
            { "vpc-labs:bastionSsmVpcCidr": "10.1.0.0/29" },
            { "vpc-labs:endpointServiceConsumerSubnetCidrs": JSON.stringify(["10.0.0.0/24", "10.0.0.128/25"]) },
            { "vpc-labs:flowLogMaxAggregationInterval": "300" },
            { "vpc-labs:flowLogRetentionDays": "2" },
            { "vpc-labs:flowLogDestination": "s3", "vpc-labs:flowLogRetentionDays": "0" },
            { "vpc-labs:availabilityZones": JSON.stringify(["ap-northeast-2a", "ap-northeast-2a"]) },
            { "vpc-labs:availabilityZones": JSON.stringify(["ap-northeast-2e", "ap-northeast-2a"]) },
            { "vpc-labs:interfaceEndpointAzCount": "2", "vpc-labs:endpointServiceConsumerSubnetCidrs": JSON.stringify(["10.0.0.0/24"]) },
            { "vpc-labs:labs": "endpoints" },
            { "vpc-labs:keepDataOnDelete": "yes" },
            { "vpc-labs:flowLogsDestination": "s3" },
        ];
        for (const raw of nearMisses) {
            assert.throws(() => validateStackConfig(raw, SEOUL), (error: unknown) => ConfigError.isConfigError(error), JSON.stringify(raw));
        }
    });
});
