import * as assert from "assert";
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { EXIT } from "../../offline/plan/cli";
import { fileErrorReason } from "../../lib/files";
import { FIXTURE_PROJECT, plan, policy, scratchDir } from "./helpers";
import { cleanProgram, openSshProgram } from "./programs";

/**
 * The bad-input sweep of `plan` and `policy`, run in-process through their command functions:
 * every case ends with exit code 0, 1 or 2 and a message naming the file, key or field at
 * fault; never 3 (a crash) and never a hang.
 */

const PREFIX = "urn:pulumi:prod::legacy-net::";
const STACK = { urn: `${PREFIX}pulumi:pulumi:Stack::legacy-net-prod`, custom: false, type: "pulumi:pulumi:Stack" };
const PROVIDER_URN = `${PREFIX}pulumi:providers:aws::default`;
const PROVIDER = { urn: PROVIDER_URN, custom: true, id: "p-1", type: "pulumi:providers:aws", parent: STACK.urn };
const PROVIDER_REF = `${PROVIDER_URN}::p-1`;

/** A custom resource of the export under the stack, with the default provider. */
function resource(type: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { urn: `${PREFIX}${type}::${name}`, custom: true, id: `${name}-id`, type, parent: STACK.urn, provider: PROVIDER_REF, inputs: {}, outputs: {}, ...extra };
}

function exportOf(resources: unknown[], version: unknown = 3): unknown {
    return { version, deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3.200.0" }, resources } };
}

/** A value nested `depth` levels deep. */
function nested(depth: number): unknown {
    let value: unknown = "bottom";
    for (let i = 0; i < depth; i++) {
        value = { next: value };
    }
    return value;
}

let dir: string;
function file(name: string, content: unknown): string {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content));
    return path;
}

/** Asserts a run exited with `code` and said `message` on standard error; never 3. */
function expectExit(run: { code: number; stderr: string; stdout: string }, code: number, message: RegExp): void {
    assert.notStrictEqual(run.code, EXIT.internalError, `a crash: ${run.stderr}`);
    assert.strictEqual(run.code, code, `${run.stderr}\n${run.stdout.slice(0, 500)}`);
    assert.match(run.stderr, message);
}

describe("bad-input sweep", () => {
    before(() => {
        dir = scratchDir();
    });

    describe("policy <export>", () => {
        const sg = (extra: Record<string, unknown>) => resource("aws:ec2/securityGroup:SecurityGroup", "web", extra);
        const cases: [string, () => unknown, RegExp][] = [
            ["an empty file", () => "", /x\.json is not JSON/],
            ["truncated JSON", () => '{"version": 3, "deployment": {"resources": [', /x\.json is not JSON/],
            ["JSON null", () => "null", /x\.json is not a stack export/],
            ["version 0", () => exportOf([], 0), /x\.json: version: 0 is not a deployment version \(1 to 3\); export the stack again/],
            ["version -1", () => exportOf([], -1), /x\.json: version: -1 is not a deployment version/],
            ["version 1.5", () => exportOf([], 1.5), /x\.json: version: 1\.5 is not a deployment version/],
            ['version "4"', () => exportOf([], "4"), /x\.json: version: is the string "4", not a number; write the number \(pulumi stack export writes 3\)/],
            ["version 4", () => exportOf([], 4), /x\.json has deployment version 4; this tool reads versions up to 3/],
            ["deployment: []", () => ({ version: 3, deployment: [] }), /x\.json: deployment is a list, not an object/],
            ["deployment.resources: {}", () => ({ version: 3, deployment: { resources: {} } }), /x\.json: deployment\.resources must be a list/],
            ["a resource that is a string", () => exportOf([STACK, "aws:ec2/vpc:Vpc"]), /deployment\.resources\[1\]: is the string "aws:ec2\/vpc:Vpc", not a resource object/],
            ["a duplicate URN", () => exportOf([STACK, PROVIDER, sg({}), sg({})]), /deployment\.resources\[3\] \(urn:pulumi:prod::legacy-net::aws:ec2\/securityGroup:SecurityGroup::web\): repeats the URN of deployment\.resources\[2\]/],
            [
                "a parent cycle",
                () => exportOf([STACK, resource("my:x:A", "a", { parent: `${PREFIX}my:x:B::b`, custom: false }), resource("my:x:B", "b", { parent: `${PREFIX}my:x:A::a`, custom: false })]),
                /deployment\.resources\[1\]\.parent \(urn:pulumi:prod::legacy-net::my:x:A::a\): makes a parent cycle \(.*my:x:A::a → .*my:x:B::b → .*my:x:A::a\)/,
            ],
            ["its own parent", () => exportOf([STACK, resource("my:x:A", "a", { parent: `${PREFIX}my:x:A::a`, custom: false })]), /\.parent \(.*my:x:A::a\): makes a parent cycle/],
            ["an unknown parent", () => exportOf([STACK, PROVIDER, sg({ parent: `${PREFIX}my:x:A::gone` })]), /\.parent \(.*::web\): names ".*my:x:A::gone", which is no resource of the export/],
            ["provider: 5", () => exportOf([STACK, PROVIDER, sg({ provider: 5 })]), /\.provider \(.*::web\): is the number 5, not a string; write "<provider URN>::<provider ID>" or leave it out/],
            ["a provider that is not listed", () => exportOf([STACK, sg({})]), /\.provider \(.*::web\): names provider .*pulumi:providers:aws::default, which is not listed before it/],
            ["a provider reference with the wrong ID", () => exportOf([STACK, PROVIDER, sg({ provider: `${PROVIDER_URN}::p-2` })]), /names ID "p-2", but provider .* has ID "p-1"/],
            ['custom: "yes"', () => exportOf([STACK, PROVIDER, sg({ custom: "yes" })]), /\.custom \(.*::web\): is the string "yes", not true or false/],
            ["type: 5", () => exportOf([STACK, PROVIDER, sg({ type: 5 })]), /\.type \(.*::web\): is the number 5; every resource needs its type string/],
            ["a type its URN does not name", () => exportOf([STACK, PROVIDER, sg({ type: "aws:ec2/vpc:Vpc" })]), /\.type \(.*::web\): "aws:ec2\/vpc:Vpc" is not the type its URN names/],
            ["inputs: []", () => exportOf([STACK, PROVIDER, sg({ inputs: [] })]), /\.inputs \(.*::web\): is a list, not an object of properties/],
            ['dependencies: "x"', () => exportOf([STACK, PROVIDER, sg({ dependencies: "x" })]), /\.dependencies \(.*::web\): is the string "x", not a list of URNs/],
            ["a dependency on nothing", () => exportOf([STACK, PROVIDER, sg({ dependencies: [`${PREFIX}aws:ec2/vpc:Vpc::gone`] })]), /\.dependencies \(.*::web\)\[0\]: names ".*::gone", which is no resource of the export/],
            ["propertyDependencies: 7", () => exportOf([STACK, PROVIDER, sg({ propertyDependencies: 7 })]), /\.propertyDependencies \(.*::web\): is the number 7, not an object/],
            ["inputs nested 100,000 levels deep", () => JSON.stringify(exportOf([STACK, PROVIDER, sg({})])).replace('"inputs":{}', `"inputs":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`), /\.inputs \(.*::web\): nests more than 100 levels deep/],
            ["outputs nested 101 levels deep", () => exportOf([STACK, PROVIDER, sg({ outputs: nested(101) })]), /\.outputs \(.*::web\): nests more than 100 levels deep/],
            ["a port no provider stores (an object)", () => exportOf([STACK, PROVIDER, sg({ inputs: { ingress: [{ protocol: "tcp", fromPort: { from: 22 }, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] } })]), /\.inputs\.ingress\[0\]\.fromPort \(.*::web\): is an object, which the provider cannot store as a whole number/],
            ["a URN of 1 MB", () => exportOf([STACK, { urn: `urn:pulumi:${"s".repeat(1_000_000)}`, type: "x" }]), /"urn:pulumi:s{69}…" \(1,000,011 characters\) is not a Pulumi URN/],
        ];
        for (const [what, content, message] of cases) {
            it(`exits 2 naming the file and the field for ${what}`, async () => {
                const path = file("x.json", content());
                const run = await policy([path]);
                expectExit(run, EXIT.badInput, message);
                assert.ok(run.stderr.length < 3000, `a short message, not ${run.stderr.length} characters`);
            });
        }

        it("lists every problem of an export at once, the first 20 of them", async () => {
            const copies = Array.from({ length: 30 }, () => resource("aws:ec2/securityGroup:SecurityGroup", "web", { custom: 1 }));
            const run = await policy([file("x.json", exportOf([STACK, PROVIDER, ...copies]))]);
            expectExit(run, EXIT.badInput, /x\.json has 59 problems:\n {2}- deployment\.resources\[2\]\.custom/);
            assert.match(run.stderr, /\n {2}\.\.\. and 39 more$/);
        });

        it("catches SSH open to the world through string-typed ports and a single-string cidrBlocks (exit 1)", async () => {
            const open = resource("aws:ec2/securityGroup:SecurityGroup", "web", { inputs: { ingress: [{ protocol: "tcp", fromPort: "22", toPort: "22", cidrBlocks: "0.0.0.0/0" }] } });
            const run = await policy([file("x.json", exportOf([STACK, PROVIDER, open])), "--json"]);
            assert.strictEqual(run.code, EXIT.mandatoryViolation, run.stderr);
            const report = run.json<{ violations: { policyName: string; urn: string }[] }>();
            assert.ok(report.violations.some((v) => v.policyName === "security-group-no-public-admin-ports" && v.urn === open.urn), JSON.stringify(report.violations));
        });

        it("reads a 50,000-resource export through the whole pack and answers (exit 0 or 1)", async function () {
            this.timeout(120_000); // about 5 s alone; the machine may be shared
            const topics = Array.from({ length: 50_000 }, (_, i) => resource("aws:sns/topic:Topic", `t-${i}`));
            const run = await policy([file("big.json", exportOf([STACK, PROVIDER, ...topics]))]);
            assert.ok(run.code === EXIT.ok || run.code === EXIT.mandatoryViolation, run.stderr);
            assert.match(run.stdout, /50002 resources/);
        });

        it("refuses an export of 5,000 repeats of one URN with a short message", async () => {
            const repeats = Array.from({ length: 5_000 }, () => resource("aws:sns/topic:Topic", "same"));
            const refused = await policy([file("big.json", exportOf([STACK, PROVIDER, ...repeats]))]);
            expectExit(refused, EXIT.badInput, /big\.json has 4999 problems:/);
            assert.ok(refused.stderr.length < 6000, `${refused.stderr.length} characters`);
        });

        it("exits 2 with the path and the reason for a directory, a device and a missing file, without reading them", async () => {
            mkdirSync(join(dir, "folder.json"), { recursive: true });
            expectExit(await policy([join(dir, "folder.json")]), EXIT.badInput, /^stack export .*folder\.json cannot be read: it is a directory, not a file$/);
            // Reading /dev/zero would never end: it is refused by its kind.
            expectExit(await policy(["/dev/zero"]), EXIT.badInput, /^stack export \/dev\/zero cannot be read: it is not a regular file \(a pipe, socket or device\)$/);
            expectExit(await policy([join(dir, "none", "x.json")]), EXIT.badInput, /^stack export .*none\/x\.json does not exist$/);
        });

        it("exits 2 for a policy config that is a directory, names an unknown policy, or an unknown setting, listing what the pack has", async () => {
            const good = file("ok.json", exportOf([STACK, PROVIDER]));
            expectExit(await policy([good, "--config", dir]), EXIT.badInput, /^policy config .* cannot be read: it is a directory, not a file$/);
            const unknownPolicy = await policy([good, "--config", file("c.json", { "vpc-has-flowlog": "advisory", "no-such-policy": "mandatory" })]);
            expectExit(unknownPolicy, EXIT.badInput, /names what the pack does not have:\n {2}vpc-has-flowlog: no policy of that name; did you mean vpc-has-flow-log\?\n {2}no-such-policy: no policy of that name\n {2}the pack's policies: gateway-endpoint-service, /);
            const unknownSetting = await policy([good, "--config", file("c.json", { "flow-log-group-retention": { maxRetention: 90 } })]);
            expectExit(unknownSetting, EXIT.badInput, /flow-log-group-retention\.maxRetention: policy flow-log-group-retention has no config property maxRetention; its properties are minRetentionDays, maxRetentionDays, requireKmsKey/);
        });

        it("exits 2 for a --diagram path it cannot write, before reading the export", async () => {
            const good = file("ok.json", exportOf([STACK, PROVIDER]));
            expectExit(await policy([good, "--diagram", dir]), EXIT.badInput, /^policy: --diagram .* cannot be written: it is a directory; name a file inside it$/);
            expectExit(await policy([good, "--diagram", join(good, "d.svg")]), EXIT.badInput, /^policy: --diagram .*ok\.json\/d\.svg cannot be written: .*ok\.json is a file, not a folder$/);
        });
    });

    describe("plan --stack", () => {
        let project: string;
        before(() => {
            project = join(dir, "project");
            mkdirSync(join(project, "policy"), { recursive: true });
            copyFileSync(join(FIXTURE_PROJECT, "Pulumi.yaml"), join(project, "Pulumi.yaml"));
            copyFileSync(join(FIXTURE_PROJECT, "Pulumi.small.yaml"), join(project, "Pulumi.small.yaml"));
        });
        const run = (argv: string[], program = cleanProgram) => plan(argv, { projectDir: project, program });

        for (const [what, content, message] of [
            ["a string", "hello", /^Pulumi\.x\.yaml is not a YAML mapping: it holds a string/],
            ["a list", "- a\n- b\n", /^Pulumi\.x\.yaml is not a YAML mapping: it holds a list/],
            ["config: 42", "config: 42\n", /^Pulumi\.x\.yaml: config is a number \("42"\), not a mapping/],
            ["binary data", Buffer.from([0, 159, 146, 150, 255]), /^Pulumi\.x\.yaml is not a text file/],
        ] as const) {
            it(`exits 2 for a stack file holding ${what}`, async () => {
                file("project/Pulumi.x.yaml", content);
                expectExit(await run(["--stack", "x"]), EXIT.badInput, message);
            });
        }

        it("exits 2 for a stack file that is a directory, or unreadable, with the path and the reason", async () => {
            mkdirSync(join(project, "Pulumi.folder.yaml"), { recursive: true });
            expectExit(await run(["--stack", "folder"]), EXIT.badInput, /^Pulumi\.folder\.yaml cannot be read: it is a directory, not a file$/);
            const locked = file("project/Pulumi.locked.yaml", "config: {}\n");
            chmodSync(locked, 0o000);
            const unreadable = await run(["--stack", "locked"]);
            chmodSync(locked, 0o644);
            if (process.getuid?.() === 0) {
                // root reads any file: the plan runs.
                assert.strictEqual(unreadable.code, EXIT.ok, unreadable.stderr);
            } else {
                expectExit(unreadable, EXIT.badInput, /^Pulumi\.locked\.yaml cannot be read: permission denied$/);
            }
            assert.strictEqual(fileErrorReason(Object.assign(new Error("x"), { code: "EACCES" })), "permission denied");
        });

        it("exits 2 for a stack's policy config that is a directory or names an unknown policy", async () => {
            mkdirSync(join(project, "policy", "config.small.json"), { recursive: true });
            expectExit(await run(["--stack", "small"]), EXIT.badInput, /^policy config .*config\.small\.json cannot be read: it is a directory, not a file$/);
            rmSync(join(project, "policy", "config.small.json"), { recursive: true });
            file("project/policy/config.small.json", { "vpc-cidr-privat": "advisory" });
            expectExit(await run(["--stack", "small"]), EXIT.badInput, /config\.small\.json names what the pack does not have:\n {2}vpc-cidr-privat: no policy of that name; did you mean vpc-cidr-private\?/);
            rmSync(join(project, "policy", "config.small.json"));
        });

        it("exits 2 for a stack name that is a path", async () => {
            expectExit(await run(["--stack", "../small"]), EXIT.badInput, /^"\.\.\/small" is not a stack name/);
        });

        it("exits 2 for --export or --diagram paths it cannot write, before the program runs", async () => {
            let ran = false;
            const watched = async () => {
                ran = true;
                return cleanProgram();
            };
            const blocker = file("blocker", "a file");
            for (const [argv, message] of [
                [["--export", dir], /^plan: --export .* cannot be written: it is a directory; name a file inside it$/],
                [["--export", join(blocker, "out.json")], /^plan: --export .*blocker\/out\.json cannot be written: .*blocker is a file, not a folder$/],
                [["--diagram", join(blocker, "sub", "d.svg")], /^plan: --diagram .* cannot be written: .*blocker is a file, not a folder$/],
                [["--export", join(dir, "same"), "--diagram", join(dir, "same")], /--export and --diagram name the same file/],
                [["--diagram", join(dir, "missing", "d.svg")], /^plan: --diagram .*missing\/d\.svg cannot be written: the folder .*missing does not exist; create it first \(mkdir -p .*missing\)/],
                [["--export", join(dir, "missing", "deeper", "out.json")], /^plan: --export .* cannot be written: the folder .*missing\/deeper does not exist/],
            ] as const) {
                expectExit(await run(["--stack", "small", ...argv], watched), EXIT.badInput, message);
            }
            assert.strictEqual(ran, false, "no program run for a path that cannot be written");
            assert.strictEqual(existsSync(join(dir, "missing")), false, "a missing folder is never created");
            // A character device is a fine target: the export goes to it.
            assert.strictEqual((await run(["--stack", "small", "--export", "/dev/null"], watched)).code, EXIT.ok);
        });

        it("still plans and writes when the paths are good: exit 1 for open SSH, with the export written", async () => {
            mkdirSync(join(dir, "new", "folder"), { recursive: true });
            const out = join(dir, "new", "folder", "out.json");
            const result = await run(["--stack", "small", "--export", out], openSshProgram);
            assert.strictEqual(result.code, EXIT.mandatoryViolation, result.stderr);
            assert.match(result.stdout, /Stack export written to .*new\/folder\/out\.json/);
            expectExit(await policy([out]), EXIT.mandatoryViolation, /^$/);
        });
    });
});
