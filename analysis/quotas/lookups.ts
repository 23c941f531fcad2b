import * as aws from "@pulumi/aws";
import { STACK_TAG } from "../../lib/tags";
import { AccountUsage, AppliedQuotas } from "./check";
import { QuotaDemand } from "./demand";
import { QUOTA_KEYS, QUOTAS } from "./quotaTable";

/** What the account told us, and what it would not. */
export interface AccountLookup {
    readonly applied: AppliedQuotas;
    readonly usage: AccountUsage;
    /** What the named classmates' stacks already hold (part of `usage`); absent without classmates. */
    readonly classmatesInUse?: AccountUsage;
    /** One line per lookup that failed (not permitted, or not answered), for a warning. */
    readonly failures: readonly string[];
}

const NOT_PERMITTED = /AccessDenied|UnauthorizedOperation|not authorized|is not permitted|Forbidden/i;
const NOT_FOUND = /no matching|not found|couldn't find|did not find/i;

function reason(error: unknown): string {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return NOT_PERMITTED.test(message) ? `not permitted (${message})` : message;
}

/**
 * Looks up the applied quotas (Service Quotas) and what the Region already holds: VPCs,
 * Elastic IPs, security groups, internet gateways attached to VPCs and NAT gateways in the
 * zones the stack uses. Resources tagged with this stack's own `vpc-labs:stack` tag are left
 * out of the usage, so an update of a deployed stack does not count it twice. A lookup that
 * fails leaves its figure unknown and is reported in `failures`; it never throws.
 */
export async function lookUpAccount(stack: string, demand: QuotaDemand, classmates: readonly string[] = []): Promise<AccountLookup> {
    const failures: string[] = [];
    const own = { [STACK_TAG]: stack };
    const attempt = async <T>(what: string, lookup: () => Promise<T>): Promise<T | undefined> => {
        try {
            return await lookup();
        } catch (error) {
            failures.push(`${what}: ${reason(error)}`);
            return undefined;
        }
    };
    const countOthers = async (what: string, all: () => Promise<string[]>, mine: () => Promise<string[]>): Promise<number | undefined> => {
        const [every, ours] = await Promise.all([attempt(what, all), attempt(what, mine)]);
        return every === undefined || ours === undefined ? undefined : every.filter((id) => !ours.includes(id)).length;
    };

    const appliedEntries = await Promise.all(
        QUOTA_KEYS.map(async (key) => {
            const quota = QUOTAS[key];
            const found = await attempt(`Service Quotas ${quota.serviceCode} ${quota.quotaCode}`, () =>
                aws.servicequotas.getServiceQuota({ serviceCode: quota.serviceCode, quotaCode: quota.quotaCode }),
            );
            return [key, found?.value] as const;
        }),
    );
    const applied: AppliedQuotas = Object.fromEntries(appliedEntries.filter(([, value]) => typeof value === "number"));

    const vpcLists = await Promise.all([
        attempt("ec2 DescribeVpcs", async () => (await aws.ec2.getVpcs({})).ids),
        attempt("ec2 DescribeVpcs", async () => (await aws.ec2.getVpcs({ tags: own })).ids),
    ]);
    const otherVpcs = vpcLists[0] && vpcLists[1] ? vpcLists[0].filter((id) => !vpcLists[1]!.includes(id)) : undefined;
    const [elasticIps, securityGroups, igwVpcs, natGatewaysByZone, classmatesInUse] = await Promise.all([
        countOthers(
            "ec2 DescribeAddresses",
            async () => (await aws.ec2.getEips({})).allocationIds,
            async () => (await aws.ec2.getEips({ tags: own })).allocationIds,
        ),
        countOthers(
            "ec2 DescribeSecurityGroups",
            async () => (await aws.ec2.getSecurityGroups({})).ids,
            async () => (await aws.ec2.getSecurityGroups({ tags: own })).ids,
        ),
        otherVpcs === undefined ? undefined : vpcsWithInternetGateway(otherVpcs, attempt),
        natGatewaysIn(Object.keys(demand.natGatewaysByZone), own, attempt),
        classmates.length === 0 ? undefined : classmatesHoldings(classmates, Object.keys(demand.natGatewaysByZone), attempt),
    ]);
    const internetGateways = igwVpcs?.length;
    const usage: AccountUsage = {
        ...(otherVpcs === undefined ? {} : { vpcs: otherVpcs.length }),
        ...(internetGateways === undefined ? {} : { internetGateways }),
        ...(elasticIps === undefined ? {} : { elasticIps }),
        ...(securityGroups === undefined ? {} : { securityGroups }),
        ...(natGatewaysByZone === undefined ? {} : { natGatewaysByZone }),
    };
    let classmatesUsage: AccountUsage | undefined;
    if (classmatesInUse !== undefined) {
        const { vpcIds, ...held } = classmatesInUse;
        classmatesUsage = { ...held, ...(igwVpcs === undefined ? {} : { internetGateways: igwVpcs.filter((id) => vpcIds.includes(id)).length }) };
    }
    return { applied, usage, ...(classmatesUsage ? { classmatesInUse: classmatesUsage } : {}), failures: [...new Set(failures)] };
}

/**
 * What the classmates' stacks already hold, found by their `vpc-labs:stack` tags in one
 * lookup per kind (a tag filter takes every classmate's name at once).
 */
async function classmatesHoldings(classmates: readonly string[], zones: readonly string[], attempt: Attempt): Promise<(AccountUsage & { readonly vpcIds: string[] }) | undefined> {
    const byTag = [{ name: `tag:${STACK_TAG}`, values: [...classmates] }];
    const [vpcIds, eips, groups] = await Promise.all([
        attempt("ec2 DescribeVpcs", async () => (await aws.ec2.getVpcs({ filters: byTag })).ids),
        attempt("ec2 DescribeAddresses", async () => (await aws.ec2.getEips({ filters: byTag })).allocationIds),
        attempt("ec2 DescribeSecurityGroups", async () => (await aws.ec2.getSecurityGroups({ filters: byTag })).ids),
    ]);
    const nats = await natGatewaysIn(zones, undefined, attempt, byTag);
    if (vpcIds === undefined || eips === undefined || groups === undefined || nats === undefined) {
        return undefined;
    }
    return { vpcIds, vpcs: vpcIds.length, elasticIps: eips.length, securityGroups: groups.length, natGatewaysByZone: nats };
}

type Attempt = <T>(what: string, lookup: () => Promise<T>) => Promise<T | undefined>;

/**
 * The VPCs among these with an internet gateway attached (one at most each). The provider has
 * no list function for internet gateways, so detached ones are not seen; they are rare, and
 * the refusal names the quota either way.
 */
async function vpcsWithInternetGateway(vpcIds: readonly string[], attempt: Attempt): Promise<string[] | undefined> {
    const found = await Promise.all(
        vpcIds.map((vpcId) =>
            attempt("ec2 DescribeInternetGateways", async () => {
                try {
                    await aws.ec2.getInternetGateway({ filters: [{ name: "attachment.vpc-id", values: [vpcId] }] });
                    return 1;
                } catch (error) {
                    if (NOT_FOUND.test(error instanceof Error ? error.message : String(error))) {
                        return 0;
                    }
                    throw error;
                }
            }),
        ),
    );
    return found.some((n) => n === undefined) ? undefined : vpcIds.filter((_, i) => found[i] === 1);
}

/**
 * Pending and available NAT gateways in each zone, less this stack's own (`own` tags), or only
 * those matching `extraFilters`.
 */
async function natGatewaysIn(
    zones: readonly string[],
    own: Record<string, string> | undefined,
    attempt: Attempt,
    extraFilters: readonly { name: string; values: string[] }[] = [],
): Promise<Record<string, number> | undefined> {
    const counts: Record<string, number> = {};
    for (const zone of zones) {
        const subnets = await attempt("ec2 DescribeSubnets", async () => (await aws.ec2.getSubnets({ filters: [{ name: "availability-zone", values: [zone] }] })).ids);
        if (subnets === undefined) {
            return undefined;
        }
        if (subnets.length === 0) {
            counts[zone] = 0;
            continue;
        }
        const filters = [{ name: "subnet-id", values: subnets }, { name: "state", values: ["pending", "available"] }, ...extraFilters];
        const [all, mine] = await Promise.all([
            attempt("ec2 DescribeNatGateways", async () => (await aws.ec2.getNatGateways({ filters })).ids),
            own === undefined ? ([] as string[]) : attempt("ec2 DescribeNatGateways", async () => (await aws.ec2.getNatGateways({ filters, tags: own })).ids),
        ]);
        if (all === undefined || mine === undefined) {
            return undefined;
        }
        counts[zone] = all.filter((id) => !mine.includes(id)).length;
    }
    return counts;
}
