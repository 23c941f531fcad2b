import { QUOTA_KEYS, QUOTAS } from "../analysis/quotas/quotaTable";
import { STACK_TAG } from "../lib/tags";
import type { FakeAccount, InvokeAnswer } from "./fakeCloud";
import { stableHex } from "./stableHex";

type Tagged = { readonly id: string; readonly tags?: Readonly<Record<string, string>> };

/** What the fake account already holds that counts against the quotas. */
export interface FakeInUse {
    readonly vpcs: readonly (Tagged & { readonly internetGateway: boolean })[];
    readonly elasticIps: readonly Tagged[];
    readonly securityGroups: readonly Tagged[];
    readonly natGateways: readonly (Tagged & { readonly availabilityZone: string })[];
}

/**
 * The Service Quotas values the fake account has applied, by quota code: the AWS defaults,
 * except the On-Demand Standard vCPU quota, which AWS raises from its default of 5 once an
 * account is in use; 32 is a common value and fits one lab stack (18 vCPUs).
 */
export const FAKE_APPLIED_QUOTAS: Readonly<Record<string, number>> = {
    ...Object.fromEntries(QUOTA_KEYS.map((key) => [QUOTAS[key].quotaCode, QUOTAS[key].defaultValue])),
    [QUOTAS.onDemandStandardVcpus.quotaCode]: 32,
};

/** A new account: the default VPC with its internet gateway and default security group. */
export function defaultInUse(account: Pick<FakeAccount, "region">): FakeInUse {
    const vpc = `vpc-${stableHex(`${account.region}-default-vpc`)}`;
    return {
        vpcs: [{ id: vpc, internetGateway: true }],
        elasticIps: [],
        securityGroups: [{ id: `sg-${stableHex(`${vpc}-default-sg`)}` }],
        natGateways: [],
    };
}

/** Both holdings together: an account holding a second stack, say. */
export function combineInUse(a: FakeInUse, b: FakeInUse): FakeInUse {
    return {
        vpcs: [...a.vpcs, ...b.vpcs],
        elasticIps: [...a.elasticIps, ...b.elasticIps],
        securityGroups: [...a.securityGroups, ...b.securityGroups],
        natGateways: [...a.natGateways, ...b.natGateways],
    };
}

/** Lookups the fake account refuses, to test the warning path: the Service Quotas or the EC2 ones. */
export type DeniableLookup = "servicequotas" | "ec2";

/** Whether an item has the `tags` asked for and matches every `tag:<key>` filter (any of its values). */
function matches(item: Tagged, args: Record<string, unknown>): boolean {
    const wanted = (args.tags as Record<string, string> | undefined) ?? {};
    const tagFilters = ((args.filters as { name: string; values: string[] }[] | undefined) ?? []).filter((f) => f.name.startsWith("tag:"));
    return (
        Object.entries(wanted).every(([key, value]) => item.tags?.[key] === value) &&
        tagFilters.every((f) => f.values.includes(item.tags?.[f.name.slice(4)] ?? "\u0000"))
    );
}

function filterValues(args: Record<string, unknown>, name: string): string[] | undefined {
    return (args.filters as { name: string; values: string[] }[] | undefined)?.find((f) => f.name === name)?.values;
}

function denied(account: FakeAccount, lookup: DeniableLookup, action: string): void {
    if (account.deniedLookups?.includes(lookup)) {
        const code = lookup === "servicequotas" ? "AccessDeniedException" : "UnauthorizedOperation";
        throw new Error(`${code}: User: arn:aws:iam::${account.accountId}:user/offline-plan is not authorized to perform: ${action}`);
    }
}

/**
 * Answers for the quota preflight's lookups, from the account's applied quotas and holdings.
 * Default subnets (one per zone, in the default VPC) host the holdings' NAT gateways.
 */
export function quotaInvokes(account: FakeAccount): Readonly<Record<string, InvokeAnswer>> {
    const inUse = () => account.inUse ?? defaultInUse(account);
    const subnetOf = (zone: string) => `subnet-${stableHex(`${account.region}-default-${zone}`)}`;
    return {
        "aws:servicequotas/getServiceQuota:getServiceQuota": (args, a) => {
            denied(a, "servicequotas", "servicequotas:GetServiceQuota");
            const code = String(args.quotaCode);
            const key = QUOTA_KEYS.find((k) => QUOTAS[k].quotaCode === code);
            const value = (a.appliedQuotas ?? FAKE_APPLIED_QUOTAS)[code];
            if (!key || value === undefined) {
                throw new Error(`NoSuchResourceException: the quota ${args.serviceCode}/${code} does not exist`);
            }
            const quota = QUOTAS[key];
            return {
                id: `${quota.serviceCode}/${code}`,
                adjustable: true,
                arn: `arn:${a.partition}:servicequotas:${a.region}:${a.accountId}:${quota.serviceCode}/${code}`,
                defaultValue: quota.defaultValue,
                globalQuota: false,
                quotaCode: code,
                quotaName: quota.name,
                region: a.region,
                serviceCode: quota.serviceCode,
                serviceName: quota.serviceCode === "vpc" ? "Amazon Virtual Private Cloud (Amazon VPC)" : "Amazon Elastic Compute Cloud (Amazon EC2)",
                usageMetrics: [],
                value,
            };
        },
        "aws:ec2/getVpcs:getVpcs": (args, a) => {
            denied(a, "ec2", "ec2:DescribeVpcs");
            return { id: a.region, region: a.region, ids: inUse().vpcs.filter((v) => matches(v, args)).map((v) => v.id), tags: args.tags ?? {} };
        },
        "aws:ec2/getEips:getEips": (args, a) => {
            denied(a, "ec2", "ec2:DescribeAddresses");
            const ids = inUse().elasticIps.filter((e) => matches(e, args)).map((e) => e.id);
            return { id: a.region, region: a.region, allocationIds: ids, publicIps: ids.map((_, i) => `203.0.113.${200 + i}`), tags: args.tags ?? {} };
        },
        "aws:ec2/getSecurityGroups:getSecurityGroups": (args, a) => {
            denied(a, "ec2", "ec2:DescribeSecurityGroups");
            const groups = inUse().securityGroups.filter((g) => matches(g, args));
            return { id: a.region, region: a.region, ids: groups.map((g) => g.id), arns: [], vpcIds: [], tags: args.tags ?? {} };
        },
        "aws:ec2/getInternetGateway:getInternetGateway": (args, a) => {
            denied(a, "ec2", "ec2:DescribeInternetGateways");
            const vpcId = filterValues(args, "attachment.vpc-id")?.[0];
            const vpc = inUse().vpcs.find((v) => v.id === vpcId && v.internetGateway);
            if (!vpc) {
                throw new Error("no matching EC2 Internet Gateway found");
            }
            const id = `igw-${stableHex(`${vpc.id}-igw`)}`;
            return { id, internetGatewayId: id, arn: `arn:${a.partition}:ec2:${a.region}:${a.accountId}:internet-gateway/${id}`, ownerId: a.accountId, attachments: [{ state: "available", vpcId: vpc.id }], tags: {} };
        },
        "aws:ec2/getSubnets:getSubnets": (args, a) => {
            denied(a, "ec2", "ec2:DescribeSubnets");
            const zones = filterValues(args, "availability-zone") ?? a.availabilityZones;
            return { id: a.region, region: a.region, ids: zones.filter((z) => a.availabilityZones.includes(z)).map(subnetOf), tags: {} };
        },
        "aws:ec2/getNatGateways:getNatGateways": (args, a) => {
            denied(a, "ec2", "ec2:DescribeNatGateways");
            const subnets = filterValues(args, "subnet-id");
            const ids = inUse()
                .natGateways.filter((n) => matches(n, args) && (!subnets || subnets.includes(subnetOf(n.availabilityZone))))
                .map((n) => n.id);
            return { id: a.region, region: a.region, ids, tags: args.tags ?? {} };
        },
    };
}

/** What a deployed stack holds, tagged with its name: for an account that already runs it. */
export function inUseOfStack(
    stack: string,
    figures: { readonly vpcs: number; readonly internetGateways: number; readonly elasticIps: number; readonly securityGroups: number; readonly natGatewaysByZone: Readonly<Record<string, number>> },
): FakeInUse {
    const tags = { [STACK_TAG]: stack };
    const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${stableHex(`${stack}-${prefix}-${i}`)}`);
    return {
        vpcs: ids("vpc", figures.vpcs).map((id, i) => ({ id, tags, internetGateway: i < figures.internetGateways })),
        elasticIps: ids("eipalloc", figures.elasticIps).map((id) => ({ id, tags })),
        securityGroups: ids("sg", figures.securityGroups).map((id) => ({ id, tags })),
        natGateways: Object.entries(figures.natGatewaysByZone).flatMap(([zone, count]) => ids(`nat-${zone}`, count).map((id) => ({ id, tags, availabilityZone: zone }))),
    };
}
