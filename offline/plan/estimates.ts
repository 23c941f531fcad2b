import { estimateRecordedCost } from "../../analysis/cost/fromRecords";
import { CostEstimate } from "../../analysis/cost/estimate";
import { renderCost } from "../../analysis/cost/render";
import { DeployTimeEstimate, estimateDeployTime } from "../../analysis/deployTime/estimate";
import { renderDeployTime } from "../../analysis/deployTime/render";
import { RecordedResource } from "../../lib/records";
import { PROJECT_DIR } from "../../config/stackFiles";
import { Program, runStack } from "./programRunner";
import { props } from "./resourceGraph";
import { exportedResources } from "./stackExport";

/** What a stack costs per hour and how long its first `pulumi up` takes, from its records. */
export interface StackEstimates {
    readonly cost: CostEstimate;
    readonly deployTime: DeployTimeEstimate;
}

export function stackEstimates(resources: readonly RecordedResource[]): StackEstimates {
    return {
        cost: estimateRecordedCost(resources),
        deployTime: estimateDeployTime(resources.map((r) => ({ ...r, props: props(r) }))),
    };
}

export function renderEstimates(estimates: StackEstimates): string[] {
    return [...renderCost(estimates.cost), ...renderDeployTime(estimates.deployTime)];
}

/** The estimates of a stack of the project, from an offline run of its program (read back from its export, as `plan` does). */
export async function plannedStackEstimates(stack: string, projectDir = PROJECT_DIR, program?: Program): Promise<StackEstimates> {
    const run = await runStack(stack, projectDir, program);
    return stackEstimates(exportedResources(run));
}
