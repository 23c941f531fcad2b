import { LabName } from "../../config/keys";
import { labDefinition } from "../../components/labs/registry";
import { LabCheck } from "../../labs/labCheck";
import { LabStage } from "../../config/stages";
import { finalCheckKorean } from "./finalChecksKo";


/**
 * A lab's checks at its stage, from the lab's stack outputs (`checks`, one shape for every lab).
 * `notes` are consequences stated beside the checks (what the NACL also blocks).
 */
export function labChecksOf(stage: LabStage, outputs: Record<string, unknown>): { checks: LabCheck[]; notes: string[] } {
    const all = Array.isArray(outputs.checks) ? (outputs.checks as LabCheck[]) : [];
    // The nacl stage's lesson is the exercise; the lab exports the whole list there (so `reach
    // --checks` sees every consequence), and the guide shows the rest once, at nacl-off.
    const checks = stage === "nacl" ? all.filter((c) => c.id.startsWith("nacl-")) : all;
    const nacl = outputs.naclExercise as { alsoBlocked?: unknown } | undefined;
    const notes = Array.isArray(nacl?.alsoBlocked) ? (nacl.alsoBlocked as string[]) : [];
    const found = { checks, notes };
    // Checks exported in English only get the guide's Korean texts where it has them.
    return { ...found, checks: found.checks.map((check) => (check.ko ? check : withKorean(check))) };
}

function withKorean(check: LabCheck): LabCheck {
    const ko = finalCheckKorean(check);
    return ko ? { ...check, ko } : check;
}

/** The outputs of one lab in a stack's outputs, or an empty object when the stack lacks the lab. */
export function labOutputs(stackOutputs: Record<string, unknown>, lab: LabName): Record<string, unknown> {
    // The stack-output key is the lab definition's (`pulumi stack output <key> --json`).
    const key = labDefinition(lab)?.outputKey;
    const value = key === undefined ? undefined : stackOutputs[key];
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
