import { PredictedRecord } from "../../analysis/flowLogs/predict";
import { LabCheck } from "../../labs/labCheck";
import { StageRun } from "./stageRuns";

/**
 * The expected result of a connectivity check as the guide prints it: reachable or blocked,
 * and where that verdict comes from. The guide never takes it from the check's prose: the
 * prose is shown beside it, and a disagreement is shown as one.
 */
export interface AnalysedExpectation {
    /** true: gets through; false: blocked; null: the analysis cannot tell offline. */
    readonly reachable: boolean | null;
    /** `analysis`: computed from the stage's resources; `stated`: the probe's own expectReachable. */
    readonly source: "analysis" | "stated";
    /** What blocks the flow or which path it takes, in the analysis's words. @default none */
    readonly detail?: string;
    /** The same in Korean, for the Korean guide (see reachKo.ts). @default none: the Korean guide shows only the verdict */
    readonly detailKo?: string;
    /** The records the analysed flow leaves in the stage's flow logs: what to look for. @default none */
    readonly flowLogRecords?: readonly PredictedRecord[];
}

/**
 * The step that answers a check's probe for one stage: by default the offline reachability
 * analysis of the stage's resources (reachExpectation); tests inject their own.
 */
export type AnalyseProbe = (check: LabCheck & { readonly probe: NonNullable<LabCheck["probe"]> }, run: StageRun) => AnalysedExpectation;

/** True when the analysed verdict contradicts what the check states. */
export function contradicts(check: LabCheck, expectation: AnalysedExpectation): boolean {
    return check.probe !== undefined && expectation.reachable !== null && expectation.reachable !== check.probe.expectReachable;
}
