import { AccountUsage, checkQuotas, QuotaRow, stacksThatFit } from "./check";
import { combinedDemand, QuotaDemand } from "./demand";
import { QuotaKey, QUOTAS } from "./quotaTable";

/** What a new account already holds: the default VPC, its internet gateway and default security group. */
export const NEW_ACCOUNT_USAGE: AccountUsage = { vpcs: 1, internetGateways: 1, elasticIps: 0, securityGroups: 1, natGatewaysByZone: {} };

/** The preflight as `plan` reports it: the stack (and its class) against the AWS default quotas. */
export interface QuotaReport {
    readonly region: string;
    readonly basis: "AWS default quotas, beside a new account's default VPC";
    readonly rows: readonly QuotaRow[];
    /** The stacks of the class in this account and Region (this one included); absent for a stack of no class. */
    readonly classStacks?: readonly string[];
    /** The rows for the whole class together. */
    readonly classRows?: readonly QuotaRow[];
    /** How many stacks like this one fit in one account and Region at the default quotas. */
    readonly fitPerAccount: { readonly count: number | null; readonly limitedBy?: QuotaKey; readonly withoutVcpus: number | null };
}

const finite = (n: number) => (Number.isFinite(n) ? n : null);

/** The plan's quota report of a stack, and of its class when it has classmates. */
export function quotaReport(demand: QuotaDemand, classDemands?: { readonly stacks: readonly string[]; readonly demands: readonly QuotaDemand[] }): QuotaReport {
    const rows = checkQuotas(demand, {}, NEW_ACCOUNT_USAGE);
    const fit = stacksThatFit(demand, {}, NEW_ACCOUNT_USAGE);
    const withoutVcpus = stacksThatFit({ ...demand, instances: {} }, {}, NEW_ACCOUNT_USAGE);
    return {
        region: demand.region,
        basis: "AWS default quotas, beside a new account's default VPC",
        rows,
        ...(classDemands && classDemands.stacks.length > 1
            ? { classStacks: classDemands.stacks, classRows: checkQuotas(combinedDemand(classDemands.demands), {}, NEW_ACCOUNT_USAGE) }
            : {}),
        fitPerAccount: { count: finite(fit.count), ...(fit.limitedBy ? { limitedBy: fit.limitedBy } : {}), withoutVcpus: finite(withoutVcpus.count) },
    };
}

function cell(text: string | number, width: number): string {
    return String(text).padEnd(width);
}

/** The report as the lines `plan` prints. */
export function renderQuotaReport(report: QuotaReport): string[] {
    const classRows = report.classRows;
    const header = [cell("quota", 66), cell("code", 11), cell("default", 8), cell("in use", 7), cell("stack", 6), ...(classRows ? [cell(`class (${report.classStacks!.length})`, 11)] : []), "total"];
    const lines = [`Quota preflight (${report.basis}, ${report.region}):`, `  ${header.join(" ")}`.trimEnd()];
    report.rows.forEach((row, i) => {
        const classRow = classRows?.[i];
        const shown = classRow ?? row;
        const where = row.where && row.quota.scope !== "region" ? `  in ${row.where}` : "";
        lines.push(
            `  ${[
                cell(row.quota.name, 66),
                cell(row.quota.quotaCode, 11),
                cell(`${row.value}${row.quota.unit ? " vCPU" : ""}`, 8),
                cell(row.inUse ?? "-", 7),
                cell(row.adds, 6),
                ...(classRow ? [cell(classRow.adds, 11)] : []),
                `${shown.total}${shown.exceeds ? `  OVER the default of ${shown.value}` : ""}${where}`,
            ].join(" ")}`,
        );
    });
    const fit = report.fitPerAccount;
    const limit = fit.limitedBy ? ` (limited by ${QUOTAS[fit.limitedBy].name})` : "";
    const vcpuNote = fit.limitedBy === "onDemandStandardVcpus" && fit.withoutVcpus !== null ? `; ${fit.withoutVcpus} once the vCPU quota is raised` : "";
    lines.push(`  Fits ${fit.count ?? "any number of"} stack(s) like this per account and Region at the default quotas${limit}${vcpuNote}.`);
    if (classRows?.some((row) => row.exceeds)) {
        lines.push(`  The class's ${report.classStacks!.length} stacks need more than the defaults: request the increases above, or split the class across accounts or Regions (offline, the plan takes them as granted).`);
    }
    lines.push("  A real preview or up checks the account's applied quotas and usage before it registers anything.");
    return lines;
}
