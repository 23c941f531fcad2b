import { quotaDemand } from "../../analysis/quotas/demand";
import { quotaReport, QuotaReport } from "../../analysis/quotas/report";
import { classmates } from "../../config/classStacks";
import { FAKE_APPLIED_QUOTAS } from "../fakeQuotas";
import { PROJECT_DIR } from "../../config/stackFiles";
import { offlineStackConfig } from "../validatedStack";

/**
 * The quota report of a planned stack and its class, or undefined when the stack's config is
 * not this project's (a test program's fixture stack). Classmates whose config does not
 * validate are left out; their own plans report them.
 */
export function planQuotaReport(stack: string, projectDir = PROJECT_DIR): QuotaReport | undefined {
    let demand;
    try {
        demand = quotaDemand(offlineStackConfig(stack, projectDir));
    } catch {
        return undefined;
    }
    const members: string[] = [];
    const demands = [];
    for (const member of classmates(stack, projectDir)) {
        try {
            demands.push(member === stack ? demand : quotaDemand(offlineStackConfig(member, projectDir)));
            members.push(member);
        } catch {
            // reported by that stack's own plan
        }
    }
    return quotaReport(demand, { stacks: members, demands });
}

function classmatesOrNone(stack: string, projectDir: string): string[] {
    try {
        return classmates(stack, projectDir);
    } catch {
        return []; // a stack file that does not read: the run reports it
    }
}

/**
 * The applied quotas of the offline account for a stack of a class: the fake account's, each
 * raised to what the whole class needs where that is more; undefined for a stack of no class.
 * An offline run of a class stack stands for a preview in an account prepared for the class
 * (the increases its quota report lists, OVER the defaults): without them every class of two
 * `lab` stacks would stop at the preflight (9 VPCs > 5) with no tree to look at. A real preview
 * checks the account's own values.
 */
export function classAppliedQuotas(stack: string, projectDir = PROJECT_DIR): Readonly<Record<string, number>> | undefined {
    // Most stacks are of no class: one look at the stack file settles it before any validation.
    if (classmatesOrNone(stack, projectDir).length < 2) {
        return undefined;
    }
    const report = planQuotaReport(stack, projectDir);
    if (!report?.classRows) {
        return undefined;
    }
    const applied: Record<string, number> = { ...FAKE_APPLIED_QUOTAS };
    for (const row of report.classRows) {
        applied[row.quota.quotaCode] = Math.max(applied[row.quota.quotaCode] ?? row.value, row.total);
    }
    return applied;
}
