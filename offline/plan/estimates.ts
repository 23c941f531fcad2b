import { estimateRecordedCost } from "../../analysis/cost/fromRecords";
import { CostEstimate } from "../../analysis/cost/estimate";
import { renderCost } from "../../analysis/cost/render";
import { DeployTimeEstimate, estimateDeployTime } from "../../analysis/deployTime/estimate";
import { renderDeployTime } from "../../analysis/deployTime/render";
import { RecordedResource } from "../records";
import { props } from "./resourceGraph";

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
