/**
 * The AWS quotas a lab stack can run into, with their Service Quotas codes and the AWS default
 * values (what a new account gets before any increase). Looked up in the Service Quotas
 * console and the Amazon VPC and EC2 quota pages on 2026-12-03:
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
 * https://docs.aws.amazon.com/general/latest/gr/ec2-service.html
 */

/** What a quota is counted over: the Region, one Availability Zone, one VPC or one security group. */
export type QuotaScope = "region" | "availability-zone" | "vpc" | "security-group";

export interface QuotaDefinition {
    /** The Service Quotas service code, as `--service-code` takes it. */
    readonly serviceCode: "vpc" | "ec2";
    /** The Service Quotas quota code, as `--quota-code` takes it. */
    readonly quotaCode: string;
    /** The quota's name in the Service Quotas console. */
    readonly name: string;
    readonly scope: QuotaScope;
    /** The AWS default value. */
    readonly defaultValue: number;
    readonly unit?: "vCPU";
    /** Why the count is what it is, where that is not obvious. */
    readonly note?: string;
}

export const QUOTAS = {
    vpcs: { serviceCode: "vpc", quotaCode: "L-F678F1CE", name: "VPCs per Region", scope: "region", defaultValue: 5, note: "the default VPC counts" },
    internetGateways: {
        serviceCode: "vpc",
        quotaCode: "L-A4707A72",
        name: "Internet gateways per Region",
        scope: "region",
        defaultValue: 5,
        note: "tied to the VPC quota: raising VPCs per Region raises it too",
    },
    elasticIps: { serviceCode: "ec2", quotaCode: "L-0263D0A3", name: "EC2-VPC Elastic IPs", scope: "region", defaultValue: 5, note: "one per NAT gateway" },
    natGateways: { serviceCode: "vpc", quotaCode: "L-FE5A380F", name: "NAT gateways per Availability Zone", scope: "availability-zone", defaultValue: 5 },
    interfaceEndpoints: { serviceCode: "vpc", quotaCode: "L-29B6F2EB", name: "Interface VPC endpoints per VPC", scope: "vpc", defaultValue: 50 },
    securityGroups: {
        serviceCode: "vpc",
        quotaCode: "L-E79EC296",
        name: "VPC security groups per Region",
        scope: "region",
        defaultValue: 2500,
        note: "counted per Region, not per VPC; each new VPC's default group counts",
    },
    rulesPerSecurityGroup: {
        serviceCode: "vpc",
        quotaCode: "L-0EA8095F",
        name: "Inbound or outbound rules per security group",
        scope: "security-group",
        defaultValue: 60,
        note: "inbound and outbound are counted separately; the larger is shown",
    },
    onDemandStandardVcpus: {
        serviceCode: "ec2",
        quotaCode: "L-1216C47A",
        name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
        scope: "region",
        defaultValue: 5,
        unit: "vCPU",
        note: "new accounts start at the default; AWS raises it as an account is used",
    },
} as const satisfies Record<string, QuotaDefinition>;

export type QuotaKey = keyof typeof QUOTAS;
export const QUOTA_KEYS = Object.keys(QUOTAS) as QuotaKey[];

/** The command that asks AWS for more of a quota, as the refusal and the plan print it. */
export function increaseCommand(key: QuotaKey, desiredValue: number, region: string): string {
    const quota: QuotaDefinition = QUOTAS[key];
    return `aws service-quotas request-service-quota-increase --service-code ${quota.serviceCode} --quota-code ${quota.quotaCode} --desired-value ${desiredValue} --region ${region}`;
}
