import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { runProgram } from "../../offline/plan/programRunner";
import { parseUrn, readStackExport, SECRET_SIG, SIG_KEY, toStackExport } from "../../offline/plan/stackExport";
import { EXPORTS } from "./helpers";
import { cleanProgram } from "./programs";

describe("stack export", () => {
    it("reads back what it writes: same resources, inputs, outputs and references", async () => {
        const run = await runProgram(cleanProgram, { stack: "small" });
        const read = readStackExport(JSON.stringify(toStackExport(run, { time: new Date(0) })));
        assert.strictEqual(read.stack, "small");
        assert.strictEqual(read.project, "vpc-labs");
        const recorded = run.resources.map((r) => ({ ...r, propertyDependencies: { ...r.propertyDependencies } }));
        const roundTripped = read.resources.filter((r) => r.type !== "pulumi:providers:aws");
        assert.deepStrictEqual(
            roundTripped.map(({ urn, type, name, custom, id, parent, inputs, outputs, dependencies, propertyDependencies }) => ({ urn, type, name, custom, id, parent, inputs, outputs, dependencies, propertyDependencies })),
            recorded.map(({ urn, type, name, custom, id, parent, inputs, outputs, dependencies, propertyDependencies }) => ({ urn, type, name, custom, id, parent, inputs, outputs, dependencies, propertyDependencies })),
        );
    });

    it("keeps a secret a secret: plain text in the export's --show-secrets form, Pulumi's marker when read", async () => {
        const run = await runProgram(cleanProgram, { stack: "small" });
        const exported = toStackExport(run);
        const stack = exported.deployment.resources?.[0];
        assert.deepStrictEqual(stack?.outputs?.note, { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify("not shown") });
        assert.deepStrictEqual(readStackExport(JSON.stringify(exported)).resources[0].outputs.note, { [SIG_KEY]: SECRET_SIG, value: "not shown" });
    });

    it("reads a secret the export holds encrypted as a secret with no value, and drops the provider's bookkeeping keys", () => {
        const read = readStackExport(readFileSync(join(EXPORTS, "legacy-prod.json"), "utf8"));
        const parameter = read.resources.find((r) => r.type === "aws:ssm/parameter:Parameter");
        assert.deepStrictEqual(parameter?.inputs.value, { [SIG_KEY]: SECRET_SIG });
        const vpc = read.resources.find((r) => r.type === "aws:ec2/vpc:Vpc");
        assert.ok(vpc && !("__defaults" in vpc.inputs) && !("__meta" in vpc.outputs));
        assert.deepStrictEqual(vpc.propertyDependencies.cidrBlock, [], "null in the file reads as no dependencies");
        assert.strictEqual(read.pendingDeletes, 1);
    });

    it("splits a URN into stack, project, qualified type and a name that may hold '::'", () => {
        assert.deepStrictEqual(parseUrn("urn:pulumi:dev::vpc-labs::a:b:C$aws:ec2/vpc:Vpc::name::with::colons"), {
            stack: "dev",
            project: "vpc-labs",
            qualifiedType: "a:b:C$aws:ec2/vpc:Vpc",
            name: "name::with::colons",
        });
    });
});
