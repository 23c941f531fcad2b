import * as assert from "assert";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { main } from "../../classroom/cli";
import { studentStackNames } from "../../classroom/init";
import { BufferConsole, EXIT } from "../../offline/plan/cli";
import { PROJECT_DIR } from "../../config/stackFiles";
import { offlineStackConfig } from "../../offline/validatedStack";
import { StandInPulumi } from "./standInPulumi";

/** A copy of the project's stack files and policy configs in a temporary folder. */
function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "vpc-labs-class-"));
    mkdirSync(join(dir, "policy"));
    for (const file of ["Pulumi.yaml", "Pulumi.lab.yaml", "Pulumi.dev.yaml", "policy/config.lab.json", "policy/config.dev.json"]) {
        copyFileSync(join(PROJECT_DIR, file), join(dir, file));
    }
    return dir;
}

async function classroom(dir: string, argv: string[], now = new Date("2026-12-03T12:00:00Z")): Promise<{ code: number; out: string; err: string }> {
    const io = new BufferConsole();
    const code = await main(argv, io, { projectDir: dir, now });
    return { code, out: io.outText, err: io.errText };
}

function stackFile(dir: string, stack: string): Record<string, unknown> {
    return (parse(readFileSync(join(dir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
}

describe("classroom", () => {
    let dir: string;
    beforeEach(() => {
        dir = project();
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    describe("init", () => {
        it("writes one normal stack file per student from a stack's file, with student, expiry, class and policy config", async () => {
            const run = await classroom(dir, ["init", "--students", "3", "--from", "lab"]);
            assert.strictEqual(run.code, EXIT.ok, run.err);
            for (const [i, stack] of ["student-01", "student-02", "student-03"].entries()) {
                const config = stackFile(dir, stack);
                assert.strictEqual(config["vpc-labs:student"], `student-0${i + 1}`);
                assert.strictEqual(config["vpc-labs:expiresAt"], "2026-12-10", "a week from today by default");
                assert.strictEqual(config["vpc-labs:classroom"], "student");
                assert.strictEqual(config["vpc-labs:policyConfig"], "policy/config.lab.json", "the policy settings of the stack it was made from");
                assert.deepStrictEqual(config["vpc-labs:flowLogFields"], stackFile(dir, "lab")["vpc-labs:flowLogFields"]);
                assert.deepStrictEqual(offlineStackConfig(stack, dir).classroom, { student: `student-0${i + 1}`, expiresAt: "2026-12-10", name: "student" });
            }
            assert.match(readFileSync(join(dir, "Pulumi.student-01.yaml"), "utf8"), /^# Student stack student-01 of class student, made from Pulumi\.lab\.yaml/);
            assert.match(run.out, /Wrote 3 stack files for class student from Pulumi\.lab\.yaml: student-01 \.\.\. student-03/);
            assert.match(run.out, /VPCs per Region \(vpc L-F678F1CE\): the class needs 13, the default is 5/);
            assert.match(run.out, /0 student stack\(s\) fit per account \(limited by Running On-Demand Standard .*; 1 once it is raised\); the class has 3/);
        });

        it("takes names from a file, a prefix, a class name and an expiry", async () => {
            writeFileSync(join(dir, "names.txt"), "# class of 2026\nKim Minji\n\nPark Jisoo\n");
            const run = await classroom(dir, ["init", "--students", "2", "--from", "dev", "--prefix", "vpc", "--classroom", "net-101", "--expires", "2026-12-24T18:00:00Z", "--names", join(dir, "names.txt")]);
            assert.strictEqual(run.code, EXIT.ok, run.err);
            assert.deepStrictEqual(
                ["vpc-01", "vpc-02"].map((s) => [stackFile(dir, s)["vpc-labs:student"], stackFile(dir, s)["vpc-labs:expiresAt"], stackFile(dir, s)["vpc-labs:classroom"], stackFile(dir, s)["vpc-labs:policyConfig"]]),
                [
                    ["Kim Minji", "2026-12-24T18:00:00Z", "net-101", "policy/config.dev.json"],
                    ["Park Jisoo", "2026-12-24T18:00:00Z", "net-101", "policy/config.dev.json"],
                ],
            );
        });

        it("pads stack numbers to the class size", () => {
            assert.deepStrictEqual(studentStackNames("s", 3), ["s-01", "s-02", "s-03"]);
            assert.deepStrictEqual(studentStackNames("s", 120).slice(-2), ["s-119", "s-120"]);
        });

        it("never overwrites a student's stack file without --force, and writes nothing on bad input", async () => {
            assert.strictEqual((await classroom(dir, ["init", "--students", "2", "--from", "lab"])).code, EXIT.ok);
            writeFileSync(join(dir, "Pulumi.student-01.yaml"), "config: {}\n");
            const again = await classroom(dir, ["init", "--students", "2", "--from", "lab"]);
            assert.strictEqual(again.code, EXIT.badInput);
            assert.match(again.err, /Pulumi\.student-01\.yaml, Pulumi\.student-02\.yaml already exist; pass --force/);
            assert.strictEqual(readFileSync(join(dir, "Pulumi.student-01.yaml"), "utf8"), "config: {}\n");
            assert.strictEqual((await classroom(dir, ["init", "--students", "2", "--from", "lab", "--force"])).code, EXIT.ok);
            for (const [argv, message] of [
                [["init", "--students", "0", "--from", "lab", "--prefix", "x"], /--students must be a whole number from 1 to 500; got 0/],
                [["init", "--students", "2", "--from", "nope", "--prefix", "x"], /--from nope: there is no Pulumi\.nope\.yaml/],
                [["init", "--students", "2", "--from", "lab", "--prefix", "x", "--expires", "2026-02-30"], /--expires "2026-02-30" is not an ISO 8601 date/],
                [["init", "--students", "2", "--from", "lab", "--prefix", "Bad_Prefix"], /--prefix "Bad_Prefix" must be lowercase letters/],
                [["up", "--students", "2"], /--students does not apply to up/],
            ] as const) {
                const run = await classroom(dir, [...argv]);
                assert.strictEqual(run.code, EXIT.badInput, argv.join(" "));
                assert.match(run.err, message);
            }
            assert.ok(!existsSync(join(dir, "Pulumi.x-01.yaml")));
        });
    });

    describe("status, up and destroy through the Automation API", () => {
        let pulumi: StandInPulumi;
        beforeEach(async () => {
            pulumi = new StandInPulumi();
            assert.strictEqual((await classroom(dir, ["init", "--students", "3", "--from", "lab", "--expires", "2026-12-01"])).code, EXIT.ok);
        });
        afterEach(() => pulumi.restore());

        it("ups every student stack in the project folder with the policy pack and the stack's policy config, past a failed one, exit 1", async () => {
            pulumi.set({ FAKE_PULUMI_FAIL: "student-02" });
            const run = await classroom(dir, ["up", "--parallel", "2"]);
            assert.strictEqual(run.code, EXIT.mandatoryViolation, run.err);
            const progress = run.out.split("\n").filter((line) => /^\[\d\/3\] /.test(line));
            assert.strictEqual(progress.length, 3, run.out);
            assert.match(run.out, /up of class student: 2 succeeded, 1 failed, 0 skipped/);
            assert.match(run.out, /\n {2}student-01 {2}succeeded {2}create 97\n/);
            assert.match(run.out, /\n {2}student-02 {2}failed {5}aws:ec2:Vpc \(endpoints-network-vpc\):|\n {2}student-02 {2}failed {5}creating EC2 VPC: operation error EC2: CreateVpc, VpcLimitExceeded/);
            const ups = pulumi.calls().filter((c) => c.args[0] === "up");
            assert.deepStrictEqual(
                ups.map((c) => c.args).sort((a, b) => a.join().localeCompare(b.join()))[0],
                ["up", "--yes", "--skip-preview", "--policy-pack", join(dir, "policy"), "--policy-pack-config", join(dir, "policy", "config.lab.json"), "--exec-kind", "auto.local", "--stack", "student-01", "--non-interactive"],
            );
            const elsewhere = pulumi.calls().filter((c) => c.args[0] !== "version" && (!c.automation || c.cwd !== dir));
            assert.deepStrictEqual(elsewhere, [], "every stack command runs in the project folder");
            const student1 = pulumi.calls().filter((c) => c.args.includes("student-01")).map((c) => c.args.slice(0, 2).join(" "));
            assert.deepStrictEqual(student1, ["stack select", "stack init", "up --yes", "stack output", "stack output", "stack history"]);
        });

        it("runs at most --parallel stacks at once", async () => {
            pulumi.set({ FAKE_PULUMI_DELAY_MS: "400" });
            assert.strictEqual((await classroom(dir, ["up", "--parallel", "2"])).code, EXIT.ok);
            const ups = pulumi.calls().filter((c) => c.args[0] === "up");
            const overlap = (t: number) => ups.filter((c) => c.started <= t && t < c.ended).length;
            const most = Math.max(...ups.map((c) => overlap(c.started)));
            assert.strictEqual(most, 2, JSON.stringify(ups.map((c) => [c.started, c.ended])));
        });

        it("reports each stack's last update, and stacks never created as skipped", async () => {
            assert.strictEqual((await classroom(dir, ["up"])).code, EXIT.ok);
            writeFileSync(join(dir, "Pulumi.student-04.yaml"), readFileSync(join(dir, "Pulumi.student-03.yaml"), "utf8").replace(/student-03/g, "student-04"));
            const run = await classroom(dir, ["status"]);
            assert.strictEqual(run.code, EXIT.ok, run.out);
            assert.match(run.out, /student-01 {2}succeeded {2}last update succeeded at 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ \(create 97\)/);
            assert.match(run.out, /student-04 {2}skipped {4}not created/);
            assert.match(run.out, /status of class student: 3 succeeded, 0 failed, 1 skipped/);
        });

        it("destroys only the stacks whose expiry has passed with --expired", async () => {
            assert.strictEqual((await classroom(dir, ["up"])).code, EXIT.ok);
            const file = join(dir, "Pulumi.student-03.yaml");
            writeFileSync(file, readFileSync(file, "utf8").replace('"2026-12-01"', '"2027-01-31"'));
            const run = await classroom(dir, ["destroy", "--expired", "--now", "2026-12-05"]);
            assert.strictEqual(run.code, EXIT.ok, run.out);
            assert.match(run.out, /2 of 3 stacks of class student expired before 2026-12-05T23:59:59\.000Z/);
            const destroyed = pulumi.calls().filter((c) => c.args[0] === "destroy").map((c) => c.args[c.args.indexOf("--stack") + 1]);
            assert.deepStrictEqual(destroyed.sort(), ["student-01", "student-02"]);
            const none = await classroom(dir, ["destroy", "--expired"], new Date("2026-11-30T00:00:00Z"));
            assert.match(none.out, /0 of 3 stacks of class student expired/);
            assert.strictEqual(pulumi.calls().filter((c) => c.args[0] === "destroy").length, 2);
        });

        it("says clearly when the Pulumi CLI is not there", async () => {
            pulumi.set({ PATH: "/nonexistent" });
            const run = await classroom(dir, ["status"]);
            assert.strictEqual(run.code, EXIT.badInput);
            assert.match(run.err, /the Pulumi CLI \(pulumi on PATH\) is needed for status, up and destroy and did not run \(Command failed with ENOENT: pulumi version\); install it/);
        });
    });
});
