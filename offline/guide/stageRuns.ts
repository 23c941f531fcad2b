import { LabName, qualified } from "../../config/keys";
import { RawConfig } from "../../config/reader";
import { LAB_STAGES, STAGE_KEYS, StageOf } from "../../config/stages";
import { assumedExistingVpcs } from "../assumedExistingVpcs";
import { readStackConfig, PROJECT_DIR } from "../../config/stackFiles";
import { loadProgram, ProgramRun, runProgram } from "../plan/programRunner";

/** One lab of a stack built at one of its stages, offline. */
export interface StageRun {
    readonly lab: LabName;
    readonly stage: StageOf<LabName>;
    /** The config keys the student sets for this stage (`pulumi up --config key=value ...`), unqualified. */
    readonly config: Readonly<Record<string, string>>;
    readonly run: ProgramRun;
}

/** Every stage of a stack's labs, run offline, and the stages the stack cannot be put at. */
export interface StageRuns {
    readonly runs: readonly StageRun[];
    readonly skipped: readonly SkippedStage[];
    /** The stack's config as the runs started from (stack file over Pulumi.yaml, then the overrides). */
    readonly raw: RawConfig;
}

/** A stage a stack cannot be put at, and why (shown in the guide instead of the stage). */
export interface SkippedStage {
    readonly lab: LabName;
    readonly stage: StageOf<LabName>;
    readonly reason: { readonly en: string; readonly ko: string };
}

/** The labs the stack file chooses, in build order. */
export function stackLabs(raw: RawConfig): LabName[] {
    const listed = JSON.parse(raw[qualified("labs")] ?? "[]") as string[];
    return (Object.keys(LAB_STAGES) as LabName[]).filter((lab) => listed.includes(lab));
}

/**
 * The config a student sets to put the lab at `stage`: the stage key, and for bastion-ssm
 * `bastionSsmNaclExercise: false` when the stack file turns the exercise on (the stage then
 * decides; the two keys together would contradict each other at every stage but nacl).
 */
export function stageConfig(lab: LabName, stage: StageOf<LabName>, raw: RawConfig): Record<string, string> {
    const config: Record<string, string> = { [STAGE_KEYS[lab]]: stage };
    if (lab === "bastion-ssm" && raw[qualified("bastionSsmNaclExercise")] === "true") {
        config.bastionSsmNaclExercise = "false";
    }
    return config;
}

/** Why a stack cannot be put at a stage: a stage that would add nothing under the stack's other keys. */
export function skipReason(lab: LabName, stage: StageOf<LabName>, raw: RawConfig): SkippedStage["reason"] | undefined {
    if (lab === "bastion-ssm" && stage === "nat" && (raw[qualified("bastionSsmNatGateways")] ?? "single") === "none") {
        return {
            en: "This stack has no NAT gateway (bastionSsmNatGateways: none), so it goes from network straight to ssm: the private instances reach Systems Manager only through the endpoints.",
            ko: "이 스택에는 NAT 게이트웨이가 없으므로 (bastionSsmNatGateways: none) network 단계에서 바로 ssm 단계로 간다. 프라이빗 인스턴스는 엔드포인트를 통해서만 Systems Manager에 닿는다.",
        };
    }
    if (lab === "endpoints" && stage === "interface" && JSON.parse(raw[qualified("endpointsInterfaceServices")] ?? "[]").length === 0) {
        return { en: "This stack lists no endpointsInterfaceServices, so the interface stage adds nothing.", ko: "이 스택은 endpointsInterfaceServices가 비어 있어 interface 단계에서 추가되는 것이 없다." };
    }
    return undefined;
}

/**
 * Runs every stage of every lab the stack chooses, one lab per run (so each run, and its
 * diagram, holds that lab only; the fake cloud's IDs depend on resource names, so they are the
 * same as in the whole stack). Runs are sequential: Pulumi's runtime is global state.
 */
export async function runStages(stack: string, projectDir = PROJECT_DIR, overrides: RawConfig = {}): Promise<StageRuns> {
    const raw = { ...readStackConfig(stack, projectDir), ...overrides };
    const program = loadProgram(projectDir);
    const region = raw["aws:region"];
    const account = region ? { region } : undefined;
    const runs: StageRun[] = [];
    const skipped: SkippedStage[] = [];
    for (const lab of stackLabs(raw)) {
        for (const stage of LAB_STAGES[lab] as readonly StageOf<LabName>[]) {
            const reason = skipReason(lab, stage, raw);
            if (reason) {
                skipped.push({ lab, stage, reason });
                continue;
            }
            const config = stageConfig(lab, stage, raw);
            const merged: Record<string, string> = { ...raw, [qualified("labs")]: JSON.stringify([lab]) };
            for (const [key, value] of Object.entries(config)) {
                merged[qualified(key)] = value;
            }
            const run = await runProgram(program, { stack, config: merged, account, existingVpcs: assumedExistingVpcs(merged, account) });
            runs.push({ lab, stage, config, run });
        }
    }
    return { runs, skipped, raw };
}
