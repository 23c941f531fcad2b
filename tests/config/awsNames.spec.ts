import * as assert from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AWS_REGIONS, EC2_INSTANCE_TYPES } from "../../config/awsNames";
import { interfaceServiceProblems } from "../../config/interfaceServiceLookup";
import { DeploymentContext, validateStackConfig } from "../../config/validate";
import { CONFIG_KEYS, ConfigKeyName } from "../../config/keys";
import { stackFileTypeProblems, valueTypeProblems } from "../../config/valueTypes";
import { ConfigError, formatProblem } from "../../lib/errors";
import { offlineGaps } from "../../offline/offlineGaps";
import { readStackConfig } from "../../config/stackFiles";
import { offlineStackConfig } from "../../offline/validatedStack";

const SEOUL: DeploymentContext = { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] };

function problemsOf(values: Record<string, string>, context = SEOUL): string[] {
    const raw = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.includes(":") ? k : `vpc-labs:${k}`, v]));
    try {
        validateStackConfig(raw, context);
    } catch (error) {
        assert.ok(ConfigError.isConfigError(error), `expected a ConfigError, got ${error}`);
        return error.problems.map(formatProblem);
    }
    assert.fail("expected the config to be refused");
}

/** The problems of a stack file with these lines under `config:`, read as an offline run reads it. */
function stackFileProblems(project: string, lines: string): string[] {
    writeFileSync(join(project, "Pulumi.t.yaml"), `config:\n${lines}`);
    try {
        offlineStackConfig("t", project);
    } catch (error) {
        assert.ok(ConfigError.isConfigError(error), `expected a ConfigError, got ${error}`);
        return error.problems.map(formatProblem);
    }
    assert.fail("expected the stack file to be refused");
}

describe("config values of the wrong type, as a stack file writes them", () => {
    let project: string;
    before(() => {
        project = mkdtempSync(join(tmpdir(), "vpc-labs-types-"));
        writeFileSync(join(project, "Pulumi.yaml"), "name: vpc-labs\nruntime: nodejs\n");
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    it("refuses a student or class that is a number, null or a boolean, which would read as the text 7, null or true", () => {
        assert.deepStrictEqual(stackFileProblems(project, "  vpc-labs:student: 7\n  vpc-labs:classroom: null\n  vpc-labs:expiresAt: true\n"), [
            'vpc-labs:student: 7 is a number, not a string; quote it if you mean the text: student: "7"',
            'vpc-labs:classroom: null is null, not a string; write it as text, e.g. classroom: "value"',
            'vpc-labs:expiresAt: true is a boolean, not a string; quote it if you mean the text: expiresAt: "true"',
        ]);
    });

    it("refuses a list written as a string, a number written as a boolean and a list of numbers, once each", () => {
        assert.deepStrictEqual(stackFileProblems(project, "  vpc-labs:labs: endpoints\n  interfaceEndpointAzCount: true\n  vpc-labs:flowLogFields: [1, 2]\n  vpc-labs:keepDataOnDelete: 1\n"), [
            'vpc-labs:labs: "endpoints" is a string, not a list of strings; write it as a YAML list of strings, e.g. labs: ["a", "b"]',
            "vpc-labs:interfaceEndpointAzCount: true is a boolean, not a whole number; write it as digits, e.g. interfaceEndpointAzCount: 2",
            'vpc-labs:flowLogFields: [1,2] is a list, not a list of strings; write it as a YAML list of strings, e.g. flowLogFields: ["a", "b"]',
            "vpc-labs:keepDataOnDelete: 1 is a number, not true or false; write keepDataOnDelete: true or keepDataOnDelete: false",
        ]);
    });

    it("takes quoted numbers and booleans, as pulumi config set writes them", () => {
        writeFileSync(join(project, "Pulumi.q.yaml"), 'config:\n  vpc-labs:interfaceEndpointAzCount: "1"\n  vpc-labs:keepDataOnDelete: "false"\n  vpc-labs:student: "7"\n');
        assert.deepStrictEqual(readStackConfig("q", project), { "vpc-labs:interfaceEndpointAzCount": "1", "vpc-labs:keepDataOnDelete": "false", "vpc-labs:student": "7" });
        assert.deepStrictEqual(stackFileTypeProblems("q", project), []);
    });

    it("checks the stack file of a real run in the project folder, and has nothing to say without one", () => {
        writeFileSync(join(project, "Pulumi.real.yaml"), "config:\n  vpc-labs:classroom: 2026\n  aws:region: [ap-northeast-2]\n");
        assert.deepStrictEqual(stackFileTypeProblems("real", project).map(formatProblem), [
            'vpc-labs:classroom: 2026 is a number, not a string; quote it if you mean the text: classroom: "2026"',
            'aws:region: ["ap-northeast-2"] is a list, not a string; write it as text, e.g. aws:region: "value"',
        ]);
        assert.deepStrictEqual(stackFileTypeProblems("absent", project), []);
    });

    it("checks every declared key: one problem for a value of another type, none for its default", () => {
        const wrong = { string: 7, integer: true, boolean: 1, array: "a" } as const;
        for (const key of Object.keys(CONFIG_KEYS) as ConfigKeyName[]) {
            const spec = CONFIG_KEYS[key];
            assert.deepStrictEqual(valueTypeProblems({ [key]: wrong[spec.type] }).map((p) => p.key), [`vpc-labs:${key}`], key);
            assert.deepStrictEqual(valueTypeProblems({ [`vpc-labs:${key}`]: spec.default }), [], key);
        }
        assert.deepStrictEqual(valueTypeProblems({ "vpc-labs:noSuchKey": 7, "aws:profile": 7 }), [], "unknown keys are the validator's, other namespaces the CLI's");
    });

    it("refuses aws:region given as a list with one message, never a zone name built from the list", () => {
        const problems = stackFileProblems(project, "  aws:region: [ap-northeast-2]\n");
        assert.deepStrictEqual(problems, ['aws:region: ["ap-northeast-2"] is a list, not a string; write it as text, e.g. aws:region: "value"']);
    });

    it("refuses an empty aws:region instead of planning zones named a and b", () => {
        assert.deepStrictEqual(stackFileProblems(project, '  aws:region: ""\n'), ["aws:region: is empty; set it to the Region to deploy into: pulumi config set aws:region ap-northeast-2"]);
    });
});

describe("Regions, instance types and interface services, from the provider's lists", () => {
    it("takes the provider's 46 Regions and 1,405 instance types", () => {
        assert.strictEqual(AWS_REGIONS.length, 46);
        assert.ok(AWS_REGIONS.includes("ap-northeast-2") && AWS_REGIONS.includes("eusc-de-east-1"));
        assert.strictEqual(EC2_INSTANCE_TYPES.length, 1405);
    });

    it("refuses a Region that does not exist, naming the closest ones, and checks no zones for it", () => {
        assert.deepStrictEqual(problemsOf({ availabilityZones: JSON.stringify(["x", "y"]) }, { region: "ap-northeast-22", availableZones: [] }), [
            'aws:region: "ap-northeast-22" is not an AWS Region; did you mean ap-northeast-2, ap-northeast-1 or ap-northeast-3?',
        ]);
        assert.deepStrictEqual(problemsOf({}, { region: "mars-1", availableZones: ["mars-1a", "mars-1b"] }), [
            'aws:region: "mars-1" is not an AWS Region; set it to the Region to deploy into: pulumi config set aws:region ap-northeast-2',
        ]);
    });

    it("accepts a real Region the offline tables lack, and says which offline answers are missing", () => {
        const config = validateStackConfig({}, { region: "ap-south-2", availableZones: ["ap-south-2a", "ap-south-2b"] });
        assert.deepStrictEqual(config.availabilityZones, ["ap-south-2a", "ap-south-2b"]);
        assert.deepStrictEqual(offlineGaps({}, "ap-south-2"), [
            "ap-south-2: the offline tables have no zones or instance offerings for this Region; the plan assumes zones ap-south-2a to ap-south-2d, each offering every type (a real run looks them up)",
            "ap-south-2: the price table has no prices for this Region; the cost estimate leaves its resources unpriced",
        ]);
        assert.deepStrictEqual(offlineGaps({}, "ap-northeast-2"), []);
    });

    it("refuses an instance type that does not exist, with the closest names, and cuts a 5,000-letter one", () => {
        assert.deepStrictEqual(problemsOf({ instanceType: "t3.mirco" }), ['vpc-labs:instanceType: "t3.mirco" is not an EC2 instance type; did you mean t3.micro, t1.micro or t2.micro?']);
        assert.deepStrictEqual(problemsOf({ instanceType: "x9.huge" }), ['vpc-labs:instanceType: "x9.huge" is not an EC2 instance type; write an instance type like t3.micro or t4g.micro']);
        const [long] = problemsOf({ instanceType: "x".repeat(5000) });
        assert.strictEqual(long, `vpc-labs:instanceType: "${"x".repeat(80)}…" (5,000 characters) is not an EC2 instance type; write an instance type like t3.micro or t4g.micro`);
    });

    it("refuses the Mac types, which run only on a Dedicated Host, saying so", () => {
        for (const type of ["mac2.metal", "mac1.metal", "mac-m4.metal", "mac2-m2pro.metal"]) {
            assert.deepStrictEqual(problemsOf({ instanceType: type }), [
                `vpc-labs:instanceType: ${type} runs only on an EC2 Mac Dedicated Host, which the labs do not allocate (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-mac-instances.html); use a type that runs on shared tenancy, e.g. t3.micro or t4g.micro`,
            ]);
        }
    });

    it("accepts a real type the offline tables lack, warning that its price and vCPUs are unknown offline", () => {
        assert.strictEqual(validateStackConfig({ "vpc-labs:instanceType": "m7i-flex.large" }, SEOUL).instanceType, "m7i-flex.large");
        assert.deepStrictEqual(offlineGaps({ "vpc-labs:instanceType": "m7i-flex.large" }, "ap-northeast-2"), [
            "m7i-flex.large: the price table has no ap-northeast-2 price for this instance type; the cost estimate leaves the instances unpriced",
            "m7i-flex.large: the vCPUs of this instance type are not in the offline table; the quota preflight leaves it out (a real run reads the account's quotas)",
        ]);
    });

    it("refuses iam as an interface service (its endpoint is global), and warns offline about a name the table does not know", () => {
        assert.deepStrictEqual(problemsOf({ endpointsInterfaceServices: JSON.stringify(["sts", "iam"]) }), [
            "vpc-labs:endpointsInterfaceServices[1]: iam is not an interface endpoint service of any Region: IAM's interface endpoint service is the global com.amazonaws.iam, only in the IAM control plane's Region (us-east-1); no Region has com.amazonaws.<region>.iam (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam_vpc_endpoint_create.html); remove it from the list",
        ]);
        const raw = { "vpc-labs:endpointsInterfaceServices": JSON.stringify(["sts", "bedrock-runtime"]) };
        assert.deepStrictEqual(validateStackConfig(raw, SEOUL).endpoints.interfaceServices, ["sts", "bedrock-runtime"]);
        assert.deepStrictEqual(offlineGaps(raw, "ap-northeast-2"), [
            "bedrock-runtime: not in the offline table of interface endpoint services (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html); whether ap-northeast-2 offers it is looked up on a real run",
        ]);
        assert.deepStrictEqual(offlineGaps({ ...raw, "vpc-labs:labs": JSON.stringify(["bastion-ssm"]) }, "ap-northeast-2"), [], "no endpoints lab, no interface services");
    });

    it("on a real run, looks up only the services the table does not know, and refuses those the Region lacks", async () => {
        const config = validateStackConfig({ "vpc-labs:endpointsInterfaceServices": JSON.stringify(["sts", "bedrock-runtime", "no-such-svc", "denied-svc"]) }, SEOUL);
        const asked: string[] = [];
        const warnings: string[] = [];
        const answers: Record<string, "offered" | "not-offered" | "unknown"> = { "bedrock-runtime": "offered", "no-such-svc": "not-offered", "denied-svc": "unknown" };
        const problems = await interfaceServiceProblems(config, async (service) => (asked.push(service), answers[service]), (m) => warnings.push(m));
        assert.deepStrictEqual(asked, ["bedrock-runtime", "no-such-svc", "denied-svc"]);
        assert.deepStrictEqual(problems.map(formatProblem), [
            "vpc-labs:endpointsInterfaceServices[2]: ap-northeast-2 offers no interface endpoint service com.amazonaws.ap-northeast-2.no-such-svc; remove it, or use a service the Region offers (aws ec2 describe-vpc-endpoint-services --region ap-northeast-2; https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html)",
        ]);
        assert.deepStrictEqual(warnings, ["endpointsInterfaceServices: whether ap-northeast-2 offers denied-svc could not be looked up; pulumi up will tell"]);
    });
});
