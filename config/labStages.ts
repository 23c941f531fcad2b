import { LAB_STAGES, STAGE_KEYS, StageOf } from "./stages";
import { LabName } from "./keys";
import { ConfigReader } from "./reader";

/**
 * The stage a lab's stage key names, or undefined when it is empty (the default: the lab's
 * final stage). A value that is not one of the lab's stages is reported with the list.
 * Empty and "named" are kept apart because `bastionSsmNaclExercise: true` without a stage
 * still means the NACL exercise (see labs/stageRules.ts).
 */
export function readStage<L extends LabName>(reader: ConfigReader, lab: L): StageOf<L> | undefined {
    const key = STAGE_KEYS[lab];
    const value = reader.string(key);
    if (value === "") {
        return undefined;
    }
    const stages = LAB_STAGES[lab] as readonly string[];
    if (!stages.includes(value)) {
        reader.report(key, `"${value}" is not a stage of the ${lab} lab (in order: ${stages.join(", ")})`, `set it to one of ${stages.join(", ")}, or leave it empty for the final stage`);
        return undefined;
    }
    return value as StageOf<L>;
}
