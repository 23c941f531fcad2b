import { LabName } from "./keys";

/**
 * Each lab's stages in the order the original lab walks through them: the "before" states
 * a student sees first, then the change, then the final state. The last stage of each list
 * is what a stack builds when it names no stage.
 */
export const LAB_STAGES = {
    endpoints: ["network", "gateway", "interface"],
    "endpoint-service": ["provider", "service", "accepted"],
    "bastion-ssm": ["network", "nat", "ssm", "nacl", "nacl-off"],
} as const satisfies Record<LabName, readonly string[]>;

/** A stage of lab `L`. */
export type StageOf<L extends LabName> = (typeof LAB_STAGES)[L][number];

/** A stage of any lab. */
export type LabStage = StageOf<LabName>;

/** The stage a lab is built at when the stack names none: the original's end state. */
export function finalStage<L extends LabName>(lab: L): StageOf<L> {
    const stages = LAB_STAGES[lab];
    return stages[stages.length - 1] as StageOf<L>;
}

/** The config key that chooses each lab's stage. */
export const STAGE_KEYS = {
    endpoints: "endpointsStage",
    "endpoint-service": "endpointServiceStage",
    "bastion-ssm": "bastionSsmStage",
} as const satisfies Record<LabName, string>;

/** Position of `stage` in its lab's sequence (0 for the first stage). */
export function stageIndex<L extends LabName>(lab: L, stage: StageOf<L>): number {
    return (LAB_STAGES[lab] as readonly string[]).indexOf(stage);
}

/** True when a lab built at `current` has already gone through `step` (it includes what `step` adds). */
export function hasReached<L extends LabName>(lab: L, current: StageOf<L>, step: StageOf<L>): boolean {
    return stageIndex(lab, current) >= stageIndex(lab, step);
}

/** The stage before `stage`, or undefined for the first one. */
export function previousStage<L extends LabName>(lab: L, stage: StageOf<L>): StageOf<L> | undefined {
    const index = stageIndex(lab, stage);
    return index > 0 ? (LAB_STAGES[lab][index - 1] as StageOf<L>) : undefined;
}

/** A lab and one of its stages, as the guide and the tests walk them. */
export interface LabAtStage<L extends LabName = LabName> {
    readonly lab: L;
    readonly stage: StageOf<L>;
}
