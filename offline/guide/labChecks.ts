import { LabName } from "../../config/keys";
import { LabCheck } from "../../components/labs/labCheck";
import { LabStage } from "../../components/labs/stages";
import { finalCheckKorean } from "./finalChecksKo";
import { adaptVerification } from "./verificationAdapter";

/** The stack-output key of each lab (`pulumi stack output <key> --json`). */
export const OUTPUT_KEYS: Readonly<Record<LabName, string>> = { endpoints: "endpoints", "endpoint-service": "endpointService", "bastion-ssm": "bastionSsm" };

/**
 * A lab's checks at a stage, from the lab's stack outputs: `checks` (LabCheck[]) where the lab
 * exports them, the final-stage `verification` lists through the temporary adapter otherwise.
 * `notes` are consequences stated beside the checks (what the NACL also blocks).
 */
export function labChecksOf(lab: LabName, stage: LabStage, outputs: Record<string, unknown>): { checks: LabCheck[]; notes: string[] } {
    const found = Array.isArray(outputs.checks) ? { checks: outputs.checks as LabCheck[], notes: [] } : adaptVerification(lab, stage, outputs);
    // Checks exported in English only get the guide's Korean texts where it has them.
    return { ...found, checks: found.checks.map((check) => (check.ko ? check : withKorean(check))) };
}

function withKorean(check: LabCheck): LabCheck {
    const ko = finalCheckKorean(check);
    return ko ? { ...check, ko } : check;
}

/** The outputs of one lab in a stack's outputs, or an empty object when the stack lacks the lab. */
export function labOutputs(stackOutputs: Record<string, unknown>, lab: LabName): Record<string, unknown> {
    const value = stackOutputs[OUTPUT_KEYS[lab]];
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
