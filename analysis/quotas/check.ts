import { Problem } from "../../lib/errors";
import { QuotaDemand } from "./demand";
import { additions } from "./figures";
import { increaseCommand, QUOTA_KEYS, QuotaDefinition, QuotaKey, QUOTAS } from "./quotaTable";

/** What the account already holds that counts against the quotas; undefined where it was not looked up. */
export interface AccountUsage {
    readonly vpcs?: number;
    readonly internetGateways?: number;
    readonly elasticIps?: number;
    readonly securityGroups?: number;
    /** NAT gateways by zone, for the zones the stack puts one in. */
    readonly natGatewaysByZone?: Readonly<Record<string, number>>;
}

/**
 * What the class's other stacks will still add when they are deployed (their demand less what
 * they already hold), so that one student's stack does not take the room another needs.
 */
export interface ClassReservation extends AccountUsage {
    readonly onDemandStandardVcpus?: number;
    /** How many other stacks of the class there are. */
    readonly stacks: number;
}

/** The applied quota values of the account; a missing key falls back to the AWS default. */
export type AppliedQuotas = Partial<Record<QuotaKey, number>>;

/** One quota compared: its value, what is in use, what the stack (or class) adds. */
export interface QuotaRow {
    readonly key: QuotaKey;
    readonly quota: QuotaDefinition;
    readonly value: number;
    /** `applied`: the account's value from Service Quotas; `default`: the AWS default. */
    readonly source: "applied" | "default";
    /** Undefined when usage is not counted for this quota (new VPCs and groups start empty). */
    readonly inUse?: number;
    /** Held for the class's other stacks not yet deployed (classroom stacks only). */
    readonly reserved?: number;
    readonly adds: number;
    readonly where?: string;
    readonly total: number;
    readonly exceeds: boolean;
    readonly unknownTypes?: readonly string[];
}

function usageOf(key: QuotaKey, usage: AccountUsage | ClassReservation): number | undefined {
    switch (key) {
        case "vpcs":
        case "internetGateways":
        case "elasticIps":
        case "securityGroups":
            return usage[key];
        case "onDemandStandardVcpus":
            return (usage as ClassReservation).onDemandStandardVcpus;
        default:
            return undefined;
    }
}

/** The zone where the stack's NAT gateways come closest to the quota, with its usage and reservation. */
function worstZone(demand: QuotaDemand, usage: AccountUsage, times: number, reserved: ClassReservation | undefined) {
    let worst: { adds: number; where?: string; inUse?: number; reserved?: number; total: number } = { adds: 0, total: 0 };
    for (const [zone, count] of Object.entries(demand.natGatewaysByZone)) {
        const inUse = usage.natGatewaysByZone === undefined ? undefined : (usage.natGatewaysByZone[zone] ?? 0);
        const held = reserved?.natGatewaysByZone === undefined ? undefined : (reserved.natGatewaysByZone[zone] ?? 0);
        const total = (inUse ?? 0) + (held ?? 0) + count * times;
        if (worst.where === undefined || total > worst.total) {
            worst = { adds: count * times, where: zone, inUse, reserved: held, total };
        }
    }
    return worst;
}

/** Quotas that grow with the number of stacks in one account; the others are per VPC or per group. */
export function scalesWithStacks(key: QuotaKey): boolean {
    const scope = QUOTAS[key].scope;
    return scope === "region" || scope === "availability-zone";
}

/**
 * Compares what `stacks` copies of a stack add (1 for one stack, the class size for a
 * classroom) with the account's quotas and usage. Per-VPC and per-group quotas do not grow
 * with the number of stacks: each stack has its own VPCs and groups.
 */
export function checkQuotas(demand: QuotaDemand, applied: AppliedQuotas, usage: AccountUsage, stacks = 1, reserved?: ClassReservation): QuotaRow[] {
    const added = additions(demand);
    return QUOTA_KEYS.map((key): QuotaRow => {
        const quota: QuotaDefinition = QUOTAS[key];
        const value = applied[key] ?? quota.defaultValue;
        const times = scalesWithStacks(key) ? stacks : 1;
        const zone = key === "natGateways" ? worstZone(demand, usage, times, reserved) : undefined;
        const adds = zone ? zone.adds : added[key].adds * times;
        const where = zone ? zone.where : added[key].where;
        const inUse = zone ? zone.inUse : key === "onDemandStandardVcpus" ? undefined : usageOf(key, usage);
        const held = zone ? zone.reserved : reserved && scalesWithStacks(key) ? usageOf(key, reserved) : undefined;
        const total = (inUse ?? 0) + (held ?? 0) + adds;
        return {
            key,
            quota,
            value,
            source: applied[key] === undefined ? "default" : "applied",
            ...(inUse === undefined ? {} : { inUse }),
            ...(held ? { reserved: held } : {}),
            adds,
            ...(where === undefined ? {} : { where }),
            total,
            exceeds: adds > 0 && total > value,
            ...(added[key].unknownTypes ? { unknownTypes: added[key].unknownTypes } : {}),
        };
    });
}

/**
 * How many copies of a stack fit in one account and Region beside what is in use: the
 * tightest Region or zone quota decides; 0 when one copy already breaks a per-VPC or per-group
 * quota.
 */
export function stacksThatFit(demand: QuotaDemand, applied: AppliedQuotas, usage: AccountUsage): { readonly count: number; readonly limitedBy?: QuotaKey } {
    let best: { count: number; limitedBy?: QuotaKey } = { count: Number.POSITIVE_INFINITY };
    for (const row of checkQuotas(demand, applied, usage, 1)) {
        if (row.adds === 0) {
            continue;
        }
        const count = scalesWithStacks(row.key) ? Math.max(0, Math.floor((row.value - (row.inUse ?? 0)) / row.adds)) : row.exceeds ? 0 : Number.POSITIVE_INFINITY;
        if (count < best.count) {
            best = { count, limitedBy: row.key };
        }
    }
    return best;
}

/** The refusal of one exceeded quota: which, its value, what is in use, what is added, and the fix. */
export function quotaProblem(row: QuotaRow, region: string, subject = "this stack", classmates = 0): Problem {
    const where = row.where ? ` in ${row.where}` : "";
    const held = row.reserved ? `${row.reserved} held for the class's ${classmates} other stack${classmates === 1 ? "" : "s"} not deployed yet, ` : "";
    const inUse = `${row.inUse === undefined ? "" : `${row.inUse} in use, `}${held}`.replace(/, $/, " and ");
    const unit = row.quota.unit ? ` ${row.quota.unit}s` : "";
    const fewer =
        row.quota.scope === "vpc"
            ? "or list fewer interface services (endpointsInterfaceServices)"
            : row.quota.scope === "security-group"
              ? "or give the lab fewer rules"
              : row.key === "onDemandStandardVcpus"
                ? "or use fewer labs per stack (vpc-labs:labs), no bastion, or a smaller instanceType"
                : "or use fewer labs per stack (vpc-labs:labs), or deploy into another Region";
    return {
        key: `quota ${row.quota.name} (${row.quota.serviceCode} ${row.quota.quotaCode})`,
        rule: `the ${row.source === "applied" ? "account's" : "AWS default"} quota is ${row.value}${unit}${where}, ${inUse}${subject} adds ${row.adds}: ${row.total} > ${row.value}`,
        fix: `request more with \`${increaseCommand(row.key, row.total, region)}\`, ${fewer}`,
    };
}
