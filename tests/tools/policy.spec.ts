import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { EXIT } from "../../offline/plan/cli";
import { PolicyReport } from "../../offline/plan/policyCommand";
import { EXPORTS, policy, scratchDir } from "./helpers";

const LEGACY = join(EXPORTS, "legacy-prod.json");
const urn = (type: string, name: string) => `urn:pulumi:prod::legacy-net::${type}::${name}`;

/** Writes a document to a scratch file and returns its path. */
function file(name: string, content: unknown): string {
    const path = join(scratchDir(), name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
}

describe("policy command", () => {
    describe("a stack export written by hand in Pulumi's format", () => {
        it("finds the unsafe patterns of a deployed stack and exits 1", async () => {
            const run = await policy([LEGACY, "--json"]);
            assert.strictEqual(run.code, EXIT.mandatoryViolation, run.stderr);
            const report = run.json<PolicyReport>();
            assert.deepStrictEqual(
                report.violations.map((v) => [v.policyName, v.enforcementLevel, v.urn]),
                [
                    ["vpc-cidr-private", "mandatory", urn("aws:ec2/vpc:Vpc", "main")],
                    ["security-group-no-public-admin-ports", "mandatory", urn("aws:ec2/securityGroup:SecurityGroup", "web-sg")],
                    ["instance-imdsv2-required", "mandatory", urn("aws:ec2/instance:Instance", "web")],
                    ["vpc-has-flow-log", "mandatory", urn("aws:ec2/vpc:Vpc", "main")],
                    ["default-security-group-closed", "advisory", urn("aws:ec2/vpc:Vpc", "main")],
                ],
            );
            assert.match(report.violations[0].message, /20\.0\.0\.0\/16/);
            assert.deepStrictEqual(report.summary, { mandatory: 4, advisory: 1 });
        });

        it("reports the export, its stack and project, and leaves out resources pending deletion", async () => {
            const report = (await policy([LEGACY, "--json"])).json<PolicyReport>();
            assert.strictEqual(report.export, join("tests", "fixtures", "exports", "legacy-prod.json"));
            assert.strictEqual(report.stack, "prod");
            assert.strictEqual(report.project, "legacy-net");
            assert.strictEqual(report.policyConfig, null, "another project's stack gets the pack's defaults");
            // 11 in the file; the old admin group (3389 open to the world) is marked for deletion.
            assert.strictEqual(report.resourceCount, 10);
            assert.ok(!report.violations.some((v) => v.urn?.endsWith("::old-admin-sg")));
        });

        it("lists the JSON report's fields: each violation's policy, level, URN, message and description, and counts per level", async () => {
            const report = (await policy([LEGACY, "--json"])).json<PolicyReport>();
            assert.deepStrictEqual(Object.keys(report), ["export", "stack", "project", "resourceCount", "policyConfig", "violations", "summary"]);
            for (const violation of report.violations) {
                assert.deepStrictEqual(Object.keys(violation), ["policyName", "enforcementLevel", "urn", "message", "description"]);
                assert.ok(violation.message.length > 0 && violation.description.length > 0);
            }
            assert.deepStrictEqual(Object.keys(report.summary), ["mandatory", "advisory"]);
        });

        it("with --cost, estimates what the exported stack costs: text before the verdicts, and a cost field in JSON", async () => {
            const report = (await policy([LEGACY, "--json", "--cost"])).json<PolicyReport>();
            assert.deepStrictEqual(Object.keys(report), ["export", "stack", "project", "resourceCount", "policyConfig", "violations", "summary", "cost"]);
            assert.strictEqual(report.cost?.hourlyUsd, 0.020399);
            assert.deepStrictEqual(
                report.cost?.charges.map((c) => [c.name, c.kind, c.region, c.hourlyUsd]),
                [
                    ["web", "instance", "ap-northeast-2", 0.0144],
                    ["web", "ebs-volume", "ap-northeast-2", 0.000999],
                    ["web", "public-ipv4", "ap-northeast-2", 0.005],
                ],
            );
            const text = (await policy([LEGACY, "--cost"])).stdout.split("\n");
            assert.deepStrictEqual(text.slice(1, 3), [
                "Cost estimate (on-demand, ap-northeast-2, list prices of 2026-12-03 in analysis/cost/priceTable.ts):",
                "  $0.0204 per hour, $14.69 per 30 days",
            ]);
            assert.ok(text.findIndex((line) => line.startsWith("Policy pack:")) > 3);
        });

        it("prints the verdicts as text, mandatory first, each with its resource URN", async () => {
            const run = await policy([LEGACY]);
            const lines = run.stdout.split("\n");
            assert.strictEqual(lines[0], `Stack export ${join("tests", "fixtures", "exports", "legacy-prod.json")}: stack prod of project legacy-net, 10 resources (1 resource pending deletion left out)`);
            assert.strictEqual(lines[1], "Policy pack: 4 mandatory, 1 advisory (config: the pack's defaults)");
            assert.match(lines[2], /^ {2}\[mandatory\] vpc-cidr-private: /);
            assert.strictEqual(lines[3], `      ${urn("aws:ec2/vpc:Vpc", "main")}`);
            assert.match(lines[lines.length - 2], /^ {2}\[advisory\] default-security-group-closed: /);
        });

        it("applies --config: the same export passes once the mandatory policies are advisory", async () => {
            const config = file("config.json", { all: "advisory" });
            const run = await policy([LEGACY, "--config", config, "--json"]);
            assert.strictEqual(run.code, EXIT.ok);
            assert.deepStrictEqual(run.json<PolicyReport>().summary, { mandatory: 0, advisory: 5 });
        });

        it("reads a local backend's state file (checkpoint) as well as an export", async () => {
            const exported = JSON.parse(readFileSync(LEGACY, "utf8")) as { version: number; deployment: unknown };
            const state = file("prod.json", { version: 3, checkpoint: { stack: "organization/legacy-net/prod", latest: exported.deployment } });
            const fromState = (await policy([state, "--json"])).json<PolicyReport>();
            const fromExport = (await policy([LEGACY, "--json"])).json<PolicyReport>();
            assert.deepStrictEqual(fromState.violations, fromExport.violations);
        });
    });

    describe("bad input exits 2", () => {
        const cases: [string, () => string[], RegExp][] = [
            ["no export named", () => [], /name the stack export to check/],
            ["two exports", () => [LEGACY, LEGACY], /one stack export at a time/],
            ["an unknown option", () => [LEGACY, "--strict"], /unknown option --strict/],
            ["a missing export", () => [join(scratchDir(), "none.json")], /^stack export .*none\.json does not exist$/],
            ["an export that is not JSON", () => [file("x.json", "{ version: 3")], /x\.json is not JSON/],
            ["a document that is not an export", () => [file("x.json", [1, 2])], /is not a stack export/],
            ["a newer deployment version", () => [file("x.json", { version: 4, deployment: { resources: [] } })], /deployment version 4; this tool reads versions up to 3/],
            ["a resource without a URN", () => [file("x.json", { version: 3, deployment: { resources: [{ type: "aws:ec2/vpc:Vpc" }] } })], /deployment\.resources\[0\]: has no "urn"/],
            ["a malformed URN", () => [file("x.json", { version: 3, deployment: { resources: [{ urn: "vpc-1", type: "aws:ec2/vpc:Vpc" }] } })], /"vpc-1" is not a Pulumi URN/],
            ["a missing policy config", () => [LEGACY, "--config", join(scratchDir(), "none.json")], /^policy config .*none\.json does not exist$/],
            ["a policy config that is not JSON", () => [LEGACY, "--config", file("c.json", "{")], /^policy config .*c\.json: is not JSON/],
            ["an unknown enforcement level", () => [LEGACY, "--config", file("c.json", { "vpc-cidr-private": "strict" })], /"strict" is not a valid enforcement level/],
        ];
        for (const [what, argv, message] of cases) {
            it(`for ${what}`, async () => {
                const run = await policy(argv());
                assert.strictEqual(run.code, EXIT.badInput, run.stdout);
                assert.match(run.stderr, message);
            });
        }
    });
});
