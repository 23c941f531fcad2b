import * as pulumi from "@pulumi/pulumi";
import { classmates } from "../../config/classStacks";
import { StackConfig } from "../../config/stackConfig";
import { validateStackConfig } from "../../config/validate";
import { ConfigError } from "../../lib/errors";
import { PROJECT_DIR, readStackConfig } from "../../config/stackFiles";
import { AccountUsage, checkQuotas, ClassReservation, quotaProblem, QuotaRow } from "./check";
import { combinedDemand, quotaDemand, QuotaDemand } from "./demand";
import { additions } from "./figures";
import { lookUpAccount } from "./lookups";

export interface PreflightOptions {
    /** Where warnings go. @default pulumi.log.warn */
    readonly warn?: (message: string) => void;
    /** The folder with the class's stack files. @default the project */
    readonly projectDir?: string;
    /** The Region's available zones, for validating classmates' files. @default the stack's two */
    readonly availableZones?: readonly string[];
}

/** The other stacks of this stack's class in the same Region and profile, with what each will add. */
function classmateDemands(config: StackConfig, stack: string, options: PreflightOptions, warn: (message: string) => void): { stacks: string[]; demands: QuotaDemand[] } {
    if (!config.classroom.name) {
        return { stacks: [], demands: [] };
    }
    const dir = options.projectDir ?? PROJECT_DIR;
    const stacks: string[] = [];
    const demands: QuotaDemand[] = [];
    for (const mate of classmates(stack, dir).filter((s) => s !== stack)) {
        try {
            const mateConfig = validateStackConfig(readStackConfig(mate, dir), { region: config.region, availableZones: options.availableZones ?? config.availabilityZones });
            demands.push(quotaDemand(mateConfig));
            stacks.push(mate);
        } catch (error) {
            warn(`quota preflight: classmate ${mate} is not counted, its stack file does not validate: ${(error as Error).message.split("\n")[0]}`);
        }
    }
    return { stacks, demands };
}

/** What the classmates will still add: their demand less what they already hold. */
function reservation(demands: readonly QuotaDemand[], held: AccountUsage): ClassReservation {
    const all = combinedDemand(demands);
    const adds = additions(all);
    const rest = (want: number, have: number | undefined) => Math.max(0, want - (have ?? 0));
    return {
        stacks: demands.length,
        vpcs: rest(adds.vpcs.adds, held.vpcs),
        internetGateways: rest(adds.internetGateways.adds, held.internetGateways),
        elasticIps: rest(adds.elasticIps.adds, held.elasticIps),
        securityGroups: rest(adds.securityGroups.adds, held.securityGroups),
        natGatewaysByZone: Object.fromEntries(Object.entries(all.natGatewaysByZone).map(([zone, n]) => [zone, rest(n, held.natGatewaysByZone?.[zone])])),
        // Running instances are not looked up, so the classmates' vCPUs all count.
        onDemandStandardVcpus: adds.onDemandStandardVcpus.adds,
    };
}

/**
 * The quota preflight of a real `pulumi preview`/`up`, run before any resource is registered:
 * looks up the account's applied quotas and usage, and refuses with one ConfigError naming
 * every quota the stack would exceed (value, usage, what it adds, the fix). A classroom stack
 * also counts what its classmates in the same Region will still add, so the class fits as a
 * whole. A quota whose applied value could not be read is compared with the AWS default and
 * only warned about: the account may well have more.
 */
export async function quotaPreflight(config: StackConfig, stack: string, options: PreflightOptions = {}): Promise<readonly QuotaRow[]> {
    const warn = options.warn ?? ((message: string) => void pulumi.log.warn(message));
    const demand = quotaDemand(config);
    const mates = classmateDemands(config, stack, options, warn);
    const lookup = await lookUpAccount(stack, demand, mates.stacks);
    const reserved = mates.stacks.length > 0 && lookup.classmatesInUse ? reservation(mates.demands, lookup.classmatesInUse) : undefined;
    const rows = checkQuotas(demand, lookup.applied, lookup.usage, 1, reserved);
    if (lookup.failures.length > 0) {
        warn(
            `quota preflight: some lookups failed, so those quotas are checked against the AWS defaults and usage may be undercounted ` +
                `(grant servicequotas:GetServiceQuota and ec2:Describe* to check them):\n  ${lookup.failures.join("\n  ")}`,
        );
    }
    const problem = (row: QuotaRow) => quotaProblem(row, config.region, "this stack", mates.stacks.length);
    for (const row of rows.filter((r) => r.exceeds && r.source === "default")) {
        warn(`quota preflight: ${Object.values(problem(row)).join("; ")} (the account's value could not be read; it may be higher)`);
    }
    for (const row of rows.filter((r) => r.unknownTypes)) {
        warn(`quota preflight: the vCPUs of ${row.unknownTypes!.join(", ")} are not known to this package; they are left out of the ${row.quota.name} check`);
    }
    const refused = rows.filter((row) => row.exceeds && row.source === "applied");
    if (refused.length > 0) {
        throw new ConfigError(`Quota preflight of stack ${stack} in ${config.region}`, refused.map(problem));
    }
    return rows;
}
