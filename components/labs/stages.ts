import { LabName } from "../../config/keys";

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
