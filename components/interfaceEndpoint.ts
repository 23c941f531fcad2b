import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems, Problem } from "../lib/errors";
import { awsServiceName } from "../lib/services";
import { Tags, mergeTags } from "../lib/tags";
import { LabSecurityGroup } from "./labSecurityGroup";
import { NetworkRef } from "./networkRef";

/** What an interface endpoint connects to: an AWS service by short name, or a PrivateLink endpoint service. */
export type InterfaceEndpointTarget =
    | { readonly kind: "aws-service"; readonly service: string; readonly region: string }
    | { readonly kind: "endpoint-service"; readonly serviceName: pulumi.Input<string> };

/** The endpoint's security group: its own, created here, or groups that already exist. */
export type EndpointSecurityGroups =
    | { readonly create: { readonly nameTag: string; readonly port: number } }
    | { readonly existing: readonly pulumi.Input<string>[] };

export interface InterfaceEndpointArgs {
    readonly network: NetworkRef;
    readonly target: InterfaceEndpointTarget;
    /** Subnet IDs, one per zone the endpoint should answer in. */
    readonly subnetIds: readonly pulumi.Input<string>[];
    /**
     * The config key (and its value) that decided how many zones `subnetIds` span. Recorded as
     * the component's input, so a policy finding about the spread names the key to change
     * rather than telling the user to add subnets by hand.
     * @default none: the subnets were given directly
     */
    readonly zoneCountSetBy?: { readonly key: string; readonly value: number };
    /** Resolve the service's public hostname to the endpoint inside the VPC. */
    readonly privateDns: boolean;
    readonly securityGroups: EndpointSecurityGroups;
    /** The endpoint's Name tag. */
    readonly nameTag: string;
    /**
     * Private DNS answers only queries that arrive through a Route 53 inbound resolver (on
     * premises); the VPC's own queries keep resolving to the public name, which a gateway
     * endpoint for the same service then carries. For services with both endpoint types (s3,
     * dynamodb), and only with `privateDns`. AWS refuses it unless the VPC already has the
     * gateway endpoint: pass that in `dependsOn`.
     * https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html
     * @default false
     */
    readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
    /** Resources that must exist before the endpoint, e.g. the gateway endpoint above. @default [] */
    readonly dependsOn?: readonly pulumi.Resource[];
    /** @default {} */
    readonly tags?: Tags;
}

/**
 * Why an interface endpoint could not be built as asked; checked before anything is created.
 * `path` names the argument, e.g. `labs.endpoints.interfaceServices[1]`.
 */
export function interfaceEndpointProblems(args: InterfaceEndpointArgs, path = "args"): Problem[] {
    const problems: Problem[] = [];
    if (args.privateDns && !(args.network.enableDnsHostnames && args.network.enableDnsSupport)) {
        problems.push({
            key: `${path}.privateDns`,
            rule: "private DNS needs the VPC's DNS hostnames and DNS support on",
            fix: "set enableDnsHostnames: true and enableDnsSupport: true on the network, or privateDns: false",
        });
    }
    if (args.privateDns && args.target.kind === "endpoint-service") {
        problems.push({
            key: `${path}.privateDns`,
            rule: "an endpoint service without a verified private DNS name has no name to resolve privately",
            fix: "set privateDns: false and use the endpoint's own DNS names",
        });
    }
    if (args.privateDnsOnlyForInboundResolverEndpoint && !args.privateDns) {
        problems.push({
            key: `${path}.privateDnsOnlyForInboundResolverEndpoint`,
            rule: "private DNS for inbound resolver endpoints only is a private DNS option",
            fix: "set privateDns: true, or drop privateDnsOnlyForInboundResolverEndpoint",
        });
    }
    if (args.subnetIds.length === 0) {
        problems.push({ key: `${path}.subnetIds`, rule: "an interface endpoint needs at least one subnet", fix: "give one subnet per zone" });
    }
    if ("existing" in args.securityGroups && args.securityGroups.existing.length === 0) {
        problems.push({
            key: `${path}.securityGroups.existing`,
            rule: "an interface endpoint without its own security group falls back to the VPC default group",
            fix: "list the endpoint's security groups, or use { create: ... }",
        });
    }
    return problems;
}

/**
 * An interface VPC endpoint: one ENI per subnet, guarded by a security group that admits the
 * service port from inside the VPC only.
 */
export class InterfaceEndpoint extends pulumi.ComponentResource {
    readonly endpoint: aws.ec2.VpcEndpoint;
    readonly securityGroup?: LabSecurityGroup;
    readonly endpointId: pulumi.Output<string>;
    /** The endpoint's own DNS names: regional first, then one per zone. */
    readonly dnsNames: pulumi.Output<string[]>;

    constructor(name: string, args: InterfaceEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(`InterfaceEndpoint "${name}"`, interfaceEndpointProblems(args));
        super("vpc-labs:endpoints:InterfaceEndpoint", name, {}, opts);
        let securityGroupIds: pulumi.Input<string>[];
        if ("create" in args.securityGroups) {
            const { nameTag, port } = args.securityGroups.create;
            this.securityGroup = new LabSecurityGroup(
                `${name}-sg`,
                {
                    vpcId: args.network.vpcId,
                    nameTag,
                    description: `${args.nameTag}: tcp ${port} from inside the VPC only`,
                    ingress: [{ description: `tcp ${port} from the VPC`, protocol: "tcp", fromPort: port, peer: { cidr: args.network.cidrBlock } }],
                    // An endpoint ENI only answers; it opens no connections of its own.
                    egress: [],
                    tags: args.tags,
                },
                { parent: this },
            );
            securityGroupIds = [this.securityGroup.id];
        } else {
            securityGroupIds = [...args.securityGroups.existing];
        }
        this.endpoint = new aws.ec2.VpcEndpoint(
            `${name}-endpoint`,
            {
                vpcId: args.network.vpcId,
                vpcEndpointType: "Interface",
                serviceName: args.target.kind === "aws-service" ? awsServiceName(args.target.region, args.target.service) : args.target.serviceName,
                subnetIds: [...args.subnetIds],
                securityGroupIds,
                privateDnsEnabled: args.privateDns,
                dnsOptions: args.privateDnsOnlyForInboundResolverEndpoint ? { privateDnsOnlyForInboundResolverEndpoint: true } : undefined,
                ipAddressType: "ipv4",
                tags: mergeTags(undefined, args.tags, args.nameTag),
            },
            { parent: this, dependsOn: args.dependsOn ? [...args.dependsOn] : undefined },
        );
        this.endpointId = this.endpoint.id;
        this.dnsNames = this.endpoint.dnsEntries.apply((entries) => (entries ?? []).map((e) => e.dnsName));
        // Stack policies read a component's outputs: zoneCountSetBy is there for them.
        this.registerOutputs({ endpointId: this.endpointId, dnsNames: this.dnsNames, ...(args.zoneCountSetBy ? { zoneCountSetBy: args.zoneCountSetBy } : {}) });
    }
}
