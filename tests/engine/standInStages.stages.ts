import * as assert from "assert";
import { qualified } from "../../config/keys";
import { choosePolicyConfig } from "../../offline/plan/policyConfigChoice";
import { readPolicyConfig } from "../../offline/plan/verdicts";
import { runThroughStandIn, StandInRun } from "../../offline/standInEngine/standInRun";
import { stackStageRuns } from "../fixtures/stageRuns";

// Every stage of every lab of the committed stacks through the stand-in engine, in both modes:
// about fifty runs of the real program and the pack, a few minutes on two cores, so it is not
// part of `npm test` (which runs lab and dev through the stand-in, standInEngine.spec.ts):
// `npm run test:stages` runs it, and `.ci/run` does on every submission.

/** Runs the jobs two at a time (one per core). */
async function twoAtATime<T>(jobs: readonly (() => Promise<T>)[]): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const index = next++;
            results[index] = await jobs[index]();
        }
    };
    await Promise.all([worker(), worker()]);
    return results;
}

describe("every stage through the stand-in engine", function () {
    this.timeout(900000);
    for (const stack of ["lab", "dev"]) {
        it(`${stack}: every stage registers the mock stage's URNs in an update, and previews with no mandatory violation the update does not have`, async () => {
            const { runs } = await stackStageRuns(stack);
            const file = choosePolicyConfig(stack).file;
            const config = file ? readPolicyConfig(file) : undefined;
            const jobs = runs.flatMap((stage) => {
                const overrides = Object.fromEntries(Object.entries({ labs: JSON.stringify([stage.lab]), ...stage.config }).map(([key, value]) => [qualified(key), value]));
                return (["update", "preview"] as const).map((mode) => () => runThroughStandIn({ stack, mode, overrides, policy: { config } }));
            });
            const results: StandInRun[] = await twoAtATime(jobs);
            runs.forEach((stage, i) => {
                const [update, preview] = [results[2 * i], results[2 * i + 1]];
                const label = `${stack} ${stage.lab} at ${stage.stage}`;
                assert.deepStrictEqual(update.resources.map((r) => r.urn).sort(), stage.run.resources.map((r) => r.urn).sort(), label);
                assert.deepStrictEqual(preview.resources.map((r) => r.urn).sort(), stage.run.resources.map((r) => r.urn).sort(), label);
                const mandatory = (run: StandInRun) => run.policy!.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn}`);
                const known = new Set(mandatory(update));
                assert.deepStrictEqual(mandatory(preview).filter((v) => !known.has(v)), [], `${label}: mandatory in preview only`);
            });
        });
    }
});
