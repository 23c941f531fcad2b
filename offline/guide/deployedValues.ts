import { LabCheck } from "../../labs/labCheck";

/** The cloud IDs the guide recognises in a text: the shapes of EC2, VPC, ELB and S3 identifiers the labs print. */
const CLOUD_ID = /\b(?:vpc|subnet|rtb|vpce-svc|vpce|i|sg|sgr|pl|acl|eice|nat|igw|eipalloc|eni)-[0-9a-f]{8,17}\b|arn:aws[a-z-]*:[^\s"',)]+/g;

/** Keys whose values are texts made from other outputs: walked for nothing, so whole commands are never swapped. */
const DERIVED_KEYS = new Set(["verification", "checks", "sessionManager", "bastion", "naclExercise", "acceptCommand"]);

/**
 * Pairs each value of the offline plan's outputs with the deployed stack's value at the same
 * place (`pulumi stack output --json`), so the guide can print the real IDs. Only differing
 * strings are paired; derived texts (the verification lists) are skipped.
 */
export function deployedValues(offline: unknown, deployed: unknown, into = new Map<string, string>()): Map<string, string> {
    if (typeof offline === "string" && typeof deployed === "string") {
        if (offline !== deployed && offline !== "") {
            into.set(offline, deployed);
        }
    } else if (Array.isArray(offline) && Array.isArray(deployed)) {
        offline.forEach((value, i) => deployedValues(value, deployed[i], into));
    } else if (offline !== null && typeof offline === "object" && deployed !== null && typeof deployed === "object") {
        for (const [key, value] of Object.entries(offline)) {
            if (!DERIVED_KEYS.has(key)) {
                deployedValues(value, (deployed as Record<string, unknown>)[key], into);
            }
        }
    }
    return into;
}

/** Replaces every paired value in a text, longest first, in one pass. */
export function substitute(text: string, values: ReadonlyMap<string, string>): string {
    if (values.size === 0) {
        return text;
    }
    const keys = [...values.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return text.replace(new RegExp(keys.join("|"), "g"), (match) => values.get(match) ?? match);
}

/** A check with the deployed values in all its texts. */
export function substituteCheck(check: LabCheck, values: ReadonlyMap<string, string>): LabCheck {
    const s = (text: string) => substitute(text, values);
    const opt = (text: string | undefined) => (text === undefined ? undefined : s(text));
    return {
        ...check,
        where: s(check.where),
        command: s(check.command),
        expected: s(check.expected),
        ...(check.hint !== undefined ? { hint: s(check.hint) } : {}),
        ...(check.note !== undefined ? { note: s(check.note) } : {}),
        ...(check.probe ? { probe: { ...check.probe, from: s(check.probe.from), to: s(check.probe.to) } } : {}),
        ...(check.ko ? { ko: { where: s(check.ko.where), expected: s(check.ko.expected), hint: opt(check.ko.hint), note: opt(check.ko.note) } } : {}),
    };
}

/** The cloud IDs in a check's command that the deployed outputs did not supply (still the offline plan's). */
export function offlineIdsIn(check: LabCheck, deployedIds: ReadonlySet<string>): string[] {
    return [...new Set(check.command.match(CLOUD_ID) ?? [])].filter((id) => !deployedIds.has(id));
}
