import { LabCheck } from "../../components/labs/labCheck";
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
}

/**
 * The step that answers a check's probe for one stage. The reachability analysis (issue 11,
 * `analysis/reach`) is plugged in here at merge: `(check, run) => answer of reach(run.resources,
 * check.probe)` mapped to an AnalysedExpectation.
 */
export type AnalyseProbe = (check: LabCheck & { readonly probe: NonNullable<LabCheck["probe"]> }, run: StageRun) => AnalysedExpectation;

/** Until the analysis is connected: the probe's stated expectation, marked as such. */
export const statedExpectation: AnalyseProbe = (check) => ({ reachable: check.probe.expectReachable, source: "stated" });

/** True when the analysed verdict contradicts what the check states. */
export function contradicts(check: LabCheck, expectation: AnalysedExpectation): boolean {
    return check.probe !== undefined && expectation.reachable !== null && expectation.reachable !== check.probe.expectReachable;
}
