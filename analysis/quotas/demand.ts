// eslint-disable-next-line no-restricted-imports -- left from issue 22: the pure half of a lab definition (configOf, networks, network specs) still lives in components/; move it to labs/ and drop this.
import { LabEnvironment } from "../../components/labEnvironment";
// eslint-disable-next-line no-restricted-imports -- left from issue 22: the pure half of a lab definition (configOf, networks, network specs) still lives in components/; move it to labs/ and drop this.
import { natZones } from "../../components/labNetwork/validate";
// eslint-disable-next-line no-restricted-imports -- left from issue 22: the pure half of a lab definition (configOf, networks, network specs) still lives in components/; move it to labs/ and drop this.
import { labDefinition } from "../../components/labs/registry";
import { LabName, NetworkSlotKey } from "../../config/keys";
import { StackConfig } from "../../config/stackConfig";
import { labResourceDemand, SecurityGroupDemand } from "./labDemand";

export type { SecurityGroupDemand } from "./labDemand";

/** One VPC a stack puts resources in: created by it, or an existing one it builds into. */
export interface VpcDemand {
    readonly slot: NetworkSlotKey;
    /** The VPC's Name tag, e.g. IMD-VPC. */
    readonly name: string;
    /** False for an existing VPC: it is in use already and adds nothing to the Region. */
    readonly created: boolean;
    readonly internetGateway: boolean;
    readonly interfaceEndpoints: number;
    /** Every security group in the VPC, the VPC's default group first when the stack creates the VPC. */
    readonly securityGroups: readonly SecurityGroupDemand[];
}

/** What one stack adds to its account, per Region, Availability Zone, VPC and security group. */
export interface QuotaDemand {
    readonly region: string;
    readonly vpcs: readonly VpcDemand[];
    /** Elastic IPs the stack allocates (one per NAT gateway). */
    readonly elasticIps: number;
    /** NAT gateways by Availability Zone name; zones without one are absent. */
    readonly natGatewaysByZone: Readonly<Record<string, number>>;
    /** Instances by instance type. */
    readonly instances: Readonly<Record<string, number>>;
}

/**
 * What a stack will create that counts against an AWS quota, from its validated config alone:
 * no lookups, no resources. It follows the same lab network specs and security group rule
 * lists the components build from; a test checks it against the offline plan's resources.
 */
export function quotaDemand(config: StackConfig): QuotaDemand {
    // Network specs read only the lab settings; the environment is the stack-wide part.
    const environment = {
        availabilityZones: config.availabilityZones,
        instanceType: config.instanceType,
        interfaceEndpointAzCount: config.interfaceEndpointAzCount,
    } as LabEnvironment;
    const vpcs: VpcDemand[] = [];
    const natGatewaysByZone: Record<string, number> = {};
    const instances: Record<string, number> = {};
    let elasticIps = 0;
    for (const lab of config.labs) {
        const definition = labDefinition(lab as LabName);
        if (!definition) {
            continue;
        }
        const resources = labResourceDemand(lab, config);
        for (const slot of definition.networks(environment, definition.configOf(config))) {
            const created = config.networkSources[slot.key].kind !== "existing";
            const usage = resources.vpcs[slot.key] ?? { interfaceEndpoints: 0, securityGroups: [] };
            vpcs.push({
                slot: slot.key,
                name: slot.spec.vpcName,
                created,
                // awsx.ec2.Vpc creates an internet gateway even for a VPC of private subnets only.
                internetGateway: created && (slot.spec.internetGatewayName !== undefined || config.networkSources[slot.key].kind === "awsx"),
                interfaceEndpoints: usage.interfaceEndpoints,
                securityGroups: [...(created ? [{ name: `${slot.spec.vpcName} default`, inbound: 0, outbound: 0 }] : []), ...usage.securityGroups],
            });
            for (const zone of created ? natZones(slot.spec) : []) {
                const name = config.availabilityZones[zone];
                natGatewaysByZone[name] = (natGatewaysByZone[name] ?? 0) + 1;
                elasticIps += 1;
            }
        }
        instances[config.instanceType] = (instances[config.instanceType] ?? 0) + resources.instances;
    }
    return { region: config.region, vpcs, elasticIps, natGatewaysByZone, instances };
}

/** What several stacks add together in one account and Region (a classroom's stacks). */
export function combinedDemand(demands: readonly QuotaDemand[]): QuotaDemand {
    const sum = (records: readonly Readonly<Record<string, number>>[]) => {
        const total: Record<string, number> = {};
        for (const record of records) {
            for (const [key, value] of Object.entries(record)) {
                total[key] = (total[key] ?? 0) + value;
            }
        }
        return total;
    };
    return {
        region: demands[0]?.region ?? "",
        vpcs: demands.flatMap((d) => d.vpcs),
        elasticIps: demands.reduce((total, d) => total + d.elasticIps, 0),
        natGatewaysByZone: sum(demands.map((d) => d.natGatewaysByZone)),
        instances: sum(demands.map((d) => d.instances)),
    };
}
