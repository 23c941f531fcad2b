import { analyseChecks } from "../../analysis/reach/checks";
import { networkModel, NetworkModel } from "../../analysis/reach/analyze";
import { policyResourcesOf } from "../plan/reachModel";
import { readStackExport, toStackExport } from "../plan/stackExport";
import { AnalyseProbe } from "./expectation";
import { StageRun } from "./stageRuns";

/** One network model per stage run: a stage has several checks, and indexing is the costly part. */
const models = new WeakMap<StageRun, NetworkModel>();

function modelOf(run: StageRun): NetworkModel {
    let model = models.get(run);
    if (!model) {
        // As `reach --stack` does: the export read back, so the guide sees what a stack export shows.
        model = networkModel(policyResourcesOf(readStackExport(JSON.stringify(toStackExport(run.run))).resources));
        models.set(run, model);
    }
    return model;
}

/**
 * The guide's expected verdict of a connectivity check: the offline reachability analysis of
 * the stage's own resources (analysis/reach), never the check's prose, with the path it takes
 * or what blocks it.
 */
export const reachExpectation: AnalyseProbe = (check, run) => {
    const [row] = analyseChecks(modelOf(run), [check]);
    return { reachable: row.analysed, source: "analysis", detail: row.path };
};
