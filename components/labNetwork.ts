import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../lib/errors";
import { mergeTags } from "../lib/tags";
import { LabEnvironment } from "./labEnvironment";
import { NetworkSpec } from "./labNetwork/spec";
import { natZones, networkSpecProblems } from "./labNetwork/validate";
import { NetworkRef } from "./networkRef";
import { VpcFlowLogs, labVpcFlowLogs } from "./vpcFlowLogs";

export interface LabNetworkArgs extends NetworkSpec {
    /** Zones, account, flow log settings and tags shared by the stack. */
    readonly environment: LabEnvironment;
}

/**
 * A lab's VPC built from plain `@pulumi/aws` resources, so tests and policies see every
 * piece: the VPC with its DNS flags, its default security group adopted with no rules,
 * subnets with exact CIDRs and Name tags, route tables that several subnets may share, an
 * internet gateway, NAT gateways (none, one, or one per zone) and flow logs.
 *
 * Public subnets do not hand out public IPs; an instance that needs one asks for it.
 */
export class LabNetwork extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;
    readonly internetGateway?: aws.ec2.InternetGateway;
    readonly natGateways: aws.ec2.NatGateway[] = [];
    /** Subnets by key. */
    readonly subnets: Readonly<Record<string, aws.ec2.Subnet>>;
    /** Route tables by key. */
    readonly routeTables: Readonly<Record<string, aws.ec2.RouteTable>>;
    readonly flowLogs: VpcFlowLogs;
    /** What labs build on. */
    readonly ref: NetworkRef;

    constructor(name: string, args: LabNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(`LabNetwork "${name}"`, networkSpecProblems(args));
        super("vpc-labs:network:LabNetwork", name, {}, opts);
        const env = args.environment;
        const tagged = (nameTag: string) => mergeTags(undefined, env.tags, nameTag);
        const enableDnsHostnames = args.enableDnsHostnames ?? true;
        const enableDnsSupport = args.enableDnsSupport ?? true;

        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: args.cidrBlock, enableDnsHostnames, enableDnsSupport, tags: tagged(args.vpcName) },
            { parent: this },
        );
        // Adopting the default group with no rules closes it: nothing can use it by accident.
        this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: this.vpc.id, ingress: [], egress: [], tags: tagged(`${args.vpcName}-default-closed`) },
            { parent: this },
        );
        if (args.internetGatewayName) {
            this.internetGateway = new aws.ec2.InternetGateway(
                `${name}-igw`,
                { vpcId: this.vpc.id, tags: tagged(args.internetGatewayName) },
                { parent: this },
            );
        }

        const subnets: Record<string, aws.ec2.Subnet> = {};
        for (const spec of args.subnets) {
            subnets[spec.key] = new aws.ec2.Subnet(
                `${name}-${spec.key}`,
                {
                    vpcId: this.vpc.id,
                    cidrBlock: spec.cidrBlock,
                    availabilityZone: env.availabilityZones[spec.zoneIndex],
                    mapPublicIpOnLaunch: false,
                    tags: tagged(spec.name),
                },
                { parent: this },
            );
        }
        this.subnets = subnets;

        const natByZone = new Map<number, aws.ec2.NatGateway>();
        const natName = args.natGatewayName ?? `${args.vpcName}-NATGW`;
        const zones = natZones(args);
        for (const zone of zones) {
            const suffix = zones.length > 1 || args.natGateways === "per-az" ? `-${zone + 1}` : "";
            const host = args.subnets.find((s) => s.tier === "public" && s.zoneIndex === zone);
            const eip = new aws.ec2.Eip(`${name}-nat-eip${suffix}`, { domain: "vpc", tags: tagged(`${natName}${suffix}-EIP`) }, { parent: this });
            const nat = new aws.ec2.NatGateway(
                `${name}-nat${suffix}`,
                { allocationId: eip.id, subnetId: subnets[host!.key].id, connectivityType: "public", tags: tagged(`${natName}${suffix}`) },
                // AWS: a NAT gateway needs the internet gateway attached before it can route.
                { parent: this, dependsOn: this.internetGateway ? [this.internetGateway] : [] },
            );
            natByZone.set(zone, nat);
            this.natGateways.push(nat);
        }

        const routeTables: Record<string, aws.ec2.RouteTable> = {};
        for (const spec of args.routeTables) {
            const table = new aws.ec2.RouteTable(`${name}-${spec.key}-rt`, { vpcId: this.vpc.id, tags: tagged(spec.name) }, { parent: this });
            routeTables[spec.key] = table;
            if (spec.defaultRoute === "internet-gateway") {
                new aws.ec2.Route(
                    `${name}-${spec.key}-default-route`,
                    { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: this.internetGateway!.id },
                    { parent: this },
                );
            } else if (spec.defaultRoute === "nat-gateway") {
                const zone = args.subnets.find((s) => s.routeTable === spec.key)?.zoneIndex ?? zones[0];
                const nat = natByZone.get(zone) ?? this.natGateways[0];
                new aws.ec2.Route(
                    `${name}-${spec.key}-default-route`,
                    { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
                    { parent: this },
                );
            }
        }
        this.routeTables = routeTables;
        for (const spec of args.subnets) {
            new aws.ec2.RouteTableAssociation(
                `${name}-${spec.key}-rta`,
                { subnetId: subnets[spec.key].id, routeTableId: routeTables[spec.routeTable].id },
                { parent: this },
            );
        }

        this.flowLogs = labVpcFlowLogs(
            `${name}-flow-logs`,
            {
                vpcId: this.vpc.id,
                label: args.flowLogLabel ?? `${args.vpcName}-flow`,
                vpcName: args.vpcName,
                subnetIds: env.flowLogs.subnets ? args.subnets.map((s) => subnets[s.key].id) : [],
                subnetNames: env.flowLogs.subnets ? args.subnets.map((s) => s.name) : [],
            },
            env,
            this,
        );

        this.ref = {
            flowLogs: this.flowLogs,
            vpcName: args.vpcName,
            vpcId: this.vpc.id,
            cidrBlock: this.vpc.cidrBlock,
            enableDnsHostnames,
            enableDnsSupport,
            subnets: args.subnets.map((spec) => ({
                key: spec.key,
                tier: spec.tier,
                zoneIndex: spec.zoneIndex,
                id: subnets[spec.key].id,
                cidrBlock: subnets[spec.key].cidrBlock,
                availabilityZone: subnets[spec.key].availabilityZone,
            })),
            routeTables: args.routeTables.map((spec) => ({ key: spec.key, tier: spec.tier, id: routeTables[spec.key].id })),
        };
        this.registerOutputs({
            vpcId: this.vpc.id,
            subnetIds: Object.fromEntries(Object.entries(subnets).map(([key, subnet]) => [key, subnet.id])),
            routeTableIds: Object.fromEntries(Object.entries(routeTables).map(([key, table]) => [key, table.id])),
            natGatewayIds: this.natGateways.map((nat) => nat.id),
        });
    }
}
