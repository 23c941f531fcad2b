import { predictRecords } from "../../analysis/flowLogs/predict";
import { flowLogView, StackFlowLogView } from "../../analysis/flowLogs/stackView";
import { analyseChecks } from "../../analysis/reach/checks";
import { networkModel, NetworkModel } from "../../analysis/reach/analyze";
import { policyResourcesOf } from "../plan/reachModel";
import { exportedResources } from "../plan/stackExport";
import { AnalyseProbe } from "./expectation";
import { pathSummaryKo } from "./reachKo";
import { StageRun } from "./stageRuns";

/** One network model (and flow-log view) per stage run: a stage has several checks, and indexing is the costly part. */
const models = new WeakMap<StageRun, { model: NetworkModel; flowLogs: StackFlowLogView }>();

function modelOf(run: StageRun): { model: NetworkModel; flowLogs: StackFlowLogView } {
    let entry = models.get(run);
    if (!entry) {
        const model = networkModel(policyResourcesOf(exportedResources(run.run)));
        entry = { model, flowLogs: flowLogView(model.index) };
        models.set(run, entry);
    }
    return entry;
}

/**
 * The guide's expected verdict of a connectivity check: the offline reachability analysis of
 * the stage's own resources (analysis/reach), never the check's prose, with the path it takes
 * or what blocks it, and the records the flow leaves in the stage's flow logs.
 */
export const reachExpectation: AnalyseProbe = (check, run) => {
    const { model, flowLogs } = modelOf(run);
    const [row] = analyseChecks(model, [check]);
    const detailKo = row.answer ? pathSummaryKo(row.answer) : undefined;
    return {
        reachable: row.analysed,
        source: "analysis",
        detail: row.path,
        ...(detailKo ? { detailKo } : {}),
        ...(row.answer ? { flowLogRecords: predictRecords(row.answer, flowLogs) } : {}),
    };
};
