import { PolicyResource } from "@pulumi/policy";
import { prepare, stackResources } from "../../policy/lib/serverShapes";
import { recordsFromEngine } from "../../policy/policyRecords";
import { RecordedResource } from "../records";

/** Recorded resources as the policy pack (and so the reachability analysis) receives them. */
export function policyResourcesOf(resources: readonly RecordedResource[]): PolicyResource[] {
    return stackResources(recordsFromEngine(resources).map(prepare));
}
