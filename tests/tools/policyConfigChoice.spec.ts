import * as assert from "assert";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { initClass } from "../../classroom/init";
import { BufferConsole, EXIT } from "../../offline/plan/cli";
import { main as plan, PlanReport } from "../../offline/plan/planCommand";
import { main as policy, PolicyReport } from "../../offline/plan/policyCommand";
import { choosePolicyConfig } from "../../offline/plan/policyConfigChoice";
import { loadProgram } from "../../offline/plan/programRunner";
import { PROJECT_DIR } from "../../config/stackFiles";

describe("the policy config a stack file names", () => {
    let dir: string;
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "vpc-labs-policy-config-"));
        mkdirSync(join(dir, "policy"));
        for (const file of ["Pulumi.yaml", "Pulumi.lab.yaml", "policy/config.lab.json"]) {
            copyFileSync(join(PROJECT_DIR, file), join(dir, file));
        }
        initClass({ projectDir: dir, from: "lab", students: 1, prefix: "s" });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("chooses the named file, else the stack's own, else the pack's defaults", () => {
        assert.deepStrictEqual(choosePolicyConfig("s-01", dir), { file: join(dir, "policy", "config.lab.json"), chosenBy: "named by vpc-labs:policyConfig in Pulumi.s-01.yaml" });
        assert.deepStrictEqual(choosePolicyConfig("lab", dir), { file: join(dir, "policy", "config.lab.json"), chosenBy: "the stack's own" });
        assert.deepStrictEqual(choosePolicyConfig("other", dir), { chosenBy: "no policy/config.other.json and no vpc-labs:policyConfig" });
    });

    it("is what plan uses and says, and what policy uses on the plan's export", async () => {
        const io = new BufferConsole();
        const exported = join(dir, "s-01.json");
        assert.strictEqual(await plan(["--stack", "s-01", "--json", "--export", exported], io, { projectDir: dir, program: loadProgram(PROJECT_DIR) }), EXIT.ok, io.errText);
        const report = JSON.parse(io.outText) as PlanReport;
        assert.strictEqual(report.policy.policyConfig, join(dir, "policy", "config.lab.json"));
        assert.strictEqual(report.policy.policyConfigChosenBy, "named by vpc-labs:policyConfig in Pulumi.s-01.yaml");
        const checked = new BufferConsole();
        assert.strictEqual(await policy([exported, "--json"], checked, { projectDir: dir }), EXIT.ok, checked.errText);
        assert.strictEqual((JSON.parse(checked.outText) as PolicyReport).policyConfig, report.policy.policyConfig);
    });

    it("stops the plan with exit 2 when the named file does not exist", async () => {
        const file = join(dir, "Pulumi.s-01.yaml");
        const original = readFileSync(file, "utf8");
        writeFileSync(file, original.replace('"policy/config.lab.json"', '"policy/config.missing.json"'));
        try {
            const io = new BufferConsole();
            assert.strictEqual(await plan(["--stack", "s-01"], io, { projectDir: dir, program: loadProgram(PROJECT_DIR) }), EXIT.badInput);
            assert.match(io.errText, /policy config .*policy\/config\.missing\.json does not exist/);
        } finally {
            writeFileSync(file, original);
        }
    });
});
