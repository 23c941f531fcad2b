import * as assert from "assert";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { join } from "path";
import { ProgramCrash, runThroughStandIn } from "../../offline/standInEngine/standInRun";

// Negative controls for the stand-in engine: a throwaway program and a throwaway pack
// (tests/fixtures/standIn), so that a preview that hides unknowns from the program or the
// pack would fail here. Three small runs side by side.
const PROGRAM_DIR = join(__dirname, "../fixtures/standIn/program");
const PACK_DIR = join(__dirname, "../fixtures/standIn/pack");
const READ_EARLY = { "vpc-labs:readArnEarly": "true" };

// Started when mocha loads this file, beside the in-process specs (see standInEngine.spec.ts).
const started = Promise.all([
    runThroughStandIn({ stack: "control", mode: "preview", projectDir: PROGRAM_DIR, config: READ_EARLY, policy: false }).then(
        () => undefined,
        (error: unknown) => error,
    ),
    runThroughStandIn({ stack: "control", mode: "update", projectDir: PROGRAM_DIR, config: READ_EARLY, policy: { packDir: PACK_DIR } }),
    runThroughStandIn({ stack: "control", mode: "preview", projectDir: PROGRAM_DIR, config: {}, policy: { packDir: PACK_DIR } }),
]);
started.catch(() => undefined); // awaited in the hook below, which reports the failure

describe("the stand-in engine's negative controls", function () {
    this.timeout(120000);
    let crashed: unknown;
    let update: Awaited<ReturnType<typeof runThroughStandIn>>;
    let preview: Awaited<ReturnType<typeof runThroughStandIn>>;

    before(async () => {
        [crashed, update, preview] = await started;
    });

    it("a program that reads an output as a value before the engine has one works in an update and crashes in a preview, with its own stack trace", () => {
        assert.strictEqual(update.program.code, 0);
        assert.ok(crashed instanceof ProgramCrash, `the preview did not crash: ${String(crashed)}`);
        assert.match(crashed.message, /TypeError: Cannot read properties of undefined \(reading 'split'\)/);
        assert.match(crashed.message, /fixtures\/standIn\/program\/index\.js:\d+/);
    });

    it("a secret input stays secret across the wire, in the inputs and in the state the engine sends back", () => {
        const vpc = update.resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
        // The SDK marks the whole property that holds a secret as secret.
        const secret = { [rpc.specialSigKey]: rpc.specialSecretSig, value: { Owner: "student-01" } };
        assert.deepStrictEqual(vpc.inputs.tags, secret);
        assert.deepStrictEqual(vpc.outputs.tags, secret);
    });

    it("a rule that reads an unknown as a value is caught: advisory 'can't run' in preview, no violation on the known value", () => {
        assert.deepStrictEqual(update.policy!.violations, []);
        assert.deepStrictEqual(
            preview.policy!.violations.map((v) => [v.policyName, v.enforcementLevel]),
            [["vpc-arn-in-account", "advisory"]],
        );
        assert.match(preview.policy!.violations[0].message, /can't run policy 'vpc-arn-in-account' .* during preview/);
    });
});
