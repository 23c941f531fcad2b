import { QuotaDemand } from "./demand";
import { instanceVcpus, isStandardFamily } from "./instanceVcpus";
import { QuotaKey } from "./quotaTable";

/**
 * The counts of a stack that quotas limit, in one comparable shape: from a config
 * ({@link figuresOf}) or from a stack's resources (`figuresFromResources`).
 */
export interface QuotaFigures {
    readonly vpcs: number;
    readonly internetGateways: number;
    readonly elasticIps: number;
    readonly natGatewaysByZone: Readonly<Record<string, number>>;
    /** Interface endpoints by VPC Name tag. */
    readonly interfaceEndpointsByVpc: Readonly<Record<string, number>>;
    /** Security groups by VPC Name tag. */
    readonly securityGroupsByVpc: Readonly<Record<string, number>>;
    /** Each security group's [inbound, outbound] rule counts, by VPC Name tag, sorted. */
    readonly rulesByVpc: Readonly<Record<string, readonly (readonly [number, number])[]>>;
    readonly instancesByType: Readonly<Record<string, number>>;
}

/** Rule count pairs in a stable order, so two sources compare equal. */
export function sortRules(pairs: (readonly [number, number])[]): (readonly [number, number])[] {
    return [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

export function figuresOf(demand: QuotaDemand): QuotaFigures {
    const byVpc = <T>(value: (v: QuotaDemand["vpcs"][number]) => T) => Object.fromEntries(demand.vpcs.map((v) => [v.name, value(v)]));
    return {
        vpcs: demand.vpcs.filter((v) => v.created).length,
        internetGateways: demand.vpcs.filter((v) => v.internetGateway).length,
        elasticIps: demand.elasticIps,
        natGatewaysByZone: { ...demand.natGatewaysByZone },
        interfaceEndpointsByVpc: byVpc((v) => v.interfaceEndpoints),
        securityGroupsByVpc: byVpc((v) => v.securityGroups.length),
        rulesByVpc: byVpc((v) => sortRules(v.securityGroups.map((g) => [g.inbound, g.outbound] as const))),
        instancesByType: { ...demand.instances },
    };
}

/** What a stack adds against one quota, at its largest scope, and where that is. */
export interface QuotaAddition {
    readonly adds: number;
    /** The AZ, VPC or security group the figure is for; absent for Region quotas. */
    readonly where?: string;
    /** Instance types whose vCPUs this table does not know (vCPU quota only). */
    readonly unknownTypes?: readonly string[];
}

function largest(entries: [string, number][]): QuotaAddition {
    const [where, adds] = entries.reduce<[string | undefined, number]>((best, entry) => (entry[1] > best[1] ? entry : best), [undefined, 0]);
    return where === undefined ? { adds: 0 } : { adds, where };
}

/** The stack's addition against every quota. */
export function additions(demand: QuotaDemand): Record<QuotaKey, QuotaAddition> {
    const figures = figuresOf(demand);
    const standard = Object.entries(demand.instances).filter(([type]) => isStandardFamily(type));
    const unknownTypes = standard.filter(([type]) => instanceVcpus(type) === undefined).map(([type]) => type);
    const rules = demand.vpcs.flatMap((v) => v.securityGroups.map((g): [string, number] => [`${g.name} (${v.name})`, Math.max(g.inbound, g.outbound)]));
    return {
        vpcs: { adds: figures.vpcs },
        internetGateways: { adds: figures.internetGateways },
        elasticIps: { adds: figures.elasticIps },
        natGateways: largest(Object.entries(figures.natGatewaysByZone)),
        interfaceEndpoints: largest(Object.entries(figures.interfaceEndpointsByVpc)),
        // Summed over the VPCs themselves: a class's combined demand holds several VPCs of one name.
        securityGroups: { adds: demand.vpcs.reduce((sum, v) => sum + v.securityGroups.length, 0) },
        rulesPerSecurityGroup: largest(rules),
        onDemandStandardVcpus: {
            adds: standard.reduce((sum, [type, count]) => sum + count * (instanceVcpus(type) ?? 0), 0),
            ...(unknownTypes.length > 0 ? { unknownTypes } : {}),
        },
    };
}
