import { LabName } from "../../config/keys";
import { LabCheck } from "../../labs/labCheck";
import { LAB_STAGES, LabStage, StageOf } from "../../config/stages";
import { RecordedResource } from "../../lib/records";
import { PROJECT_DIR } from "../../config/stackFiles";
import { stackPolicyConfig } from "../plan/verdicts";
import { deployedValues, offlineIdsIn, substituteCheck } from "./deployedValues";
import { AnalyseProbe, AnalysedExpectation, contradicts } from "./expectation";
import { reachExpectation } from "./reachExpectation";
import { labChecksOf, labOutputs } from "./labChecks";
import { runStages, StageRun, StageRuns } from "./stageRuns";
import { LAB_TEXTS, LabText, STAGE_TEXTS, StageText } from "./stageTexts";

/** A check as the guide prints it: the check, and for a connectivity check its analysed expectation. */
export interface GuideCheck {
    readonly check: LabCheck;
    readonly expectation?: AnalysedExpectation;
    /** The analysis says otherwise than the check's text. */
    readonly contradicted: boolean;
    /** Cloud IDs in the command that come from the offline plan (the deployed outputs lack them). */
    readonly offlineIds: readonly string[];
}

export interface GuideStage {
    readonly kind: "stage";
    readonly lab: LabName;
    readonly stage: LabStage;
    /** 1-based position in the lab's sequence, and the sequence's length. */
    readonly position: number;
    readonly count: number;
    readonly text: StageText;
    /** The `pulumi up` that puts the stack at this stage. */
    readonly command: string;
    readonly checks: readonly GuideCheck[];
    readonly notes: readonly string[];
    readonly resources: readonly RecordedResource[];
    readonly resourceCount: number;
}

export interface GuideSkippedStage {
    readonly kind: "skipped";
    readonly lab: LabName;
    readonly stage: LabStage;
    readonly position: number;
    readonly count: number;
    readonly text: StageText;
    readonly reason: { readonly en: string; readonly ko: string };
}

export interface GuideLab {
    readonly lab: LabName;
    readonly text: LabText;
    readonly stages: readonly (GuideStage | GuideSkippedStage)[];
}

export interface GuideModel {
    readonly stack: string;
    readonly project: string;
    readonly region: string;
    /** Where the IDs come from: the offline plan, or a deployed stack's outputs file. */
    readonly ids: { readonly kind: "offline" } | { readonly kind: "deployed"; readonly file: string };
    readonly labs: readonly GuideLab[];
}

export interface GuideOptions {
    readonly projectDir?: string;
    /** A deployed stack's `pulumi stack output --json`, and the name to show for it. */
    readonly deployed?: { readonly outputs: Record<string, unknown>; readonly file: string };
    /** The step that gives each connectivity check its expected verdict. @default reachExpectation (the offline analysis) */
    readonly analyse?: AnalyseProbe;
    /** The stack's stage runs, when they were run already (tests share them). @default run here */
    readonly stageRuns?: StageRuns;
}

/** The `pulumi up` of a stage: the stage's config saved to the stack, with the stack's policy pack. */
export function stageCommand(stack: string, config: Readonly<Record<string, string>>, hasPolicyConfig: boolean): string {
    const sets = Object.entries(config).map(([key, value]) => `--config vpc-labs:${key}=${value}`);
    const policy = hasPolicyConfig ? ` --policy-pack policy --policy-pack-config policy/config.${stack}.json` : "";
    return `pulumi up --stack ${stack} ${sets.join(" ")}${policy}`;
}

/** Runs every stage of the stack offline and assembles what the guide prints. */
export async function buildGuide(stack: string, options: GuideOptions = {}): Promise<GuideModel> {
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const { runs, skipped } = options.stageRuns ?? (await runStages(stack, projectDir));
    const analyse = options.analyse ?? reachExpectation;
    const values = new Map<string, string>();
    if (options.deployed) {
        for (const run of runs) {
            deployedValues(run.run.outputs, options.deployed.outputs, values);
        }
    }
    const deployedIds = new Set(values.values());
    const hasPolicyConfig = stackPolicyConfig(stack, projectDir) !== undefined;
    const labs = [...new Set([...runs.map((r) => r.lab), ...skipped.map((s) => s.lab)])];
    const guideLabs: GuideLab[] = labs.map((lab) => {
        const stages = LAB_STAGES[lab] as readonly StageOf<LabName>[];
        const texts = STAGE_TEXTS[lab] as Readonly<Record<string, StageText>>;
        return {
            lab,
            text: LAB_TEXTS[lab],
            stages: stages.map((stage, i): GuideStage | GuideSkippedStage => {
                const common = { lab, stage, position: i + 1, count: stages.length, text: texts[stage] };
                const run = runs.find((r) => r.lab === lab && r.stage === stage);
                if (!run) {
                    const skip = skipped.find((s) => s.lab === lab && s.stage === stage)!;
                    return { kind: "skipped", ...common, reason: skip.reason };
                }
                const { checks, notes } = labChecksOf(stage, labOutputs(run.run.outputs, lab));
                return {
                    kind: "stage",
                    ...common,
                    command: stageCommand(stack, run.config, hasPolicyConfig),
                    checks: checks.map((check) => guideCheck(options.deployed ? substituteCheck(check, values) : check, run, analyse, options.deployed ? deployedIds : undefined)),
                    notes,
                    resources: run.run.resources,
                    resourceCount: run.run.resources.length,
                };
            }),
        };
    });
    const first = runs[0]?.run;
    return {
        stack,
        project: first?.project ?? "vpc-labs",
        region: first?.region ?? "",
        ids: options.deployed ? { kind: "deployed", file: options.deployed.file } : { kind: "offline" },
        labs: guideLabs,
    };
}

function guideCheck(check: LabCheck, run: StageRun, analyse: AnalyseProbe, deployedIds: ReadonlySet<string> | undefined): GuideCheck {
    const probe = check.probe;
    const expectation = probe ? analyse({ ...check, probe }, run) : undefined;
    return {
        check,
        ...(expectation ? { expectation } : {}),
        contradicted: expectation ? contradicts(check, expectation) : false,
        offlineIds: deployedIds ? offlineIdsIn(check, deployedIds) : [],
    };
}
