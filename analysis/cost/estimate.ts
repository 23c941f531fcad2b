import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { toKnowable } from "../stack/knowable";
import { StackIndex } from "../stack/stackIndex";
import { awsxVpcCosts } from "./awsxVpcs";
import { Classified, classify, CostKind, FreeKind, UsageKind } from "./billables";
import { HOURS_PER_30_DAYS, PriceBasis, PRICES_CHECKED, regionPrices } from "./priceTable";

/** One priced quantity of one resource. */
export interface CostLine {
    readonly urn: string;
    readonly name: string;
    readonly lab: string;
    readonly region: string;
    readonly kind: CostKind;
    readonly quantity: number;
    readonly unit: string;
    readonly usdPerUnitHour: number;
    readonly hourlyUsd: number;
    readonly basis: PriceBasis;
    readonly source: string;
}

export interface UsageLine {
    readonly urn: string;
    readonly name: string;
    readonly lab: string;
    readonly kind: UsageKind;
    readonly what: string;
    readonly source: string;
}

export interface FreeLine {
    readonly urn: string;
    readonly name: string;
    readonly lab: string;
    readonly kind: FreeKind;
    readonly source: string;
}

/** A charge the table cannot price: a Region without a table, a type it does not list. */
export interface UnpricedLine {
    readonly urn: string;
    readonly name: string;
    readonly lab: string;
    readonly kind: CostKind;
    readonly quantity: number;
    readonly region: string | null;
    readonly reason: string;
}

export interface CostTotal {
    readonly hourlyUsd: number;
    readonly thirtyDayUsd: number;
}

export interface CostEstimate extends CostTotal {
    readonly pricesChecked: string;
    /** The Regions the priced resources are in. */
    readonly regions: readonly string[];
    /** False when some charge could not be priced: the totals are then a lower bound. */
    readonly complete: boolean;
    readonly byLab: readonly ({ readonly lab: string } & CostTotal)[];
    readonly byKind: readonly ({ readonly kind: CostKind; readonly quantity: number } & CostTotal)[];
    readonly byResource: readonly ({ readonly urn: string; readonly name: string; readonly lab: string } & CostTotal)[];
    readonly charges: readonly CostLine[];
    readonly usageBilled: readonly UsageLine[];
    readonly free: readonly FreeLine[];
    readonly unpriced: readonly UnpricedLine[];
    readonly notes: readonly string[];
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The on-demand cost of a stack's resources: the records the policy pack sees (a preview,
 * the offline plan, any stack export), read through the pack's {@link StackIndex}.
 */
export function estimateCost(resources: readonly PolicyResource[], index: StackIndex = new StackIndex(resources)): CostEstimate {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const labOf = (urn: string): string => {
        let current = byUrn.get(urn);
        while (current?.parent && current.parent.type !== ROOT_STACK_TYPE) {
            current = byUrn.get(current.parent.urn) ?? current.parent;
        }
        return current?.parent ? current.name : "(stack)";
    };
    // Labs in the order the program builds them.
    const labOrder = resources.filter((r) => r.parent?.type === ROOT_STACK_TYPE).map((r) => r.name);
    const fallbackRegion = defaultProviderRegion(resources) ?? soleRegionSeen(resources);
    const awsx = awsxVpcCosts(resources);

    const charges: CostLine[] = [];
    const usageBilled: UsageLine[] = [];
    const free: FreeLine[] = [];
    const unpriced: UnpricedLine[] = [];
    const notes: string[] = [];
    for (const node of index.nodes) {
        const classified: Classified = awsx.get(node.urn) ?? classify(node, index);
        if (classified.charges.length === 0 && classified.usage.length === 0 && !classified.free && !classified.notes) {
            continue; // most of a stack: subnets, routes, rules, roles
        }
        const who = { urn: node.urn, name: node.name, lab: labOf(node.urn) };
        // Only charges need a Region; the usage lines that quote a rate belong to charged resources.
        const region = classified.charges.length === 0 ? undefined : (regionOf(byUrn.get(node.urn) ?? node.resource) ?? fallbackRegion);
        const prices = region === undefined ? undefined : regionPrices(region);
        for (const charge of classified.charges) {
            const rate = prices ? charge.rate(prices) : { missing: region === undefined ? "its Region is not known" : `no price table for Region ${region}` };
            if ("missing" in rate) {
                unpriced.push({ ...who, kind: charge.kind, quantity: charge.quantity, region: region ?? null, reason: rate.missing });
                continue;
            }
            const line: CostLine = {
                ...who,
                region: region as string,
                kind: charge.kind,
                quantity: charge.quantity,
                unit: charge.unit,
                usdPerUnitHour: round(rate.usdPerUnitHour),
                hourlyUsd: round(charge.quantity * rate.usdPerUnitHour),
                basis: rate.provenance.basis,
                source: rate.provenance.source,
            };
            charges.push(line);
        }
        for (const usage of classified.usage) {
            usageBilled.push({ ...who, kind: usage.kind, what: usage.what(prices), source: usage.source });
        }
        if (classified.free) {
            free.push({ ...who, ...classified.free });
        }
        notes.push(...(classified.notes ?? []).map((note) => (note.startsWith("awsx VPC") ? note : `${node.name}: ${note}`)));
    }
    return {
        pricesChecked: PRICES_CHECKED,
        regions: [...new Set(charges.map((c) => c.region))],
        ...total(charges),
        complete: unpriced.length === 0,
        byLab: groupBy(charges, (c) => c.lab)
            .map(([lab, lines]) => ({ lab, ...total(lines) }))
            .sort((a, b) => position(labOrder, a.lab) - position(labOrder, b.lab)),
        byKind: groupBy(charges, (c) => c.kind)
            .map(([kind, lines]) => ({ kind, quantity: lines.reduce((sum, l) => sum + l.quantity, 0), ...total(lines) }))
            .sort((a, b) => b.hourlyUsd - a.hourlyUsd),
        byResource: groupBy(charges, (c) => c.urn).map(([urn, lines]) => ({ urn, name: lines[0].name, lab: lines[0].lab, ...total(lines) })),
        charges,
        usageBilled,
        free,
        unpriced,
        notes,
    };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The Region a resource is created in: its own `region` argument (provider 7), its
 * provider's, or what its ARN or Availability Zone says.
 */
function regionOf(resource: PolicyResource | undefined): string | undefined {
    if (!resource) {
        return undefined;
    }
    const arn = readString(resource.props, "arn");
    const zone = readString(resource.props, "availabilityZone");
    const candidates = [
        readString(resource.props, "region"),
        resource.provider ? readString(resource.provider.props, "region") : undefined,
        arn?.split(":")[3],
        zone?.replace(/[a-z]$/, ""),
    ];
    return candidates.find((value): value is string => value !== undefined && REGION.test(value));
}

/** One string property, read without copying the rest (props hold user data, policies, scripts). */
function readString(props: unknown, key: string): string | undefined {
    const value = toKnowable(readOne(props, key));
    return typeof value === "string" && value !== "" ? value : undefined;
}

function readOne(props: unknown, key: string): unknown {
    try {
        return (props as Record<string, unknown>)[key];
    } catch (error) {
        if (error instanceof UnknownValueError) {
            return undefined; // unknown during preview: the policy proxy refuses to hand it out
        }
        throw error;
    }
}

/** Records with no provider (hand-built ones, an engine run without its provider): the one Region their ARNs and zones name, if only one. */
function soleRegionSeen(resources: readonly PolicyResource[]): string | undefined {
    const seen = new Set(resources.map(regionOf).filter((region): region is string => region !== undefined));
    return seen.size === 1 ? [...seen][0] : undefined;
}

/** The Region of the stack's default AWS provider, for resources whose records name no provider (components). */
function defaultProviderRegion(resources: readonly PolicyResource[]): string | undefined {
    const providers = resources.filter((r) => r.type === "pulumi:providers:aws");
    const chosen = providers.find((p) => p.name.startsWith("default")) ?? (providers.length === 1 ? providers[0] : undefined);
    return chosen ? readString(chosen.props, "region") : undefined;
}

function total(lines: readonly CostLine[]): CostTotal {
    const hourlyUsd = round(lines.reduce((sum, line) => sum + line.hourlyUsd, 0));
    return { hourlyUsd, thirtyDayUsd: round(hourlyUsd * HOURS_PER_30_DAYS, 2) };
}

function position(order: readonly string[], name: string): number {
    const at = order.indexOf(name);
    return at < 0 ? order.length : at;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): [K, T[]][] {
    const groups = new Map<K, T[]>();
    for (const item of items) {
        const group = groups.get(key(item));
        if (group) {
            group.push(item);
        } else {
            groups.set(key(item), [item]);
        }
    }
    return [...groups];
}

/** Rounded to drop floating-point noise (six decimals: a hundredth of a cent per hour is far below any price step). */
export function round(value: number, decimals = 6): number {
    const factor = 10 ** decimals;
    return Math.round(value * factor) / factor;
}
