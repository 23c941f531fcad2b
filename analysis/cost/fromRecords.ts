import { RecordedResource } from "../../offline/records";
import { prepare, stackResources } from "../../policy/lib/serverShapes";
import { recordsFromEngine } from "../../policy/policyRecords";
import { CostEstimate, estimateCost } from "./estimate";

/** The cost estimate of recorded resources (the offline plan, a stack export), read as the policy pack reads them. */
export function estimateRecordedCost(resources: readonly RecordedResource[]): CostEstimate {
    return estimateCost(stackResources(recordsFromEngine(resources).map(prepare)));
}
