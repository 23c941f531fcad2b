import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EndpointServiceLabConfig } from "../../config/stackConfig";
import { throwIfProblems } from "../../lib/errors";
import { mergeTags } from "../../lib/tags";
import { InterfaceEndpoint } from "../interfaceEndpoint";
import { defineLab } from "../labDefinition";
import { LabEnvironment, endpointZoneCountSetting } from "../labEnvironment";
import { LabInstance } from "../labInstance";
import { LabSecurityGroup } from "../labSecurityGroup";
import { onePerZone } from "../networkRef";
import { NetworkProvider, nativeNetwork } from "../networkSources/provider";
import { SsmInstanceRole } from "../ssmInstanceRole";
import { ENDPOINT_SERVICE_NAMES as NAMES, endpointServiceNetworkSpec } from "./endpointServiceLab/network";
import { DEREGISTRATION_DELAY_SECONDS, WEB_HEALTH_CHECK, allowedPrincipalsOf } from "./endpointServiceLab/service";
import { WEB_PORT, clientUserData, webServerUserData } from "./endpointServiceLab/userData";
import {
    EndpointServiceNetworkRefs,
    endpointServiceConfigProblems,
    endpointServiceNetworkProblems,
    endpointServicePrincipalProblems,
    labNameProblems,
} from "./endpointServiceLab/validate";
import { acceptCommand, verificationSteps } from "./endpointServiceLab/verification";
import { LabCheck } from "../../labs/labCheck";
import { endpointServiceStageChecks } from "./endpointServiceLab/stageChecks";
import { endpointServiceStageOf, endpointServiceStageProblems } from "../../labs/stageRules";
import { hasReached } from "../../config/stages";

export interface EndpointServiceLabArgs {
    /** Account, zones, instance type, endpoint zone count, flow log settings and tags of the stack. */
    readonly environment: LabEnvironment;
    /** The lab's settings. The CIDRs are used only when the lab builds its own networks. */
    readonly config: EndpointServiceLabConfig;
    /**
     * Networks to build on instead of creating MyVPC and CustomVPC: the consumer needs a
     * public subnet in each zone the endpoint spans, the provider private subnets in zones 1
     * and 2. Their flow logs are their owner's business.
     * @default two LabNetworks from {@link endpointServiceNetworkSpec}, each with flow logs
     */
    readonly networks?: EndpointServiceNetworkRefs;
    /** Where MyVPC and CustomVPC come from when no `networks` are handed in. @default nativeNetwork for both */
    readonly networkProviders?: { readonly consumer?: NetworkProvider; readonly provider?: NetworkProvider };
}

/**
 * What a student uses from the lab: IDs, names, state and the checks with their expected
 * results. The service and endpoint fields exist from the service stage on; `verification`
 * at the final stage, `checks` at the earlier ones.
 */
export interface EndpointServiceLabOutputs {
    readonly consumerVpcId: pulumi.Output<string>;
    readonly providerVpcId: pulumi.Output<string>;
    readonly clientInstanceId: pulumi.Output<string>;
    readonly webServerInstanceIds: pulumi.Output<string>[];
    readonly loadBalancerDnsName: pulumi.Output<string>;
    readonly serviceId?: pulumi.Output<string>;
    readonly serviceName?: pulumi.Output<string>;
    readonly allowedPrincipals: readonly string[];
    readonly endpointId?: pulumi.Output<string>;
    readonly endpointDnsNames?: pulumi.Output<string[]>;
    readonly connectionState?: pulumi.Output<string>;
    readonly autoAccept: boolean;
    /** The command that accepts the pending connection; when autoAccept is false, from the service stage on. */
    readonly acceptCommand?: pulumi.Output<string>;
    /** The checks of the stage built, with their connectivity probes. */
    readonly checks: pulumi.Output<LabCheck[]>;
}

/**
 * Lab "endpoint-service" (lab09-2): a web service in one VPC offered to another over
 * PrivateLink.
 *
 * Provider side (CustomVPC, private range, no internet): Custom-WEB-1 and -2 in private
 * subnets of zones 1 and 2 behind the internal NLB Custom-NLB (TCP 80, HTTP health check),
 * published as the endpoint service Custom-EPS, which requires acceptance and admits only
 * the configured principals (default: the deploying account).
 *
 * Consumer side (MyVPC): My-EC2 in My-Public-SN, reached with Session Manager, and an
 * interface endpoint to Custom-EPS with its own security group. The program accepts the
 * connection, or (autoAccept false) leaves it pending and exports the accept command.
 *
 * The lab body reads only the two NetworkRefs, so it runs on networks built elsewhere.
 */
export class EndpointServiceLab extends pulumi.ComponentResource {
    /** The networks the lab built; undefined when networks were handed in. */
    readonly networks: EndpointServiceNetworkRefs;
    readonly instanceRole: SsmInstanceRole;
    readonly clientSecurityGroup: LabSecurityGroup;
    readonly client: LabInstance;
    readonly webSecurityGroup: LabSecurityGroup;
    readonly webServers: readonly [LabInstance, LabInstance];
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly targetGroupAttachments: readonly aws.lb.TargetGroupAttachment[];
    readonly listener: aws.lb.Listener;
    /** Custom-EPS: from the service stage on. */
    readonly endpointService?: aws.ec2.VpcEndpointService;
    /** My-EPS-Endpoint: from the service stage on. */
    readonly endpoint?: InterfaceEndpoint;
    /** Present at the accepted stage when the program accepts the connection (autoAccept true). */
    readonly accepter?: aws.ec2.VpcEndpointConnectionAccepter;

    readonly serviceId?: pulumi.Output<string>;
    readonly serviceName?: pulumi.Output<string>;
    readonly endpointId?: pulumi.Output<string>;
    readonly endpointDnsNames?: pulumi.Output<string[]>;
    readonly loadBalancerDnsName: pulumi.Output<string>;
    /** pendingAcceptance, available, ... as last read by Pulumi; from the service stage on. */
    readonly connectionState?: pulumi.Output<string>;
    /** What the stack exports for the lab. */
    readonly outputs: EndpointServiceLabOutputs;

    constructor(name: string, args: EndpointServiceLabArgs, opts?: pulumi.ComponentResourceOptions) {
        const { environment: env, config } = args;
        const specs = args.networks ? undefined : endpointServiceNetworkSpec(config, env);
        throwIfProblems(`EndpointServiceLab "${name}"`, [
            ...labNameProblems(name),
            // Handed-in networks replace the config's address plan, so only they are checked.
            ...(args.networks
                ? [...endpointServicePrincipalProblems(env, config), ...endpointServiceNetworkProblems(args.networks, env)]
                : endpointServiceConfigProblems(env, config)),
            ...endpointServiceStageProblems(config),
        ]);
        const stage = endpointServiceStageOf(config);
        super("vpc-labs:labs:EndpointServiceLab", name, {}, opts);
        const tagged = (nameTag: string) => mergeTags(undefined, env.tags, nameTag);

        const networks = args.networks ?? {
            consumer: (args.networkProviders?.consumer ?? nativeNetwork)(`${name}-consumer`, specs!.consumer, env, { parent: this }),
            provider: (args.networkProviders?.provider ?? nativeNetwork)(`${name}-provider`, specs!.provider, env, { parent: this }),
        };
        this.networks = networks;
        const { consumer, provider } = networks;
        const endpointSubnets = onePerZone(consumer, "public", env.interfaceEndpointAzCount);
        const [clientSubnet] = endpointSubnets;
        const providerSubnets = onePerZone(provider, "private", 2);

        // One role for every instance. The web servers carry it too: it is harmless there, and
        // Session Manager works on them as soon as CustomVPC gets the SSM endpoints.
        this.instanceRole = new SsmInstanceRole(
            `${name}-ssm`,
            { nameTag: NAMES.instanceRole, partition: env.aws.partition, tags: env.tags },
            { parent: this },
        );

        this.clientSecurityGroup = new LabSecurityGroup(
            `${name}-client-sg`,
            {
                vpcId: consumer.vpcId,
                nameTag: NAMES.clientSecurityGroup,
                description: `${NAMES.client}: no inbound; HTTPS out for Session Manager and dnf, HTTP to the endpoint`,
                // Session Manager needs no inbound rule: the agent connects out to the service.
                ingress: [],
                egress: [
                    { description: "Session Manager and dnf over HTTPS", protocol: "tcp", fromPort: 443, peer: { cidr: "0.0.0.0/0" } },
                    { description: "HTTP to the endpoint ENIs in the VPC", protocol: "tcp", fromPort: WEB_PORT, peer: { cidr: consumer.cidrBlock } },
                ],
                tags: env.tags,
            },
            { parent: this },
        );
        this.client = new LabInstance(
            `${name}-client`,
            {
                nameTag: NAMES.client,
                subnetId: clientSubnet.id,
                securityGroupIds: [this.clientSecurityGroup.id],
                instanceType: env.instanceType,
                instanceProfileName: this.instanceRole.instanceProfile.name,
                // Session Manager reaches My-EC2 over the internet: MyVPC has no SSM endpoints.
                associatePublicIpAddress: true,
                userData: clientUserData(NAMES.client),
                tags: env.tags,
            },
            { parent: this },
        );

        this.webSecurityGroup = new LabSecurityGroup(
            `${name}-web-sg`,
            {
                vpcId: provider.vpcId,
                nameTag: NAMES.webSecurityGroup,
                description: `${NAMES.webServers.join(", ")}: tcp ${WEB_PORT} from the provider VPC (the NLB)`,
                // Health checks and PrivateLink traffic both arrive from the NLB's private IPs:
                // client IP preservation does not apply to PrivateLink traffic.
                // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html
                ingress: [{ description: `tcp ${WEB_PORT} from the NLB in the VPC`, protocol: "tcp", fromPort: WEB_PORT, peer: { cidr: provider.cidrBlock } }],
                // The servers only answer (security groups are stateful) and have no route out.
                egress: [],
                tags: env.tags,
            },
            { parent: this },
        );
        this.webServers = [0, 1].map(
            (i) =>
                new LabInstance(
                    `${name}-web-${i + 1}`,
                    {
                        nameTag: NAMES.webServers[i],
                        subnetId: providerSubnets[i].id,
                        securityGroupIds: [this.webSecurityGroup.id],
                        instanceType: env.instanceType,
                        instanceProfileName: this.instanceRole.instanceProfile.name,
                        associatePublicIpAddress: false,
                        userData: webServerUserData(i + 1, NAMES.webServers[i]),
                        tags: env.tags,
                    },
                    { parent: this },
                ),
        ) as [LabInstance, LabInstance];

        // Names are left to the provider (`<name>-nlb-<hex>`): load balancer and target group
        // names are unique per account and region, so fixed names would clash between stacks.
        // The console shows Custom-NLB / Custom-NLB-TG as the Name tag.
        this.loadBalancer = new aws.lb.LoadBalancer(
            `${name}-nlb`,
            {
                loadBalancerType: "network",
                internal: true,
                ipAddressType: "ipv4",
                subnets: providerSubnets.map((s) => s.id),
                // Each endpoint ENI talks to the NLB node in its own zone; cross-zone lets that
                // node use both servers, so a one-zone endpoint still reaches WEB-1 and WEB-2.
                enableCrossZoneLoadBalancing: true,
                enableDeletionProtection: false,
                tags: tagged(NAMES.loadBalancer),
            },
            { parent: this },
        );
        this.targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                vpcId: provider.vpcId,
                targetType: "instance",
                protocol: "TCP",
                port: WEB_PORT,
                healthCheck: { ...WEB_HEALTH_CHECK },
                deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
                tags: tagged(NAMES.targetGroup),
            },
            { parent: this },
        );
        this.targetGroupAttachments = this.webServers.map(
            (server, i) =>
                new aws.lb.TargetGroupAttachment(
                    `${name}-tg-web-${i + 1}`,
                    { targetGroupArn: this.targetGroup.arn, targetId: server.instanceId, port: WEB_PORT },
                    { parent: this },
                ),
        );
        this.listener = new aws.lb.Listener(
            `${name}-listener`,
            {
                loadBalancerArn: this.loadBalancer.arn,
                protocol: "TCP",
                port: WEB_PORT,
                defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
                tags: tagged(NAMES.listener),
            },
            { parent: this },
        );

        const allowedPrincipals = allowedPrincipalsOf(config, env.aws);
        this.loadBalancerDnsName = this.loadBalancer.dnsName;
        if (!hasReached("endpoint-service", stage, "service")) {
            // The provider stage: the NLB answers inside CustomVPC only; nothing offers it yet.
            this.outputs = this.providerStageOutputs(consumer.vpcId, provider.vpcId, allowedPrincipals, config.autoAccept, env.aws.region);
            this.registerOutputs({ ...this.outputs });
            return;
        }
        this.endpointService = new aws.ec2.VpcEndpointService(
            `${name}-service`,
            {
                acceptanceRequired: true,
                networkLoadBalancerArns: [this.loadBalancer.arn],
                allowedPrincipals,
                supportedIpAddressTypes: ["ipv4"],
                tags: tagged(NAMES.endpointService),
            },
            { parent: this },
        );

        this.endpoint = new InterfaceEndpoint(
            `${name}-endpoint`,
            {
                network: consumer,
                target: { kind: "endpoint-service", serviceName: this.endpointService.serviceName },
                subnetIds: endpointSubnets.map((s) => s.id),
                zoneCountSetBy: endpointZoneCountSetting(env),
                // Custom-EPS has no verified private DNS name; clients use the endpoint's own names.
                privateDns: false,
                securityGroups: { create: { nameTag: NAMES.endpointSecurityGroup, port: WEB_PORT } },
                nameTag: NAMES.endpoint,
                tags: env.tags,
            },
            { parent: this },
        );

        if (config.autoAccept && hasReached("endpoint-service", stage, "accepted")) {
            this.accepter = new aws.ec2.VpcEndpointConnectionAccepter(
                `${name}-accepter`,
                { vpcEndpointServiceId: this.endpointService.id, vpcEndpointId: this.endpoint.endpointId },
                { parent: this },
            );
        }

        this.serviceId = this.endpointService.id;
        this.serviceName = this.endpointService.serviceName;
        this.endpointId = this.endpoint.endpointId;
        this.endpointDnsNames = this.endpoint.dnsNames;
        this.connectionState = this.accepter ? this.accepter.vpcEndpointState : this.endpoint.endpoint.state;

        const facts = pulumi
            .all([
                this.client.instanceId,
                this.serviceId,
                this.endpointId,
                this.endpointDnsNames,
                pulumi.all(endpointSubnets.map((s) => s.cidrBlock)),
                this.loadBalancerDnsName,
            ])
            .apply(([clientInstanceId, serviceId, endpointId, dnsNames, endpointSubnetCidrs, loadBalancerDnsName]) => ({
                    region: env.aws.region,
                    clientName: NAMES.client,
                    clientInstanceId,
                    serviceId,
                    endpointId,
                    endpointDnsName: dnsNames[0] ?? "",
                    endpointSubnetCidrs,
                    loadBalancerName: NAMES.loadBalancer,
                    loadBalancerDnsName,
                    endpointName: NAMES.endpoint,
                    autoAccept: config.autoAccept,
                }),
            );
        // From the accepted stage on, the final stage's checks; before it, the service stage's (pending connection).
        const checks = hasReached("endpoint-service", stage, "accepted") ? facts.apply(verificationSteps) : facts.apply((f) => endpointServiceStageChecks("service", f));
        this.outputs = {
            consumerVpcId: consumer.vpcId,
            providerVpcId: provider.vpcId,
            clientInstanceId: this.client.instanceId,
            webServerInstanceIds: this.webServers.map((server) => server.instanceId),
            loadBalancerDnsName: this.loadBalancerDnsName,
            serviceId: this.serviceId,
            serviceName: this.serviceName,
            allowedPrincipals,
            endpointId: this.endpointId,
            endpointDnsNames: this.endpointDnsNames,
            connectionState: this.connectionState,
            autoAccept: config.autoAccept,
            ...(config.autoAccept
                ? {}
                : { acceptCommand: pulumi.all([this.serviceId, this.endpointId]).apply(([serviceId, endpointId]) => acceptCommand(serviceId, endpointId, env.aws.region)) }),
            checks,
        };
        this.registerOutputs({ ...this.outputs });
    }

    /** The provider stage's outputs: the VPCs, the instances and the NLB, with that stage's checks. */
    private providerStageOutputs(consumerVpcId: pulumi.Output<string>, providerVpcId: pulumi.Output<string>, allowedPrincipals: readonly string[], autoAccept: boolean, region: string): EndpointServiceLabOutputs {
        const checks = pulumi.all([this.client.instanceId, this.loadBalancerDnsName, this.targetGroup.arn]).apply(([clientInstanceId, loadBalancerDnsName, targetGroupArn]) =>
            endpointServiceStageChecks("provider", { region, clientName: NAMES.client, clientInstanceId, loadBalancerName: NAMES.loadBalancer, loadBalancerDnsName, targetGroupArn }),
        );
        const { instanceId } = this.client;
        const webServerInstanceIds = this.webServers.map((server) => server.instanceId);
        return { consumerVpcId, providerVpcId, clientInstanceId: instanceId, webServerInstanceIds, loadBalancerDnsName: this.loadBalancerDnsName, allowedPrincipals, autoAccept, checks };
    }
}

/** How the program builds the lab from the stack config. */
export const endpointServiceLabDefinition = defineLab<EndpointServiceLabConfig>({
    name: "endpoint-service",
    outputKey: "endpointService",
    configOf: (config) => config.endpointService,
    problems: (environment, config) => [...endpointServiceConfigProblems(environment, config), ...endpointServiceStageProblems(config)],
    networks: (environment, config) => {
        const specs = endpointServiceNetworkSpec(config, environment);
        return [
            { key: "endpointServiceConsumer", spec: specs.consumer, privateDns: false },
            { key: "endpointServiceProvider", spec: specs.provider, privateDns: false },
        ];
    },
    build: (name, environment, config, networks, opts) => {
        const lab = new EndpointServiceLab(
            name,
            { environment, config, networkProviders: { consumer: networks.endpointServiceConsumer, provider: networks.endpointServiceProvider } },
            opts,
        );
        return { component: lab, outputs: { ...lab.outputs } };
    },
});
