/**
 * The AWS Name tags of the Immersion Day VPC lab (`IMD-` names), kept as in the original so a
 * student can follow the document in the console. Pulumi resource names are separate and
 * derive from the component's name.
 */
export const IMD = {
    vpc: "IMD-VPC",
    internetGateway: "IMD-IGW",
    natGateway: "IMD-NATGW",
    flowLogLabel: "IMD-VPCFlow",
    publicA: "IMD-PUBLIC-A",
    publicB: "IMD-PUBLIC-B",
    privateA: "IMD-PRIVATE-A",
    privateB: "IMD-PRIVATE-B",
    publicRouteTable: "PUBLIC-RT",
    privateRouteTable: "PRIVATE-RT",
    publicSecurityGroup: "IMD-PUB-SG",
    privateSecurityGroup: "IMD-PRI-SG",
    bastionSecurityGroup: "IMD-BASTION-SG",
    ssmSecurityGroup: "IMD-SSM-SG",
    instanceRole: "IMD-EC2RoleforSSM",
    privateNacl: "IMD-PRIVATE-NACL",
} as const;

/** The lab's instances besides the bastion. */
export type WorkloadName = "PUBLIC-01" | "PUBLIC-02" | "PRIVATE-01" | "PRIVATE-02";

/** Where one of the lab's instances runs and how it is reached. */
export interface InstancePlacement {
    /** Part of the Pulumi resource name. */
    readonly key: string;
    /** The AWS Name tag. */
    readonly nameTag: WorkloadName | "BASTION";
    readonly tier: "public" | "private";
    /** 0: zone 1 (IMD-...-A), 1: zone 2 (IMD-...-B). */
    readonly zoneIndex: 0 | 1;
    /** Public instances ask for a public IP; the subnets hand none out. */
    readonly publicIp: boolean;
}

/** PUBLIC-01/02 and PRIVATE-01/02, one per subnet, as in the original. */
export const WORKLOADS: readonly (InstancePlacement & { readonly nameTag: WorkloadName })[] = [
    { key: "public-01", nameTag: "PUBLIC-01", tier: "public", zoneIndex: 0, publicIp: true },
    { key: "public-02", nameTag: "PUBLIC-02", tier: "public", zoneIndex: 1, publicIp: true },
    { key: "private-01", nameTag: "PRIVATE-01", tier: "private", zoneIndex: 0, publicIp: false },
    { key: "private-02", nameTag: "PRIVATE-02", tier: "private", zoneIndex: 1, publicIp: false },
];

/**
 * Name tags a lab builds only when a config key is set, with the key and an example value: what
 * a lookup of the name says when the stack has none.
 */
export const CONDITIONAL_NAME_TAGS: readonly { readonly nameTag: string; readonly key: string; readonly example: string; readonly lab: string }[] = [
    { nameTag: "BASTION", key: "bastionSsmOperatorCidr", example: "203.0.113.7/32", lab: "bastion-ssm" },
];

/** BASTION sits in IMD-PUBLIC-B, as in the original; built only with an operator CIDR. */
export const BASTION: InstancePlacement = { key: "bastion", nameTag: "BASTION", tier: "public", zoneIndex: 1, publicIp: true };

/** The interface endpoints Session Manager needs, so it works without a NAT or the internet. */
export const SSM_ENDPOINT_SERVICES = ["ssm", "ssmmessages", "ec2messages"] as const;
export type SsmEndpointService = (typeof SSM_ENDPOINT_SERVICES)[number];

/** The Name tag of an SSM interface endpoint, e.g. `IMD-SSMMESSAGES-VPCE`. */
export function endpointNameTag(service: SsmEndpointService): string {
    return `IMD-${service.toUpperCase()}-VPCE`;
}
