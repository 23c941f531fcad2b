import { RecordedResource } from "../../lib/records";
import { prepare, stackResources } from "../stack/serverShapes";
import { recordsFromEngine } from "../stack/policyRecords";
import { CostEstimate, estimateCost } from "./estimate";

/** The cost estimate of recorded resources (the offline plan, a stack export), read as the policy pack reads them. */
export function estimateRecordedCost(resources: readonly RecordedResource[]): CostEstimate {
    return estimateCost(stackResources(recordsFromEngine(resources).map(prepare)));
}
