import * as assert from "assert";
import { mkdirSync, writeFileSync } from "fs";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { DeploymentContext, validateStackConfig } from "../../config/validate";
import { partitionOfRegion, principalArnProblem } from "../../lib/arns";
import { ConfigError, excerpt, formatProblem, MAX_SHOWN_CHARACTERS, quoted } from "../../lib/errors";
import { readStackConfig, StackFileError } from "../../config/stackFiles";

const SEOUL: DeploymentContext = { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] };

function problemsOf(values: Record<string, string>, context = SEOUL): string[] {
    const raw = Object.fromEntries(Object.entries(values).map(([k, v]) => [`vpc-labs:${k}`, v]));
    try {
        validateStackConfig(raw, context);
    } catch (error) {
        assert.ok(ConfigError.isConfigError(error), `expected a ConfigError, got ${error}`);
        return error.problems.map(formatProblem);
    }
    assert.fail("expected the config to be refused");
}

describe("bad config input", () => {
    describe("CIDR spelling", () => {
        it("refuses leading zeros and spaces with the spelling AWS takes", () => {
            assert.deepStrictEqual(
                problemsOf({ endpointsVpcCidr: "010.000.000.000/16", bastionSsmPublicSubnetCidrs: JSON.stringify(["10.1.1.0/24", "10.1.002.0/24"]), bastionSsmOperatorCidr: "203.0.113.07/32" }),
                [
                    'vpc-labs:endpointsVpcCidr: "010.000.000.000/16" is not written as AWS accepts a CIDR block (no leading zeros, no spaces); write it as 10.0.0.0/16',
                    'vpc-labs:bastionSsmPublicSubnetCidrs[1]: "10.1.002.0/24" is not written as AWS accepts a CIDR block (no leading zeros, no spaces); write it as 10.1.2.0/24',
                    'vpc-labs:bastionSsmOperatorCidr: "203.0.113.07/32" has leading zeros, which AWS refuses in a CIDR block; write it as 203.0.113.7/32',
                ],
            );
            assert.deepStrictEqual(problemsOf({ endpointsPublicSubnetCidr: "10.0.0.0/024" }), [
                'vpc-labs:endpointsPublicSubnetCidr: "10.0.0.0/024" is not an IPv4 CIDR block (a.b.c.d/n with no host bits set); write it like 10.0.0.0/24',
            ]);
        });
    });

    describe("principal ARNs", () => {
        it("refuses another partition, whitespace and IAM names with characters IAM refuses", () => {
            const managers = ["arn:aws-cn:iam::123456789012:role/ci", "arn:aws:iam::123456789012:role/ci deploy", "arn:aws:iam::123456789012:role/ci#1", "arn:aws:iam::123456789012:role/path/to/ci"];
            assert.deepStrictEqual(problemsOf({ endpointsBucketManagers: JSON.stringify(managers) }), [
                'vpc-labs:endpointsBucketManagers[0]: "arn:aws-cn:iam::123456789012:role/ci" is in partition aws-cn but the stack deploys to partition aws; a principal of another partition can never be granted access; use an ARN that starts with arn:aws:iam::',
                'vpc-labs:endpointsBucketManagers[1]: "arn:aws:iam::123456789012:role/ci deploy" contains whitespace, which no IAM ARN has; remove the spaces',
                'vpc-labs:endpointsBucketManagers[2]: "arn:aws:iam::123456789012:role/ci#1" is not an IAM principal ARN; write it like arn:aws:iam::123456789012:role/name or arn:aws:iam::123456789012:user/name',
            ]);
        });

        it("takes the partition of the stack's region: aws-cn principals in a China region", () => {
            const beijing: DeploymentContext = { region: "cn-north-1", availableZones: ["cn-north-1a", "cn-north-1b"] };
            const config = validateStackConfig({ "vpc-labs:endpointServiceAllowedPrincipals": JSON.stringify(["arn:aws-cn:iam::123456789012:root"]) }, beijing);
            assert.deepStrictEqual(config.endpointService.allowedPrincipals, ["arn:aws-cn:iam::123456789012:root"]);
            assert.deepStrictEqual(
                ["us-east-1", "cn-northwest-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1"].map(partitionOfRegion),
                ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"],
            );
            assert.strictEqual(principalArnProblem("arn:aws:iam::123456789012:user/a/b/c@x", "aws"), undefined);
            assert.deepStrictEqual(principalArnProblem("arn:aws:iam::12345678901:root", "aws"), { rule: "is not an IAM principal ARN" });
        });
    });

    describe("numbers", () => {
        it("bounds the S3 flow-log retention at 3653 days and takes only plain digits", () => {
            assert.deepStrictEqual(problemsOf({ flowLogDestination: "s3", flowLogRetentionDays: String(2 ** 31) }), [
                "vpc-labs:flowLogRetentionDays: 2147483648 days is more than 3653 (ten years, the longest retention CloudWatch Logs offers); S3 lifecycle days are a 32-bit integer and such a rule never expires anything a lab records; use 1 to 3653 days",
            ]);
            assert.strictEqual(validateStackConfig({ "vpc-labs:flowLogDestination": "s3", "vpc-labs:flowLogRetentionDays": "3653" }, SEOUL).flowLogs.retentionDays, 3653);
            for (const text of ["0x2", "2e0", " 2", "", "2.0", "+2"]) {
                assert.deepStrictEqual(problemsOf({ interfaceEndpointAzCount: text }), [
                    `vpc-labs:interfaceEndpointAzCount: "${text}" is not a whole number; set it to a whole number such as 2`,
                ]);
            }
        });
    });

    describe("long values", () => {
        it("shows at most 80 characters of a value, with an ellipsis and its length", () => {
            const long = "x".repeat(100_000);
            assert.strictEqual(excerpt("short"), "short");
            assert.strictEqual(quoted("short"), '"short"');
            assert.strictEqual(quoted(long), `"${"x".repeat(MAX_SHOWN_CHARACTERS)}…" (100,000 characters)`);
            assert.strictEqual(excerpt({ a: long }).length, MAX_SHOWN_CHARACTERS + " (100,008 characters)".length + 1);
        });

        it("keeps a config error short when the values are huge", () => {
            const long = "y".repeat(1_000_000);
            const problems = problemsOf({ instanceType: long, labs: JSON.stringify([long]), [long]: "1", flowLogFields: JSON.stringify([long]) });
            assert.strictEqual(problems.length, 4);
            for (const line of problems) {
                // The value appears once, cut; the rest is the fixed rule and fix (the list of keys for an unknown key).
                assert.ok(!/y{81}/.test(line) && line.length < 2500, `${line.length} characters: ${line.slice(0, 200)}`);
                assert.match(line, /…"? \(1,000,0\d\d characters\)/);
            }
        });
    });
});

describe("stack files that are not a mapping of settings", () => {
    let project: string;
    before(() => {
        project = mkdtempSync(join(tmpdir(), "vpc-labs-stackfile-"));
        writeFileSync(join(project, "Pulumi.yaml"), "name: vpc-labs\nruntime: nodejs\n");
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    const cases: [string, string | Buffer, RegExp][] = [
        ["a string", "just some text\n", /^Pulumi\.s\.yaml is not a YAML mapping: it holds a string \("just some text"\); write it as "config:" followed by/],
        ["a list", "- vpc-labs:labs\n- endpoints\n", /^Pulumi\.s\.yaml is not a YAML mapping: it holds a list;/],
        ["a number", "42\n", /^Pulumi\.s\.yaml is not a YAML mapping: it holds a number \("42"\)/],
        ["config: 42", "config: 42\n", /^Pulumi\.s\.yaml: config is a number \("42"\), not a mapping of keys to values; write each setting as/],
        ["config: a list", "config:\n  - vpc-labs:labs\n", /^Pulumi\.s\.yaml: config is a list, not a mapping of keys to values/],
        ["settings at the top level", "vpc-labs:labs: [endpoints]\n", /^Pulumi\.s\.yaml: vpc-labs:labs sits at the top level, where Pulumi ignores it; indent it under config:$/],
        ["binary data", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, 0xfe]), /^Pulumi\.s\.yaml is not a text file \(it holds binary data\); write it as UTF-8 YAML$/],
        ["YAML with a repeated key", "config:\n  vpc-labs:labs: [a]\n  vpc-labs:labs: [b]\n", /^Pulumi\.s\.yaml is not valid YAML: Map keys must be unique at line 3, column 3$/],
    ];
    for (const [what, content, message] of cases) {
        it(`refuses ${what} with one message`, () => {
            writeFileSync(join(project, "Pulumi.s.yaml"), content);
            assert.throws(
                () => readStackConfig("s", project),
                (error: unknown) => error instanceof StackFileError && message.test(error.message) && !error.message.includes("\n"),
            );
        });
    }

    it("refuses a stack file that is a directory, and a stack name that is a path", () => {
        mkdirSync(join(project, "Pulumi.d.yaml"));
        assert.throws(() => readStackConfig("d", project), /^StackFileError: Pulumi\.d\.yaml cannot be read: it is a directory, not a file$/);
        assert.throws(() => readStackConfig("../etc/x", project), /"\.\.\/etc\/x" is not a stack name: Pulumi stack names use letters, digits, hyphens, underscores and periods/);
    });

    it("reads an empty stack file as no settings", () => {
        writeFileSync(join(project, "Pulumi.e.yaml"), "");
        assert.deepStrictEqual(readStackConfig("e", project), {});
    });
});
