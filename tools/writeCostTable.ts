/**
 * Rewrites the cost table of docs/cost-quotas-classroom.md (between its cost-table markers) from the price
 * table and the resources the committed stacks create: `npx tsx tools/writeCostTable.ts`
 * after changing analysis/cost or what a stack builds. A test fails while they disagree.
 */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { CostEstimate } from "../analysis/cost/estimate";
import { COST_TABLE_END, COST_TABLE_START, README_STACKS, readmeCostTable } from "../analysis/cost/readmeTable";
import { plannedStackEstimates } from "../offline/plan/estimates";
import { loadProgram } from "../offline/plan/programRunner";
import { PROJECT_DIR } from "../config/stackFiles";

/** The cost estimate of each committed stack, from an offline run of the program. */
export async function readmeStackEstimates(projectDir = PROJECT_DIR): Promise<Record<(typeof README_STACKS)[number], CostEstimate>> {
    const program = loadProgram(projectDir);
    const estimates: Partial<Record<(typeof README_STACKS)[number], CostEstimate>> = {};
    for (const stack of README_STACKS) {
        estimates[stack] = (await plannedStackEstimates(stack, projectDir, program)).cost;
    }
    return estimates as Record<(typeof README_STACKS)[number], CostEstimate>;
}

/** The page that holds the generated cost table, relative to the project. */
export const COST_TABLE_PAGE = "docs/cost-quotas-classroom.md";

/** The page's text with its cost table replaced; throws when the markers are missing. */
export function withCostTable(readme: string, table: string): string {
    const start = readme.indexOf(COST_TABLE_START);
    const end = readme.indexOf(COST_TABLE_END);
    if (start < 0 || end < start) {
        throw new Error(`${COST_TABLE_PAGE} has no ${COST_TABLE_START} ... ${COST_TABLE_END} section`);
    }
    return readme.slice(0, start) + table + readme.slice(end + COST_TABLE_END.length);
}

if (require.main === module) {
    void readmeStackEstimates().then((estimates) => {
        const path = join(PROJECT_DIR, COST_TABLE_PAGE);
        writeFileSync(path, withCostTable(readFileSync(path, "utf8"), readmeCostTable(estimates)));
        console.log(`wrote the cost table of ${README_STACKS.join(" and ")} to ${path}`);
    });
}
