import { RecordedResource } from "../../lib/records";
import { QuotaFigures, sortRules } from "./figures";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    awsxVpc: "awsx:ec2:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    igw: "aws:ec2/internetGateway:InternetGateway",
    eip: "aws:ec2/eip:Eip",
    nat: "aws:ec2/natGateway:NatGateway",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    instance: "aws:ec2/instance:Instance",
} as const;

interface AwsxOutputs {
    vpcId?: string;
    subnets?: { id: string; availabilityZone?: string }[];
    natGateways?: { id: string; subnetId?: string }[];
    internetGateway?: unknown;
}

function add(counts: Record<string, number>, key: string, by = 1): void {
    counts[key] = (counts[key] ?? 0) + by;
}

/**
 * The quota figures of a stack's resources (a plan's records or a stack export's resources).
 * An `awsx.ec2.Vpc` whose children are listed (a real export, the offline plan) counts through
 * them; one listed alone (an export of an older plan) counts with what its outputs say it built.
 */
export function figuresFromResources(resources: readonly RecordedResource[]): QuotaFigures {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const expanded = new Set(resources.filter((r) => r.parent && byUrn.get(r.parent)?.type === T.awsxVpc).map((r) => r.parent));
    const counted = resources.filter((r) => !(r.type === T.awsxVpc && expanded.has(r.urn)));
    const of = (type: string) => counted.filter((r) => r.type === type);
    const prop = (r: RecordedResource, key: string) => (r.outputs[key] ?? r.inputs[key]) as unknown;
    const nameTag = (r: RecordedResource) => ((r.inputs.tags as Record<string, string> | undefined) ?? {}).Name ?? r.name;

    const vpcNames = new Map<string, string>();
    const zoneOfSubnet = new Map<string, string>();
    for (const vpc of of(T.vpc)) {
        vpcNames.set(vpc.id, nameTag(vpc));
    }
    for (const subnet of of(T.subnet)) {
        zoneOfSubnet.set(subnet.id, String(prop(subnet, "availabilityZone")));
    }
    const awsx = of(T.awsxVpc).map((r) => ({ record: r, outputs: r.outputs as AwsxOutputs }));
    for (const { record, outputs } of awsx) {
        vpcNames.set(String(outputs.vpcId), nameTag(record));
        for (const subnet of outputs.subnets ?? []) {
            zoneOfSubnet.set(subnet.id, String(subnet.availabilityZone));
        }
    }

    const natGatewaysByZone: Record<string, number> = {};
    for (const nat of of(T.nat)) {
        add(natGatewaysByZone, zoneOfSubnet.get(String(prop(nat, "subnetId"))) ?? "?");
    }
    for (const { outputs } of awsx) {
        for (const nat of outputs.natGateways ?? []) {
            add(natGatewaysByZone, zoneOfSubnet.get(String(nat.subnetId)) ?? "?");
        }
    }

    const vpcOf = (r: RecordedResource) => vpcNames.get(String(prop(r, "vpcId"))) ?? String(prop(r, "vpcId"));
    const interfaceEndpointsByVpc: Record<string, number> = Object.fromEntries([...vpcNames.values()].map((name) => [name, 0]));
    for (const endpoint of of(T.endpoint).filter((e) => prop(e, "vpcEndpointType") === "Interface")) {
        add(interfaceEndpointsByVpc, vpcOf(endpoint));
    }

    const groups = [...of(T.sg), ...of(T.defaultSg)];
    const vpcOfGroup = new Map(groups.map((g) => [g.id, vpcOf(g)]));
    const rules = new Map(groups.map((g) => [g.id, [(prop(g, "ingress") as unknown[] | undefined)?.length ?? 0, (prop(g, "egress") as unknown[] | undefined)?.length ?? 0]]));
    for (const [type, side] of [[T.ingress, 0], [T.egress, 1]] as const) {
        for (const rule of of(type)) {
            const pair = rules.get(String(prop(rule, "securityGroupId")));
            if (pair) {
                pair[side] += 1;
            }
        }
    }
    const securityGroupsByVpc: Record<string, number> = {};
    const rulesByVpc: Record<string, [number, number][]> = {};
    for (const group of groups) {
        const vpc = vpcOfGroup.get(group.id)!;
        add(securityGroupsByVpc, vpc);
        (rulesByVpc[vpc] ??= []).push(rules.get(group.id) as [number, number]);
    }

    const instancesByType: Record<string, number> = {};
    for (const instance of of(T.instance)) {
        add(instancesByType, String(prop(instance, "instanceType")));
    }
    const awsxNats = awsx.reduce((sum, { outputs }) => sum + (outputs.natGateways?.length ?? 0), 0);
    return {
        vpcs: of(T.vpc).length + awsx.length,
        internetGateways: of(T.igw).length + awsx.filter(({ outputs }) => outputs.internetGateway).length,
        // awsx allocates one Elastic IP per NAT gateway it creates.
        elasticIps: of(T.eip).length + awsxNats,
        natGatewaysByZone,
        interfaceEndpointsByVpc,
        securityGroupsByVpc,
        rulesByVpc: Object.fromEntries(Object.entries(rulesByVpc).map(([vpc, pairs]) => [vpc, sortRules(pairs)])),
        instancesByType,
    };
}
