import * as assert from "assert";
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { validateStackConfig } from "../../config/validate";
import { EXIT } from "../../offline/plan/cli";
import { PlanReport } from "../../offline/plan/planCommand";
import { PolicyReport } from "../../offline/plan/policyCommand";
import { StackExport } from "../../offline/plan/stackExport";
import { PROJECT_DIR, readStackConfig } from "../../config/stackFiles";
import { FIXTURE_PROJECT, plan, policy, scratchDir } from "./helpers";
import { cleanProgram, openSshProgram, WebTier } from "./programs";

function failDeepInside(): never {
    throw new Error("lookup table is empty");
}

describe("plan command", () => {
    describe("exit codes", () => {
        it("exits 0 when no mandatory policy is violated", async () => {
            const run = await plan(["--stack", "small"], { projectDir: FIXTURE_PROJECT, program: cleanProgram });
            assert.strictEqual(run.code, EXIT.ok, run.stderr);
            assert.match(run.stdout, /Policy pack: 0 mandatory, 0 advisory \(config: the pack's defaults; no policy\/config\.small\.json and no vpc-labs:policyConfig\)/);
        });

        it("exits 1 when a mandatory policy is violated, naming the policy and the resource", async () => {
            const run = await plan(["--stack", "small"], { projectDir: FIXTURE_PROJECT, program: openSshProgram });
            assert.strictEqual(run.code, EXIT.mandatoryViolation, run.stderr);
            assert.match(run.stdout, /\[mandatory\] security-group-no-public-admin-ports: .*22.*0\.0\.0\.0\/0/);
            assert.match(run.stdout, /urn:pulumi:small::vpc-labs::test:plan:WebTier\$aws:ec2\/securityGroup:SecurityGroup::web-sg/);
        });

        it("plans a real Region the offline tables lack, warning which answers it assumed", async () => {
            const run = await plan(["--stack", "small", "--set", "aws:region=ap-south-2"], { projectDir: FIXTURE_PROJECT, program: cleanProgram });
            assert.strictEqual(run.code, EXIT.ok, run.stderr);
            assert.deepStrictEqual(run.stderr.split("\n").filter((line) => line.startsWith("warning: ")), [
                "warning: ap-south-2: the offline tables have no zones or instance offerings for this Region; the plan assumes zones ap-south-2a to ap-south-2d, each offering every type (a real run looks them up)",
                "warning: ap-south-2: the price table has no prices for this Region; the cost estimate leaves its resources unpriced",
            ]);
        });

        it("applies the stack's policy config, policy/config.<stack>.json", async () => {
            const run = await plan(["--stack", "lenient", "--json"], { projectDir: FIXTURE_PROJECT, program: openSshProgram });
            assert.strictEqual(run.code, EXIT.ok, run.stderr);
            const report = run.json<PlanReport>();
            assert.strictEqual(report.policy.policyConfig, join("tests", "tools", "project", "policy", "config.lenient.json"));
            assert.deepStrictEqual(report.policy.summary, { mandatory: 0, advisory: 1 });
            assert.deepStrictEqual(
                report.policy.violations.map((v) => [v.policyName, v.enforcementLevel]),
                [["security-group-no-public-admin-ports", "advisory"]],
            );
        });

        it("exits 2 and prints the ConfigError message as is, and no report, for a bad stack config", async () => {
            const expected = (() => {
                try {
                    validateStackConfig(readStackConfig("bad", FIXTURE_PROJECT), {
                        region: "ap-northeast-2",
                        availableZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"],
                    });
                } catch (error) {
                    return (error as Error).message;
                }
                assert.fail("the fixture config should be invalid");
            })();
            const run = await plan(["--stack", "bad"]);
            assert.strictEqual(run.code, EXIT.badInput);
            assert.strictEqual(run.stderr, expected);
            assert.match(run.stderr, /has 3 problems/);
            assert.strictEqual(run.stdout, "", "no tree, no outputs, no verdicts");
        });

        it("exits 2 with the error as JSON under --json for a bad stack config", async () => {
            const run = await plan(["--stack", "bad", "--json"]);
            assert.strictEqual(run.code, EXIT.badInput);
            const report = run.json<{ stack: string; error: { kind: string; message: string } }>();
            assert.strictEqual(report.stack, "bad");
            assert.strictEqual(report.error.kind, "ConfigError");
            assert.strictEqual(report.error.message, run.stderr);
        });

        it("exits 2 when the stack file does not exist", async () => {
            const run = await plan(["--stack", "nope"]);
            assert.strictEqual(run.code, EXIT.badInput);
            assert.match(run.stderr, /^no stack file Pulumi\.nope\.yaml in .*project; create it, or name one of the committed stacks \(dev, lab\)$/);
        });

        it("suggests the closest stack for a mistyped name", async () => {
            const run = await plan(["--stack", "smal"]);
            assert.strictEqual(run.code, EXIT.badInput);
            assert.match(run.stderr, /^no stack file Pulumi\.smal\.yaml in .*project; did you mean small\?$/);
        });

        it("exits 2 when the stack file is not YAML", async () => {
            const run = await plan(["--stack", "broken"]);
            assert.strictEqual(run.code, EXIT.badInput);
            assert.match(run.stderr, /^Pulumi\.broken\.yaml is not valid YAML/);
        });

        it("exits 3 with the error and its whole stack trace when the program fails for another reason", async () => {
            async function brokenProgram(): Promise<Record<string, unknown>> {
                new WebTier("web", { vpcId: "vpc-0a1b2c3d4e5f60718" });
                return failDeepInside();
            }
            const run = await plan(["--stack", "small"], { projectDir: FIXTURE_PROJECT, program: brokenProgram });
            assert.strictEqual(run.code, EXIT.internalError);
            assert.match(run.stderr, /^plan: the program failed for stack small; this is a bug, not a config problem:\nError: lookup table is empty\n/);
            assert.match(run.stderr, /at failDeepInside .*\n.*at brokenProgram/, "more than the one frame kept during the fast run");
        });

        for (const [argv, message] of [
            [[], /--stack is required/],
            [["--stack"], /--stack needs a value/],
            [["--stack", "small", "--colour"], /unknown option --colour/],
            [["--stack", "small", "extra"], /unexpected argument extra/],
            [["--stack", "a", "--stack", "b"], /--stack is given twice/],
            [["--json=yes", "--stack", "small"], /--json takes no value/],
        ] as const) {
            it(`exits 2 with the usage for: plan ${argv.join(" ")}`, async () => {
                const run = await plan([...argv]);
                assert.strictEqual(run.code, EXIT.badInput);
                assert.match(run.stderr, message);
                assert.match(run.stderr, /Usage: npm run plan -- --stack <name>/);
            });
        }

        it("prints the usage and exits 0 for --help", async () => {
            const run = await plan(["--help"]);
            assert.strictEqual(run.code, EXIT.ok);
            assert.match(run.stdout, /Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 a config error/);
        });
    });

    describe("text report", () => {
        it("prints the resource tree, the stack outputs with secrets masked, and the verdicts, in that order", async () => {
            const run = await plan(["--stack", "small"], { projectDir: FIXTURE_PROJECT, program: cleanProgram });
            const version = (require("@pulumi/aws/package.json") as { version: string }).version; // eslint-disable-line @typescript-eslint/no-require-imports
            const provider = `default_${version.replace(/\./g, "_")}`;
            const lines = run.stdout.split("\n");
            assert.deepStrictEqual(lines.slice(0, 6), [
                "Offline plan of stack small (project vpc-labs, ap-northeast-2, account 123456789012): 4 resources",
                "",
                "pulumi:pulumi:Stack  vpc-labs-small",
                "└─ test:plan:WebTier  web",
                "   └─ aws:ec2/securityGroup:SecurityGroup  web-sg  vpcId=vpc-0a1b2c3d4e5f60718 ingress=[tcp 443 10.0.0.0/16]",
                `pulumi:providers:aws  ${provider}  region=ap-northeast-2 version=${version}`,
            ]);
            const outputs = run.stdout.indexOf("\nOutputs:\n");
            const verdicts = run.stdout.indexOf("Policy pack:");
            assert.ok(outputs > 0 && verdicts > outputs, run.stdout);
            assert.match(run.stdout.slice(outputs, verdicts), /^ {2}note: "\[secret\]"$/m);
            assert.ok(!run.stdout.includes("not shown"));
            assert.match(run.stdout.slice(outputs, verdicts), /^ {2}securityGroupId: sg-[0-9a-f]{17}$/m);
        });
    });

    describe("--json", () => {
        it("reports the stack, every resource, the outputs and the verdicts", async () => {
            const run = await plan(["--stack", "small", "--json"], { projectDir: FIXTURE_PROJECT, program: openSshProgram });
            assert.strictEqual(run.code, EXIT.mandatoryViolation);
            const report = run.json<PlanReport>();
            assert.deepStrictEqual(Object.keys(report), ["stack", "project", "region", "accountId", "resourceCount", "resources", "outputs", "policy", "cost", "deployTime", "quotas", "checks", "export", "diagram"]);
            assert.deepStrictEqual(report.checks, []);
            assert.strictEqual(report.stack, "small");
            // A security group has no charge of its own and takes seconds to create.
            assert.strictEqual(report.cost.hourlyUsd, 0);
            assert.deepStrictEqual(report.cost.regions, []);
            assert.deepStrictEqual(
                report.deployTime.criticalPath.map((s) => s.type),
                ["aws:ec2/securityGroup:SecurityGroup"],
            );
            assert.strictEqual(report.resourceCount, report.resources.length);
            assert.deepStrictEqual(
                report.resources.map((r) => r.type),
                ["pulumi:pulumi:Stack", "test:plan:WebTier", "pulumi:providers:aws", "aws:ec2/securityGroup:SecurityGroup"],
            );
            const sg = report.resources[3];
            assert.strictEqual(sg.parent, report.resources[1].urn);
            assert.strictEqual(sg.nameTag, "web-sg");
            assert.match(String(sg.id), /^sg-/);
            assert.deepStrictEqual(report.outputs, { securityGroupId: sg.id });
            assert.deepStrictEqual(Object.keys(report.policy), ["policyConfig", "policyConfigChosenBy", "violations", "summary"]);
            assert.deepStrictEqual(report.policy.summary, { mandatory: 1, advisory: 0 });
            assert.deepStrictEqual(Object.keys(report.policy.violations[0]), ["policyName", "enforcementLevel", "urn", "message", "description"]);
            assert.strictEqual(report.policy.violations[0].urn, sg.urn);
            assert.strictEqual(report.export, null);
            assert.strictEqual(report.diagram, null);
        });
    });

    describe("--export", () => {
        it("writes a stack export that `policy` reads back to the same verdicts", async () => {
            const dir = scratchDir();
            const file = join(dir, "small.json");
            const planned = await plan(["--stack", "small", "--json", "--export", file], { projectDir: FIXTURE_PROJECT, program: openSshProgram });
            const checked = await policy([file, "--json"]);
            assert.strictEqual(checked.code, planned.code);
            const report = checked.json<PolicyReport>();
            assert.deepStrictEqual(report.violations, planned.json<PlanReport>().policy.violations);
            assert.deepStrictEqual(report.summary, planned.json<PlanReport>().policy.summary);
            assert.strictEqual(report.resourceCount, planned.json<PlanReport>().resourceCount);
        });

        it("round-trips under the stack's policy config: plan --export, then policy with the same config", async () => {
            const file = join(scratchDir(), "lenient.json");
            const planned = await plan(["--stack", "lenient", "--json", "--export", file], { projectDir: FIXTURE_PROJECT, program: openSshProgram });
            // The export's stack is "lenient" of project vpc-labs: policy picks the same config file itself.
            const checked = await policy([file, "--json"]);
            assert.strictEqual(planned.code, EXIT.ok);
            assert.strictEqual(checked.code, EXIT.ok);
            assert.deepStrictEqual(checked.json<PolicyReport>().violations, planned.json<PlanReport>().policy.violations);
            assert.strictEqual(checked.json<PolicyReport>().policyConfig, planned.json<PlanReport>().policy.policyConfig);
        });

        it("writes Pulumi's deployment format: root stack with outputs, a default provider, engine URNs, provider references", async () => {
            const file = join(scratchDir(), "clean.json");
            await plan(["--stack", "small", "--export", file], { projectDir: FIXTURE_PROJECT, program: cleanProgram });
            const doc = JSON.parse(readFileSync(file, "utf8")) as StackExport;
            assert.strictEqual(doc.version, 3);
            assert.match(doc.deployment.manifest.magic, /^[0-9a-f]{64}$/);
            assert.match(doc.deployment.manifest.version, /^v3\.\d+\.\d+$/);
            assert.ok(!Number.isNaN(Date.parse(doc.deployment.manifest.time)));
            const [stack, component, provider, sg] = doc.deployment.resources ?? [];
            assert.deepStrictEqual(stack.urn, "urn:pulumi:small::vpc-labs::pulumi:pulumi:Stack::vpc-labs-small");
            assert.strictEqual(stack.custom, false);
            assert.deepStrictEqual(stack.outputs?.note, { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"not shown"' });
            // Under the root stack a URN has no parent type; under a component it has the component's.
            assert.strictEqual(component.urn, "urn:pulumi:small::vpc-labs::test:plan:WebTier::web");
            assert.strictEqual(component.parent, stack.urn);
            assert.strictEqual(sg.urn, "urn:pulumi:small::vpc-labs::test:plan:WebTier$aws:ec2/securityGroup:SecurityGroup::web-sg");
            assert.strictEqual(sg.parent, component.urn);
            assert.strictEqual(provider.type, "pulumi:providers:aws");
            assert.match(provider.urn, /^urn:pulumi:small::vpc-labs::pulumi:providers:aws::default_\d+_\d+_\d+$/);
            assert.match(String(provider.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
            assert.strictEqual(sg.provider, `${provider.urn}::${provider.id}`);
            assert.strictEqual(sg.custom, true);
            assert.match(String(sg.id), /^sg-[0-9a-f]{17}$/);
            assert.strictEqual(sg.inputs?.vpcId, "vpc-0a1b2c3d4e5f60718");
            assert.strictEqual(sg.outputs?.arn, `arn:aws:ec2:ap-northeast-2:123456789012:security-group/${sg.id}`);
            assert.deepStrictEqual(sg.propertyDependencies, { description: [], ingress: [], tags: [], vpcId: [] });
        });
    });

    describe("--diagram", () => {
        it("writes the topology as SVG next to the usual report", async () => {
            const file = join(scratchDir(), "small.svg");
            const run = await plan(["--stack", "small", "--diagram", file], { projectDir: FIXTURE_PROJECT, program: cleanProgram });
            assert.strictEqual(run.code, EXIT.ok);
            assert.ok(existsSync(file));
            assert.match(readFileSync(file, "utf8"), /<svg[^>]*>[\s\S]*<title>topology<\/title>[\s\S]*stack small/);
            assert.match(run.stdout, /Diagram written to .*small\.svg/);
        });
    });

    describe("findings a config key caused", () => {
        it("names interfaceEndpointAzCount when it puts the lab stack's endpoints in one zone, instead of asking for subnets", async () => {
            const run = await plan(["--stack", "lab", "--set", "interfaceEndpointAzCount=1", "--json"], {});
            assert.strictEqual(run.code, EXIT.mandatoryViolation, run.stderr);
            const zones = run.json<PlanReport>().policy.violations.filter((v) => v.policyName === "interface-endpoint-availability-zones");
            assert.strictEqual(zones.length, 7);
            for (const violation of zones) {
                assert.match(
                    violation.message,
                    /^Interface endpoint "[\w-]+" must span at least 2 Availability Zones; it spans 1 zone \(ap-northeast-2[ac]\): vpc-labs:interfaceEndpointAzCount is 1: set it to 2, or check the stack with a policy config whose minAvailabilityZones is 1\.$/,
                );
            }
        });
    });

    describe("the committed stacks", () => {
        // The real program and stack files: whichever labs the registry holds, the plan must run
        // and the committed stacks must pass the pack's mandatory policies.
        for (const stack of ["dev", "lab"]) {
            it(`plans stack ${stack} with no mandatory violation, and policy agrees on its export`, async () => {
                const file = join(scratchDir(), `${stack}.json`);
                const run = await plan(["--stack", stack, "--json", "--export", file], {});
                assert.strictEqual(run.code, EXIT.ok, run.stderr || JSON.stringify(run.json<PlanReport>().policy.violations, null, 2));
                const report = run.json<PlanReport>();
                assert.strictEqual(report.stack, stack);
                assert.strictEqual(report.resources.filter((r) => r.type === "pulumi:pulumi:Stack").length, 1);
                assert.deepStrictEqual(report.outputs.labs, JSON.parse(readStackConfig(stack)["vpc-labs:labs"]));
                const checked = await policy([file, "--json"], PROJECT_DIR);
                assert.strictEqual(checked.code, run.code);
                assert.deepStrictEqual(checked.json<PolicyReport>().violations, report.policy.violations);
                assert.strictEqual(checked.json<PolicyReport>().policyConfig, report.policy.policyConfig);
            });
        }
    });
});
