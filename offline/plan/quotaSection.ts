import { quotaDemand } from "../../analysis/quotas/demand";
import { quotaReport, QuotaReport } from "../../analysis/quotas/report";
import { classmates } from "../../config/classStacks";
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
