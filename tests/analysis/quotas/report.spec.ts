import * as assert from "assert";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { initClass } from "../../../classroom/init";
import { BufferConsole, EXIT } from "../../../offline/plan/cli";
import { main as plan, PlanReport } from "../../../offline/plan/planCommand";
import { planQuotaReport } from "../../../offline/plan/quotaSection";
import { PROJECT_DIR } from "../../../config/stackFiles";

describe("quota report of the plan", () => {
    it("prints the lab stack against the AWS defaults, flags the vCPUs and says how many fit", async () => {
        const io = new BufferConsole();
        assert.strictEqual(await plan(["--stack", "lab"], io), EXIT.ok, io.errText);
        const lines = io.outText.split("\n");
        const start = lines.findIndex((l) => l.startsWith("Quota preflight (AWS default quotas, beside a new account's default VPC, ap-northeast-2):"));
        assert.ok(start > 0, io.outText);
        const row = (name: string) => lines.slice(start, start + 14).find((l) => l.trim().startsWith(name))?.trim().split(/\s{2,}/);
        assert.deepStrictEqual(row("VPCs per Region"), ["VPCs per Region", "L-F678F1CE", "5", "1", "4", "5"]);
        assert.deepStrictEqual(row("NAT gateways per Availability Zone"), ["NAT gateways per Availability Zone", "L-FE5A380F", "5", "0", "1", "1", "in ap-northeast-2a"]);
        assert.deepStrictEqual(row("Running On-Demand"), ["Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", "L-1216C47A", "5 vCPU", "-", "18", "18", "OVER the default of 5"]);
        assert.ok(lines.includes("  Fits 0 stack(s) like this per account and Region at the default quotas (limited by Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances); 1 once the vCPU quota is raised."));
    });

    it("carries the report in --json", async () => {
        const io = new BufferConsole();
        assert.strictEqual(await plan(["--stack", "dev", "--json"], io), EXIT.ok, io.errText);
        const quotas = (JSON.parse(io.outText) as PlanReport).quotas!;
        assert.deepStrictEqual(
            quotas.rows.map((r) => [r.quota.quotaCode, r.adds]),
            [["L-F678F1CE", 4], ["L-A4707A72", 4], ["L-0263D0A3", 0], ["L-FE5A380F", 0], ["L-29B6F2EB", 3], ["L-E79EC296", 14], ["L-0EA8095F", 4], ["L-1216C47A", 18]],
        );
        assert.strictEqual(quotas.classStacks, undefined);
    });

    it("counts every stack of a class in one Region together, and only those", () => {
        const dir = mkdtempSync(join(tmpdir(), "vpc-labs-quota-"));
        try {
            mkdirSync(join(dir, "policy"));
            for (const file of ["Pulumi.yaml", "Pulumi.lab.yaml", "Pulumi.dev.yaml", "policy/config.lab.json"]) {
                copyFileSync(join(PROJECT_DIR, file), join(dir, file));
            }
            initClass({ projectDir: dir, from: "lab", students: 3, prefix: "a" });
            initClass({ projectDir: dir, from: "dev", students: 2, prefix: "b" });
            const report = planQuotaReport("a-02", dir)!;
            assert.deepStrictEqual(report.classStacks, ["a-01", "a-02", "a-03"]);
            const vpcs = report.classRows!.find((r) => r.key === "vpcs")!;
            assert.deepStrictEqual([vpcs.adds, vpcs.total, vpcs.exceeds], [12, 13, true]);
            // Every student's groups count: the three stacks' VPCs share names, not groups.
            const groups = report.classRows!.find((r) => r.key === "securityGroups")!;
            assert.deepStrictEqual([groups.adds, groups.total], [45, 46]);
            const nat = report.classRows!.find((r) => r.key === "natGateways")!;
            assert.deepStrictEqual([nat.adds, nat.where], [3, "ap-northeast-2a"]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
