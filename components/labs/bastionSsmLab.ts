import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BastionSsmLabConfig } from "../../config/stackConfig";
import { Problem, throwIfProblems } from "../../lib/errors";
import { mergeTags } from "../../lib/tags";
import { InterfaceEndpoint } from "../interfaceEndpoint";
import { LabInstance } from "../labInstance";
import { defineLab } from "../labDefinition";
import { LabEnvironment, endpointZoneCountSetting } from "../labEnvironment";
import { LabSecurityGroup } from "../labSecurityGroup";
import { NetworkRef, SubnetRef, onePerZone } from "../networkRef";
import { NetworkProvider, nativeNetwork } from "../networkSources/provider";
import { SsmInstanceRole } from "../ssmInstanceRole";
import { BASTION, IMD, InstancePlacement, SSM_ENDPOINT_SERVICES, SsmEndpointService, WORKLOADS, WorkloadName, endpointNameTag } from "../../labs/bastionSsm/names";
import { privateNaclRules } from "./bastionSsmLab/nacl";
import { bastionSsmNetworkSpec } from "./bastionSsmLab/network";
import { bastionIngress, privateIngress, publicIngress, ssmEndpointIngress } from "../../labs/bastionSsm/securityGroups";
import { metadataPageUserData } from "./bastionSsmLab/userData";
import { bastionSsmConfigProblems, bastionSsmNetworkProblems, LabSubnets, labSubnets, operatorCidrProblems } from "./bastionSsmLab/validate";
import { LabVerification, VerificationFacts, labVerification } from "./bastionSsmLab/verification";
import { bastionSsmStageChecks } from "./bastionSsmLab/stageChecks";
import { LabCheck } from "../../labs/labCheck";
import { bastionSsmStageOf, bastionSsmStageProblems } from "../../labs/stageRules";
import { hasReached } from "../../config/stages";

export { bastionSsmNetworkSpec } from "./bastionSsmLab/network";

export interface BastionSsmLabArgs {
    /** Account, zones, instance type, endpoint zone count, flow log settings and tags of the stack. */
    readonly environment: LabEnvironment;
    /**
     * The lab's settings. With a `network` given, its CIDRs and NAT choice are not used: the
     * network is what it is; the operator CIDR and the NACL switch still apply.
     */
    readonly config: BastionSsmLabConfig;
    /**
     * The network to build on: it needs a public and a private subnet in each of zones 1 and 2
     * and DNS hostnames and support on.
     * @default IMD-VPC built by a LabNetwork from `bastionSsmNetworkSpec(config, environment)`
     */
    readonly network?: NetworkRef;
    /** Where IMD-VPC comes from when no `network` is handed in. @default nativeNetwork (a LabNetwork of the spec) */
    readonly networkProvider?: NetworkProvider;
}

/**
 * Everything wrong with the lab's arguments, checked before anything is registered. With a
 * given network the config's layout is not used, so only the operator CIDR and the network
 * itself are checked.
 */
export function bastionSsmLabProblems(args: BastionSsmLabArgs): Problem[] {
    const stage = bastionSsmStageProblems(args.config);
    return args.network
        ? [...operatorCidrProblems(args.config, undefined), ...bastionSsmNetworkProblems(args.network), ...stage]
        : [...bastionSsmConfigProblems(args.environment, args.config), ...stage];
}

/**
 * The Immersion Day VPC lab ("bastion-ssm"): private instances reached through a bastion host
 * or Session Manager, and a network ACL exercise.
 *
 * Four instances (PUBLIC-01/02, PRIVATE-01/02) serve a page of their instance metadata read
 * with IMDSv2 tokens. Every instance gets an instance profile with AmazonSSMManagedInstanceCore
 * at launch, and the ssm, ssmmessages and ec2messages interface endpoints (private DNS on) let
 * Session Manager in with no NAT gateway, no SSH and no key pair. BASTION exists only when an
 * operator CIDR is set; it is reached with EC2 Instance Connect, never from 0.0.0.0/0.
 */
export class BastionSsmLab extends pulumi.ComponentResource {
    /** What the lab is built on: the network it was given or the one it built. */
    readonly network: NetworkRef;
    /** IMD-VPC, when the lab built it (no `network` given). */
    readonly instanceRole: SsmInstanceRole;
    readonly publicSecurityGroup: LabSecurityGroup;
    readonly privateSecurityGroup: LabSecurityGroup;
    readonly bastionSecurityGroup?: LabSecurityGroup;
    /** IMD-SSM-SG and the SSM endpoints: from the ssm stage on. */
    readonly ssmSecurityGroup?: LabSecurityGroup;
    readonly endpoints?: Readonly<Record<SsmEndpointService, InterfaceEndpoint>>;
    readonly instances: Readonly<Record<WorkloadName, LabInstance>>;
    readonly bastion?: LabInstance;
    readonly privateNacl?: aws.ec2.NetworkAcl;

    readonly vpcId: pulumi.Output<string>;
    readonly instanceIds: Readonly<Record<WorkloadName, pulumi.Output<string>>>;
    readonly bastionInstanceId?: pulumi.Output<string>;
    readonly networkAclId?: pulumi.Output<string>;
    /** The verification commands with their expected results. */
    readonly verification?: pulumi.Output<LabVerification>;
    /** The checks of the stages before the NACL exercise (network, nat, ssm); absent from nacl on. */
    readonly stageChecks?: pulumi.Output<LabCheck[]>;
    /** The checks of the stage built, in the one shape of every lab (`bastionSsm.checks`). */
    readonly checks: pulumi.Output<LabCheck[]>;
    /** What the stack exports for the lab. */
    readonly outputs: Record<string, pulumi.Input<unknown>>;

    constructor(name: string, args: BastionSsmLabArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(`BastionSsmLab "${name}"`, bastionSsmLabProblems(args));
        super("vpc-labs:labs:BastionSsmLab", name, {}, opts);
        const { environment: env, config } = args;
        const tags = env.tags;
        const stage = bastionSsmStageOf(config);
        const hasSsmEndpoints = hasReached("bastion-ssm", stage, "ssm");

        this.network = args.network ?? (args.networkProvider ?? nativeNetwork)(`${name}-network`, bastionSsmNetworkSpec(config, env), env, { parent: this });
        const network = this.network;
        this.vpcId = network.vpcId;
        // Checked above: the network has all four.
        const subnets = labSubnets(network) as LabSubnets;

        this.instanceRole = new SsmInstanceRole(`${name}-ssm-role`, { nameTag: IMD.instanceRole, partition: env.aws.partition, tags }, { parent: this });

        if (hasSsmEndpoints) {
            // IMD-SSM-SG arrives with the endpoints it guards (the ssm stage), as in the original.
            this.ssmSecurityGroup = new LabSecurityGroup(
                `${name}-ssm-sg`,
                {
                    vpcId: network.vpcId,
                    nameTag: IMD.ssmSecurityGroup,
                    description: "IMD-SSM-SG: HTTPS from the VPC to the Systems Manager endpoints",
                    ingress: ssmEndpointIngress(network.cidrBlock),
                    // Endpoint ENIs only answer; they open no connections of their own.
                    egress: [],
                    tags,
                },
                { parent: this },
            );
        }
        if (config.operatorCidr !== undefined) {
            this.bastionSecurityGroup = new LabSecurityGroup(
                `${name}-bastion-sg`,
                {
                    vpcId: network.vpcId,
                    nameTag: IMD.bastionSecurityGroup,
                    description: "IMD-BASTION-SG: SSH from the operator CIDR only",
                    ingress: bastionIngress(config.operatorCidr),
                    tags,
                },
                { parent: this },
            );
        }
        const publicRules = publicIngress(network.cidrBlock, config.operatorCidr);
        this.publicSecurityGroup = new LabSecurityGroup(
            `${name}-pub-sg`,
            {
                vpcId: network.vpcId,
                nameTag: IMD.publicSecurityGroup,
                description: "IMD-PUB-SG: web from anywhere, ping from the VPC and the operator, no SSH",
                ingress: publicRules,
                tags,
            },
            { parent: this },
        );
        this.privateSecurityGroup = new LabSecurityGroup(
            `${name}-pri-sg`,
            {
                vpcId: network.vpcId,
                nameTag: IMD.privateSecurityGroup,
                description: "IMD-PRI-SG: web and ping from the VPC, SSH from the bastion only",
                ingress: privateIngress(network.cidrBlock, this.bastionSecurityGroup?.id),
                tags,
            },
            { parent: this },
        );

        const endpointSubnetIds = onePerZone(network, "private", env.interfaceEndpointAzCount).map((s) => s.id);
        const endpoints = {} as Record<SsmEndpointService, InterfaceEndpoint>;
        // The original's order: Session Manager first goes out through the NAT, then the endpoints arrive.
        for (const service of this.ssmSecurityGroup ? SSM_ENDPOINT_SERVICES : []) {
            endpoints[service] = new InterfaceEndpoint(
                `${name}-vpce-${service}`,
                {
                    network,
                    target: { kind: "aws-service", service, region: env.aws.region },
                    subnetIds: endpointSubnetIds,
                    zoneCountSetBy: endpointZoneCountSetting(env),
                    privateDns: true,
                    securityGroups: { existing: [this.ssmSecurityGroup!.id] },
                    nameTag: endpointNameTag(service),
                    tags,
                },
                { parent: this },
            );
        }
        this.endpoints = hasSsmEndpoints ? endpoints : undefined;

        const byTierAndZone = { public: [subnets.publicA, subnets.publicB], private: [subnets.privateA, subnets.privateB] };
        const subnetOf = (placement: InstancePlacement): SubnetRef => byTierAndZone[placement.tier][placement.zoneIndex];
        // The SSM agent registers at first boot; with the endpoints (and their private DNS) in
        // place by then, Session Manager works as soon as `pulumi up` ends, NAT or not.
        const instanceOpts = (): pulumi.ComponentResourceOptions => ({ parent: this, dependsOn: Object.values(endpoints).map((e) => e.endpoint) });
        const instances = {} as Record<WorkloadName, LabInstance>;
        for (const placement of WORKLOADS) {
            instances[placement.nameTag] = new LabInstance(
                `${name}-${placement.key}`,
                {
                    nameTag: placement.nameTag,
                    subnetId: subnetOf(placement).id,
                    securityGroupIds: [placement.tier === "public" ? this.publicSecurityGroup.id : this.privateSecurityGroup.id],
                    instanceType: env.instanceType,
                    instanceProfileName: this.instanceRole.instanceProfile.name,
                    associatePublicIpAddress: placement.publicIp,
                    userData: metadataPageUserData(placement.nameTag),
                    tags,
                },
                instanceOpts(),
            );
        }
        this.instances = instances;
        this.instanceIds = Object.fromEntries(WORKLOADS.map((p) => [p.nameTag, instances[p.nameTag].instanceId])) as Record<WorkloadName, pulumi.Output<string>>;
        if (this.bastionSecurityGroup) {
            this.bastion = new LabInstance(
                `${name}-${BASTION.key}`,
                {
                    nameTag: BASTION.nameTag,
                    subnetId: subnetOf(BASTION).id,
                    securityGroupIds: [this.bastionSecurityGroup.id],
                    instanceType: env.instanceType,
                    instanceProfileName: this.instanceRole.instanceProfile.name,
                    associatePublicIpAddress: BASTION.publicIp,
                    tags,
                },
                instanceOpts(),
            );
            this.bastionInstanceId = this.bastion.instanceId;
        }

        if (stage === "nacl") {
            this.privateNacl = new aws.ec2.NetworkAcl(`${name}-private-nacl`, { vpcId: network.vpcId, tags: mergeTags(undefined, tags, IMD.privateNacl) }, { parent: this });
            const networkAclId = this.privateNacl.id;
            for (const rule of privateNaclRules(subnets.publicA.cidrBlock)) {
                new aws.ec2.NetworkAclRule(`${name}-private-nacl-${rule.egress ? "out" : "in"}-${rule.ruleNumber}`, { networkAclId, ...rule }, { parent: this });
            }
            for (const [key, subnet] of [["private-a", subnets.privateA], ["private-b", subnets.privateB]] as const) {
                new aws.ec2.NetworkAclAssociation(`${name}-private-nacl-${key}`, { networkAclId, subnetId: subnet.id }, { parent: this });
            }
            this.networkAclId = networkAclId;
        }

        const instanceFacts = (instance: LabInstance) => ({ instanceId: instance.instanceId, privateIp: instance.privateIp, publicIp: instance.publicIp });
        const facts = pulumi.output({
            region: env.aws.region,
            vpcCidr: network.cidrBlock,
            subnetCidrs: {
                publicA: subnets.publicA.cidrBlock,
                publicB: subnets.publicB.cidrBlock,
                privateA: subnets.privateA.cidrBlock,
                privateB: subnets.privateB.cidrBlock,
            },
            instances: Object.fromEntries(WORKLOADS.map((p) => [p.nameTag, instanceFacts(instances[p.nameTag])])),
            bastion: this.bastion ? instanceFacts(this.bastion) : undefined,
            natGateways: args.network ? undefined : hasReached("bastion-ssm", stage, "nat") ? config.natGateways : "none",
            interfaceEndpointAzCount: env.interfaceEndpointAzCount,
            operatorPing:
                config.operatorCidr !== undefined
                    ? {
                          operatorCidr: config.operatorCidr,
                          securityGroupId: this.publicSecurityGroup.id,
                          // publicIngress puts the operator's rule last.
                          ruleId: this.publicSecurityGroup.ingressRules[publicRules.length - 1].id,
                      }
                    : undefined,
            nacl: this.networkAclId ? { networkAclId: this.networkAclId } : undefined,
        });
        if (stage === "nacl" || stage === "nacl-off") {
            this.verification = facts.apply((f) => labVerification(f as VerificationFacts));
        } else {
            const earlier = stage;
            const routes = pulumi.all(network.routeTables.filter((t) => t.tier === "private").map((t) => t.id));
            this.stageChecks = pulumi
                .all([facts, routes])
                .apply(([f, privateRouteTableIds]) => bastionSsmStageChecks(earlier, { ...(f as VerificationFacts), privateRouteTableIds, natLayout: args.network ? undefined : config.natGateways }));
        }
        const verification = this.verification;
        // nacl and nacl-off share the final stage's checks (the NACL pings among them while it is on), labelled with the stage built.
        this.checks = verification ? verification.apply((v) => v.checks.map((c) => ({ ...c, stage }))) : this.stageChecks!;

        const instanceOutputs = (instance: LabInstance, publicIp: boolean) => ({
            instanceId: instance.instanceId,
            privateIp: instance.privateIp,
            ...(publicIp ? { publicIp: instance.publicIp } : {}),
        });
        this.outputs = {
            vpcId: network.vpcId,
            subnetIds: { publicA: subnets.publicA.id, publicB: subnets.publicB.id, privateA: subnets.privateA.id, privateB: subnets.privateB.id },
            instances: {
                ...Object.fromEntries(WORKLOADS.map((p) => [p.nameTag, instanceOutputs(instances[p.nameTag], p.publicIp)])),
                ...(this.bastion ? { [BASTION.nameTag]: instanceOutputs(this.bastion, true) } : {}),
            },
            securityGroupIds: {
                [IMD.publicSecurityGroup]: this.publicSecurityGroup.id,
                [IMD.privateSecurityGroup]: this.privateSecurityGroup.id,
                ...(this.bastionSecurityGroup ? { [IMD.bastionSecurityGroup]: this.bastionSecurityGroup.id } : {}),
                ...(this.ssmSecurityGroup ? { [IMD.ssmSecurityGroup]: this.ssmSecurityGroup.id } : {}),
            },
            endpointIds: Object.fromEntries(Object.entries(endpoints).map(([s, e]) => [s, e.endpointId])),
            instanceRoleArn: this.instanceRole.role.arn,
            instanceProfileName: this.instanceRole.instanceProfile.name,
            ...(verification
                ? {
                      sessionManager: verification.apply((v) => v.sessionManager),
                      ...(this.bastion ? { bastion: verification.apply((v) => v.bastion) } : {}),
                      ...(this.privateNacl ? { naclExercise: verification.apply((v) => v.naclExercise) } : {}),
                  }
                : {}),
            checks: this.checks,
        };
        this.registerOutputs({
            vpcId: this.vpcId,
            instanceIds: this.instanceIds,
            bastionInstanceId: this.bastionInstanceId,
            networkAclId: this.networkAclId,
            endpointIds: this.outputs.endpointIds,
            checks: this.checks,
        });
    }
}

/** How the program builds the lab from the stack config. */
export const bastionSsmLabDefinition = defineLab<BastionSsmLabConfig>({
    name: "bastion-ssm",
    outputKey: "bastionSsm",
    configOf: (config) => config.bastionSsm,
    problems: (environment, config) => [...bastionSsmConfigProblems(environment, config), ...bastionSsmStageProblems(config)],
    networks: (environment, config) => [
        { key: "bastionSsm", spec: bastionSsmNetworkSpec(config, environment), privateDns: hasReached("bastion-ssm", bastionSsmStageOf(config), "ssm") },
    ],
    build: (name, environment, config, networks, opts) => {
        const lab = new BastionSsmLab(name, { environment, config, networkProvider: networks.bastionSsm }, opts);
        return { component: lab, outputs: lab.outputs };
    },
});
