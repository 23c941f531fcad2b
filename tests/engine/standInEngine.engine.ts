import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { analyze, recordsFromEngine } from "../../policy/analyzer";
import { POLICIES } from "../../policy/policies";
import { choosePolicyConfig } from "../../offline/plan/policyConfigChoice";
import { ProgramRun, runStack } from "../../offline/plan/programRunner";
import { readStackExport, toStackExport } from "../../offline/plan/stackExport";
import { readPolicyConfig } from "../../offline/plan/verdicts";
import { standInExportText } from "../../offline/standInEngine/engineCommand";
import { runThroughStandIn, StandInRun } from "../../offline/standInEngine/standInRun";

// The committed stacks through the stand-in engine: the program as its own process under the
// SDK's cmd/run, the pack as its own plugin process, both over gRPC. Four runs (two stacks,
// two modes) share one before hook and run side by side, since each costs seconds.
const STACKS = ["lab", "dev"] as const;
type Key = `${(typeof STACKS)[number]}/${"preview" | "update"}`;

const policyConfig = (stack: string) => {
    const file = choosePolicyConfig(stack).file;
    return file ? readPolicyConfig(file) : undefined;
};

// Started when mocha loads this file, so the eight child processes run beside the in-process
// specs that mocha runs first, on the other core, instead of after them.
const KEYS = STACKS.flatMap((stack) => (["update", "preview"] as const).map((mode) => [stack, mode] as const));
const started = Promise.all(KEYS.map(([stack, mode]) => runThroughStandIn({ stack, mode, policy: { config: policyConfig(stack) } })));
started.catch(() => undefined); // awaited in the hook below, which reports the failure

describe("the stand-in engine (the program and the pack as the Pulumi CLI runs them)", function () {
    this.timeout(180000);
    const runs = {} as Record<Key, StandInRun>;
    const plans = {} as Record<(typeof STACKS)[number], ProgramRun>;

    before(async () => {
        const results = await started;
        KEYS.forEach(([stack, mode], i) => (runs[`${stack}/${mode}`] = results[i]));
        for (const stack of STACKS) {
            plans[stack] = await runStack(stack);
        }
    });

    for (const stack of STACKS) {
        it(`${stack}: the update registers the mock plan's URNs, with the same parents, dependencies and inputs`, () => {
            const run = runs[`${stack}/update`];
            const plan = plans[stack];
            assert.deepStrictEqual(run.resources.map((r) => r.urn).sort(), plan.resources.map((r) => r.urn).sort());
            const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
            for (const expected of plan.resources) {
                const actual = byUrn.get(expected.urn)!;
                assert.strictEqual(actual.parent, expected.parent, expected.urn);
                assert.strictEqual(actual.custom, expected.custom, expected.urn);
                assert.deepStrictEqual([...actual.dependencies].sort(), [...expected.dependencies].sort(), `dependencies of ${expected.urn}`);
                assert.deepStrictEqual(actual.propertyDependencies, expected.propertyDependencies, `property dependencies of ${expected.urn}`);
                assert.deepStrictEqual(actual.inputs, expected.inputs, `inputs of ${expected.urn}`);
                assert.strictEqual(actual.id, expected.id, `id of ${expected.urn}`);
            }
        });

        it(`${stack}: the update's stack export (engine --export) holds the plan's export's resources`, () => {
            const exported = readStackExport(standInExportText(runs[`${stack}/update`])).resources;
            const planned = readStackExport(JSON.stringify(toStackExport(plans[stack]))).resources;
            assert.deepStrictEqual(exported.map((r) => r.urn).sort(), planned.map((r) => r.urn).sort());
            assert.deepStrictEqual(exported.map((r) => r.type).sort(), planned.map((r) => r.type).sort());
        });

        it(`${stack}: the plugin process's verdicts on the update equal the in-process pack's on the same resources`, async () => {
            const run = runs[`${stack}/update`];
            assert.deepStrictEqual(run.policy!.identity.policies, POLICIES.map((p) => p.name));
            const inProcess = (await analyze(recordsFromEngine(run.resources), policyConfig(stack))).violations.map(
                (v) => `${v.enforcementLevel} ${v.policyName} ${v.urn ?? ""} ${v.description}\n${v.message}`,
            );
            const plugin = run.policy!.violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn ?? ""} ${v.message}`);
            assert.deepStrictEqual(plugin.sort(), inProcess.sort());
        });

        it(`${stack}: the preview registers the same resources, with computed outputs unknown, and no mandatory violation`, () => {
            const preview = runs[`${stack}/preview`];
            assert.deepStrictEqual(preview.resources.map((r) => r.urn).sort(), runs[`${stack}/update`].resources.map((r) => r.urn).sort());
            assert.ok(preview.unknowns > 100, `only ${preview.unknowns} unknown values`);
            assert.strictEqual(runs[`${stack}/update`].unknowns, 0);
            for (const resource of preview.resources.filter((r) => r.custom)) {
                assert.strictEqual(resource.id, "", `${resource.urn} has an ID in preview`);
            }
            const vpc = preview.resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
            assert.ok(pulumi.isUnknown(vpc.outputs.arn), "a VPC's ARN is unknown in preview");
            assert.strictEqual(vpc.outputs.cidrBlock, runs[`${stack}/update`].resources.find((r) => r.urn === vpc.urn)!.outputs.cidrBlock, "inputs stay known");
            assert.deepStrictEqual(preview.policy!.violations.filter((v) => v.enforcementLevel === "mandatory"), []);
        });
    }

    it("dev: awsx VPCs are registered remote and constructed by the engine, their children under them", () => {
        const run = runs["dev/update"];
        const components = run.resources.filter((r) => r.type === "awsx:ec2:Vpc");
        assert.ok(components.length > 0, "dev builds awsx VPCs");
        for (const component of components) {
            assert.strictEqual(component.remote, true);
            const children = run.resources.filter((r) => r.parent === component.urn);
            assert.deepStrictEqual(children.map((c) => c.type), ["aws:ec2/vpc:Vpc"]);
            const subnets = run.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && r.parent === children[0].urn);
            assert.ok(subnets.length >= 1, `${component.name} has ${subnets.length} subnets`);
            // Its resources come back as references to those children, which the program rehydrates.
            const associations = component.outputs.routeTableAssociations as { urn: string; id: string }[];
            assert.ok(associations.length >= 1);
            for (const reference of associations) {
                assert.ok(
                    run.resources.some((r) => r.urn === reference.urn && r.id === reference.id && r.type === "aws:ec2/routeTableAssociation:RouteTableAssociation"),
                    `${JSON.stringify(reference)} is no registered association`,
                );
            }
        }
    });
});
