import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { CostEstimate } from "../../analysis/cost/estimate";
import { COST_TABLE_END, COST_TABLE_START, readmeCostTable } from "../../analysis/cost/readmeTable";
import { renderCost } from "../../analysis/cost/render";
import { plannedStackEstimates, StackEstimates } from "../../offline/plan/estimates";
import { COST_TABLE_PAGE, readmeStackEstimates, withCostTable } from "../../tools/writeCostTable";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
const COST_PAGE = readFileSync(join(__dirname, "..", "..", COST_TABLE_PAGE), "utf8");

describe("the committed stacks' cost and deploy time", () => {
    let estimates: Record<"lab" | "dev", CostEstimate>;
    let lab: StackEstimates;
    before(async () => {
        estimates = await readmeStackEstimates();
        lab = await plannedStackEstimates("lab");
    });

    it("keeps the cost table of docs/cost-quotas-classroom.md equal to what tools/writeCostTable.ts generates", () => {
        const table = readmeCostTable(estimates);
        assert.strictEqual(withCostTable(COST_PAGE, table), COST_PAGE, "run: npx tsx tools/writeCostTable.ts");
        assert.ok(COST_PAGE.includes(COST_TABLE_START) && COST_PAGE.includes(COST_TABLE_END));
    });

    it("keeps the per-hour figures of README.md's stack table equal to the estimates, to the cent", () => {
        for (const stack of ["lab", "dev"] as const) {
            const row = README.split("\n").find((line) => line.startsWith(`| \`${stack}\` |`));
            assert.strictEqual(row?.match(/\| \*\*\$(\d+\.\d\d)\*\* \|$/)?.[1], estimates[stack].hourlyUsd.toFixed(2), `the ${stack} row of "The stacks"`);
        }
    });

    it("prices the lab stack at $0.4145 an hour: every charge priced, in ap-northeast-2", () => {
        assert.strictEqual(estimates.lab.hourlyUsd, 0.414491);
        assert.strictEqual(estimates.lab.thirtyDayUsd, 298.43);
        assert.deepStrictEqual(estimates.lab.regions, ["ap-northeast-2"]);
        assert.deepStrictEqual(estimates.lab.unpriced, []);
        assert.deepStrictEqual(
            estimates.lab.byKind.map((k) => [k.kind, k.quantity]),
            [
                ["interface-endpoint", 14],
                ["instance", 9],
                ["nat-gateway", 1],
                ["public-ipv4", 5],
                ["network-load-balancer", 1],
                ["ebs-volume", 72],
            ],
        );
        assert.deepStrictEqual(
            estimates.lab.byLab.map((l) => l.lab),
            ["endpoints", "endpoint-service", "bastion-ssm"],
        );
    });

    it("prices the dev stack under its $0.20 budget from its awsx VPCs' children, which hold no NAT gateway", () => {
        assert.strictEqual(estimates.dev.hourlyUsd, 0.163291);
        assert.ok(estimates.dev.hourlyUsd < 0.2);
        assert.deepStrictEqual(estimates.dev.unpriced, []);
        assert.deepStrictEqual(
            estimates.dev.byKind.map((k) => [k.kind, k.quantity]),
            [
                ["interface-endpoint", 5],
                ["instance", 9],
                ["network-load-balancer", 1],
                ["public-ipv4", 4],
                ["ebs-volume", 72],
            ],
        );
        assert.deepStrictEqual(
            renderCost(estimates.dev).filter((line) => line.includes("note:")),
            // The offline engine lists awsx's children, so they are priced as themselves: no note.
            [],
        );
    });

    it("expects the lab stack's first pulumi up to wait on the PrivateLink chain: NLB, endpoint service, endpoint, acceptance", () => {
        assert.deepStrictEqual(
            lab.deployTime.criticalPath.map((s) => s.name),
            [
                "endpoint-service-provider-vpc",
                "endpoint-service-provider-private-1",
                "endpoint-service-nlb",
                "endpoint-service-service",
                "endpoint-service-endpoint-endpoint",
                "endpoint-service-accepter",
            ],
        );
        assert.strictEqual(lab.deployTime.createSeconds, 383);
        assert.deepStrictEqual(lab.deployTime.defaultTimeTypes, []);
    });
});
