import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../../config/stackConfig";
import { ConfigError } from "../../lib/errors";
import { checkQuotas, quotaProblem, QuotaRow } from "./check";
import { quotaDemand } from "./demand";
import { lookUpAccount } from "./lookups";

export interface PreflightOptions {
    /** Where warnings go. @default pulumi.log.warn */
    readonly warn?: (message: string) => void;
}

/**
 * The quota preflight of a real `pulumi preview`/`up`, run before any resource is registered:
 * looks up the account's applied quotas and usage, and refuses with one ConfigError naming
 * every quota the stack would exceed (value, usage, what it adds, the fix). A quota whose
 * applied value could not be read is compared with the AWS default and only warned about:
 * the account may well have more.
 */
export async function quotaPreflight(config: StackConfig, stack: string, options: PreflightOptions = {}): Promise<readonly QuotaRow[]> {
    const warn = options.warn ?? ((message: string) => void pulumi.log.warn(message));
    const demand = quotaDemand(config);
    const lookup = await lookUpAccount(stack, demand);
    const rows = checkQuotas(demand, lookup.applied, lookup.usage);
    if (lookup.failures.length > 0) {
        warn(
            `quota preflight: some lookups failed, so those quotas are checked against the AWS defaults and usage may be undercounted ` +
                `(grant servicequotas:GetServiceQuota and ec2:Describe* to check them):\n  ${lookup.failures.join("\n  ")}`,
        );
    }
    const overDefault = rows.filter((row) => row.exceeds && row.source === "default");
    for (const row of overDefault) {
        warn(`quota preflight: ${Object.values(quotaProblem(row, config.region)).join("; ")} (the account's value could not be read; it may be higher)`);
    }
    for (const row of rows.filter((r) => r.unknownTypes)) {
        warn(`quota preflight: the vCPUs of ${row.unknownTypes!.join(", ")} are not known to this package; they are left out of the ${row.quota.name} check`);
    }
    const refused = rows.filter((row) => row.exceeds && row.source === "applied");
    if (refused.length > 0) {
        throw new ConfigError(`Quota preflight of stack ${stack} in ${config.region}`, refused.map((row) => quotaProblem(row, config.region)));
    }
    return rows;
}
