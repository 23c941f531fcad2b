import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EndpointsLabConfig } from "../../config/stackConfig";
import { throwIfProblems } from "../../lib/errors";
import { GatewayService } from "../../lib/services";
import { mergeTags } from "../../lib/tags";
import { GatewayEndpoint } from "../gatewayEndpoint";
import { InterfaceEndpoint } from "../interfaceEndpoint";
import { defineLab } from "../labDefinition";
import { LabEnvironment, endpointZoneCountSetting } from "../labEnvironment";
import { LabInstance } from "../labInstance";
import { LabSecurityGroup } from "../labSecurityGroup";
import { NetworkRef } from "../networkRef";
import { NetworkProvider, nativeNetwork } from "../networkSources/provider";
import { SsmInstanceRole } from "../ssmInstanceRole";
import { instanceRolePolicy } from "./endpointsLab/documents";
import {
    ENDPOINTS_NAMES,
    LOCKED_BUCKET_PREFIX,
    endpointsNetworkSpec,
    gatewayEndpointNameTag,
    gatewayRouteTables,
    hasGatewayStage,
    instanceSubnets,
    interfaceEndpointNameTag,
    interfaceEndpointSubnets,
    interfaceServicesOf,
    serviceKey,
} from "./endpointsLab/network";
import { GroupRules, instanceConnectRules, privateInstanceRules, publicInstanceRules } from "../../labs/endpoints/securityGroups";
import { toolsUserData } from "./endpointsLab/userData";
import { endpointsLabProblems, endpointsNetworkProblems } from "./endpointsLab/validate";
import { VerificationFacts, verificationSteps } from "./endpointsLab/verification";
import { LabCheck } from "../../labs/labCheck";
import { endpointsStageChecks } from "./endpointsLab/stageChecks";
import { endpointsStageOf, endpointsStageProblems } from "../../labs/stageRules";

export interface EndpointsLabArgs {
    /** Account, zones, instance type, interface endpoint zone count, flow logs, data retention and tags of the stack. */
    readonly environment: LabEnvironment;
    /** The lab's settings: the stack config keys `endpoints*`. */
    readonly config: EndpointsLabConfig;
    /**
     * The network to build on: at least one public and one private subnet, and route tables of
     * the tiers in `config.gatewayRouteTables`. The lab uses nothing else of it.
     * @default CloudNeta-VPC, built from {@link endpointsNetworkSpec}
     */
    readonly network?: NetworkRef;
    /** Where the VPC comes from when no `network` is handed in. @default nativeNetwork (a LabNetwork of the spec) */
    readonly networkProvider?: NetworkProvider;
}

/**
 * The gateway-vs-interface endpoint lab (the book's lab09-1): a public and a private instance
 * on CloudNeta-VPC, gateway endpoints (S3 always, DynamoDB by config) on the configured route
 * tables, an S3 bucket that answers only through the S3 gateway endpoint, and interface
 * endpoints with private DNS (CloudFormation by default) in one subnet per zone.
 *
 * The private instance has no internet route. It is reached with Session Manager over the
 * ssm/ssmmessages interface endpoints, or over an EC2 Instance Connect Endpoint (no hourly
 * charge), as `config.privateInstanceAccess` says.
 */
export class EndpointsLab extends pulumi.ComponentResource {
    /** The network the lab built, when it was not given one. */
    readonly network: NetworkRef;
    readonly gatewayEndpoints: Readonly<Partial<Record<GatewayService, GatewayEndpoint>>>;
    /** The S3 gateway endpoint and its locked bucket: from the gateway stage on. */
    readonly s3GatewayEndpoint?: GatewayEndpoint;
    /** Interface endpoints by service short name. */
    readonly interfaceEndpoints: Readonly<Record<string, InterfaceEndpoint>>;
    readonly instanceRole: SsmInstanceRole;
    readonly publicSecurityGroup: LabSecurityGroup;
    readonly privateSecurityGroup: LabSecurityGroup;
    readonly instanceConnectSecurityGroup?: LabSecurityGroup;
    readonly instanceConnectEndpoint?: aws.ec2transitgateway.InstanceConnectEndpoint;
    readonly publicInstance: LabInstance;
    readonly privateInstance: LabInstance;
    readonly vpcId: pulumi.Output<string>;
    /** The locked bucket's name: from the gateway stage on. */
    readonly bucketName?: pulumi.Output<string>;
    /** Principals exempt from the bucket-level lock: the deploying principal, then `config.bucketManagers`. */
    readonly bucketManagers: pulumi.Output<string[]>;
    readonly publicInstanceId: pulumi.Output<string>;
    readonly privateInstanceId: pulumi.Output<string>;
    /** The checks of the stage built, with their connectivity probes (`endpoints.checks`). */
    readonly checks: pulumi.Output<LabCheck[]>;
    /** What the stack exports for the lab. */
    readonly outputs: Record<string, pulumi.Input<unknown>>;

    constructor(name: string, args: EndpointsLabArgs, opts?: pulumi.ComponentResourceOptions) {
        const { environment: env, config } = args;
        throwIfProblems(`EndpointsLab "${name}"`, [
            ...endpointsLabProblems(env, config),
            ...endpointsStageProblems(config),
            ...(args.network ? endpointsNetworkProblems(args.network, env, config) : []),
        ]);
        super("vpc-labs:labs:EndpointsLab", name, {}, opts);
        const names = ENDPOINTS_NAMES;
        const tags = env.tags;

        this.network = args.network ?? (args.networkProvider ?? nativeNetwork)(`${name}-network`, endpointsNetworkSpec(config, env), env, { parent: this });
        const network = this.network;
        this.vpcId = network.vpcId;

        // The bucket lock must never shut out whoever runs the stack: the caller's principal
        // (the role behind an assumed-role session) stays a manager of the bucket.
        const caller = aws.getCallerIdentityOutput({}, { parent: this });
        const deployer = aws.iam.getSessionContextOutput({ arn: caller.arn }, { parent: this }).issuerArn;
        this.bucketManagers = pulumi.all([deployer, ...config.bucketManagers]).apply((arns) => [...new Set(arns)]);

        const stage = endpointsStageOf(config);
        // The gateway endpoints and the locked bucket arrive at the gateway stage.
        const gatewayServices = hasGatewayStage(config) ? config.gatewayServices : [];
        const routeTableIds = gatewayRouteTables(network, config.gatewayRouteTables).map((t) => t.id);
        const gateways: Partial<Record<GatewayService, GatewayEndpoint>> = {};
        for (const service of gatewayServices) {
            const common = { vpcId: network.vpcId, aws: env.aws, routeTableIds, nameTag: gatewayEndpointNameTag(service), tags };
            gateways[service] = new GatewayEndpoint(
                `${name}-${service}-gateway`,
                service === "s3"
                    ? {
                          ...common,
                          service,
                          lockedBucket: {
                              nameTag: names.lockedBucket,
                              bucketPrefix: LOCKED_BUCKET_PREFIX,
                              managers: [deployer, ...config.bucketManagers],
                              retainOnDelete: env.keepDataOnDelete,
                          },
                      }
                    : { ...common, service },
                { parent: this },
            );
        }
        this.gatewayEndpoints = gateways;
        this.s3GatewayEndpoint = gateways.s3;
        this.bucketName = this.s3GatewayEndpoint?.bucketName;

        const endpointSubnets = interfaceEndpointSubnets(network, env.interfaceEndpointAzCount);
        const interfaceEndpoints: Record<string, InterfaceEndpoint> = {};
        for (const { service } of interfaceServicesOf(config)) {
            const gateway = gateways[service as GatewayService];
            const nameTag = interfaceEndpointNameTag(service);
            interfaceEndpoints[service] = new InterfaceEndpoint(
                `${name}-${serviceKey(service)}-endpoint`,
                {
                    network,
                    target: { kind: "aws-service", service, region: env.aws.region },
                    subnetIds: endpointSubnets.map((s) => s.id),
                    zoneCountSetBy: endpointZoneCountSetting(env),
                    privateDns: true,
                    securityGroups: { create: { nameTag: `${nameTag}-SG`, port: 443 } },
                    nameTag,
                    // With a gateway endpoint for the same service (s3, dynamodb), the VPC's own
                    // traffic stays on the free gateway path, where the bucket lock expects it.
                    privateDnsOnlyForInboundResolverEndpoint: gateway !== undefined,
                    dependsOn: gateway ? [gateway.endpoint] : undefined,
                    tags,
                },
                { parent: this },
            );
        }
        this.interfaceEndpoints = interfaceEndpoints;

        this.instanceRole = new SsmInstanceRole(`${name}-instance-role`, { nameTag: names.instanceRole, partition: env.aws.partition, tags }, { parent: this });
        new aws.iam.RolePolicy(
            `${name}-instance-role-policy`,
            {
                role: this.instanceRole.role.id,
                policy: this.s3GatewayEndpoint
                    ? this.s3GatewayEndpoint.bucket!.arn.apply((arn) => JSON.stringify(instanceRolePolicy(arn, env.aws, gatewayServices)))
                    : JSON.stringify(instanceRolePolicy(undefined, env.aws, gatewayServices)),
            },
            { parent: this },
        );

        const group = (key: string, nameTag: string, description: string, rules: GroupRules) =>
            new LabSecurityGroup(`${name}-${key}-sg`, { vpcId: network.vpcId, nameTag, description, ...rules, tags }, { parent: this });
        const subnets = instanceSubnets(network);
        if (config.privateInstanceAccess === "instance-connect") {
            this.instanceConnectSecurityGroup = group(
                "eic",
                names.instanceConnectSecurityGroup,
                "EC2 Instance Connect Endpoint: SSH out to the VPC only",
                instanceConnectRules(network.cidrBlock),
            );
            this.instanceConnectEndpoint = new aws.ec2transitgateway.InstanceConnectEndpoint(
                `${name}-eic`,
                {
                    subnetId: subnets.private!.id,
                    securityGroupIds: [this.instanceConnectSecurityGroup.id],
                    // The instance admits the endpoint's group; with the client's address kept,
                    // it would have to admit every student's address instead.
                    preserveClientIp: false,
                    tags: mergeTags(undefined, tags, names.instanceConnectEndpoint),
                },
                { parent: this },
            );
        }
        this.publicSecurityGroup = group("public", names.publicSecurityGroup, "CloudNeta-Public-EC2: ping from the VPC, nothing from the internet", publicInstanceRules(network.cidrBlock));
        this.privateSecurityGroup = group(
            "private",
            names.privateSecurityGroup,
            "CloudNeta-Private-EC2: ping from the VPC; out only to the VPC endpoints",
            privateInstanceRules(
                network.cidrBlock,
                gatewayServices.map((service) => ({ service, prefixListId: gateways[service]!.prefixListId })),
                config.privateInstanceAccess,
                this.instanceConnectSecurityGroup?.id,
            ),
        );

        const instance = (key: string, nameTag: string, subnetId: pulumi.Input<string>, securityGroup: LabSecurityGroup, publicIp: boolean) =>
            new LabInstance(
                `${name}-${key}-ec2`,
                {
                    nameTag,
                    subnetId,
                    securityGroupIds: [securityGroup.id],
                    instanceType: env.instanceType,
                    instanceProfileName: this.instanceRole.instanceProfile.name,
                    associatePublicIpAddress: publicIp,
                    userData: toolsUserData(),
                    tags,
                },
                { parent: this },
            );
        this.publicInstance = instance("public", names.publicInstance, subnets.public!.id, this.publicSecurityGroup, true);
        this.privateInstance = instance("private", names.privateInstance, subnets.private!.id, this.privateSecurityGroup, false);
        this.publicInstanceId = this.publicInstance.instanceId;
        this.privateInstanceId = this.privateInstance.instanceId;

        const gatewayList = gatewayServices.map((service) => ({
            service,
            endpointId: gateways[service]!.endpointId,
            prefixListId: gateways[service]!.prefixListId,
        }));
        const interfaceList = interfaceServicesOf(config).map(({ service }) => ({
            service,
            endpointId: interfaceEndpoints[service].endpointId,
            dnsNames: interfaceEndpoints[service].dnsNames,
        }));
        const facts = pulumi.output({
            region: env.aws.region,
            bucketName: this.bucketName,
            bucketManagers: this.bucketManagers,
            publicInstanceId: this.publicInstanceId,
            privateInstanceId: this.privateInstanceId,
            privateInstanceAccess: config.privateInstanceAccess,
            instanceConnectEndpointId: this.instanceConnectEndpoint?.id,
            routeTables: network.routeTables.map((t) => ({ tier: t.tier, id: t.id })),
            gatewayTiers: [...config.gatewayRouteTables],
            gatewayEndpoints: gatewayList,
            interfaceEndpoints: interfaceList,
            interfaceSubnetCidrs: endpointSubnets.map((s) => s.cidrBlock),
        }) as pulumi.Output<VerificationFacts>;
        // "interface" is finalStage("endpoints"): the final stage's checks; earlier stages have their own.
        if (stage === "interface") {
            this.checks = facts.apply(verificationSteps);
        } else {
            const earlier = stage;
            const dnsHostnames = network.enableDnsHostnames;
            this.checks = pulumi
                .all([facts, network.vpcId, pulumi.all(network.subnets.map((s) => s.cidrBlock))])
                .apply(([f, vpcId, subnetCidrs]) => endpointsStageChecks(earlier, { ...f, vpcId, dnsHostnames, subnetCidrs, configuredInterfaceServices: config.interfaceServices }));
        }

        this.outputs = {
            vpcId: this.vpcId,
            subnetIds: Object.fromEntries(network.subnets.map((s) => [s.key, s.id])),
            routeTableIds: Object.fromEntries(network.routeTables.map((t) => [t.key, t.id])),
            gatewayEndpoints: Object.fromEntries(gatewayList.map(({ service, ...ids }) => [service, ids])),
            interfaceEndpoints: Object.fromEntries(interfaceList.map(({ service, ...ids }) => [service, ids])),
            ...(this.bucketName ? { bucketName: this.bucketName } : {}),
            bucketManagers: this.bucketManagers,
            publicInstance: { instanceId: this.publicInstanceId, privateIp: this.publicInstance.privateIp, publicIp: this.publicInstance.publicIp },
            privateInstance: { instanceId: this.privateInstanceId, privateIp: this.privateInstance.privateIp },
            ...(this.instanceConnectEndpoint ? { instanceConnectEndpointId: this.instanceConnectEndpoint.id } : {}),
            checks: this.checks,
        };
        this.registerOutputs(this.outputs);
    }
}

/** The endpoints lab as the program builds it: stack key `endpoints`, config keys `endpoints*`. */
export const endpointsLabDefinition = defineLab<EndpointsLabConfig>({
    name: "endpoints",
    outputKey: "endpoints",
    configOf: (config) => config.endpoints,
    problems: (environment, config) => [...endpointsLabProblems(environment, config), ...endpointsStageProblems(config)],
    networks: (environment, config) => [{ key: "endpoints", spec: endpointsNetworkSpec(config, environment), privateDns: interfaceServicesOf(config).length > 0 }],
    build: (name, environment, config, networks, opts) => {
        const lab = new EndpointsLab(name, { environment, config, networkProvider: networks.endpoints }, opts);
        return { component: lab, outputs: lab.outputs };
    },
});
