import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../../lib/errors";
import { mergeTags } from "../../lib/tags";
import { LabEnvironment } from "../labEnvironment";
import { NetworkSpec } from "../labNetwork/spec";
import { NetworkRef } from "../networkRef";
import { VpcFlowLogs, labVpcFlowLogs } from "../vpcFlowLogs";
import { awsxLayoutProblems, awsxSubnetType, awsxVpcArgs } from "./awsxLayout";
import { NetworkProvider } from "./provider";

export interface AwsxLabNetworkArgs extends NetworkSpec {
    readonly environment: LabEnvironment;
}

/**
 * @pulumi/awsx, loaded on first use: it pulls in the docker providers and the ECS SDK, a
 * fifth of the program's start-up, and stacks without awsx networks never need it.
 */
function loadAwsx(): typeof awsx {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/awsx");
}

/** A row of awsx's route table associations, as a resource or (under mocks) a plain object. */
interface Association {
    readonly subnetId: pulumi.Input<string>;
    readonly routeTableId: pulumi.Input<string>;
}

/**
 * A lab's VPC built by `awsx.ec2.Vpc` with the lab's exact CIDRs, for teams that standardise
 * on awsx. awsx gives each subnet its own route table and names subnets itself; the package
 * adds what awsx does not: the closed default security group and the flow logs.
 */
export class AwsxLabNetwork extends pulumi.ComponentResource {
    readonly vpc: awsx.ec2.Vpc;
    readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;
    readonly flowLogs: VpcFlowLogs;
    readonly ref: NetworkRef;

    constructor(name: string, args: AwsxLabNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(`AwsxLabNetwork "${name}"`, awsxLayoutProblems(args, "subnets"));
        super("vpc-labs:network:AwsxLabNetwork", name, {}, opts);
        const env = args.environment;
        this.vpc = new (loadAwsx().ec2.Vpc)(`${name}-vpc`, awsxVpcArgs(args, env), { parent: this });
        this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: this.vpc.vpcId, ingress: [], egress: [], tags: mergeTags(undefined, env.tags, `${args.vpcName}-default-closed`) },
            { parent: this },
        );
        this.flowLogs = labVpcFlowLogs(`${name}-flow-logs`, { vpcId: this.vpc.vpcId, label: args.flowLogLabel ?? `${args.vpcName}-flow`, vpcName: args.vpcName }, env, this);

        const idsByType = { Public: this.vpc.publicSubnetIds, Private: this.vpc.privateSubnetIds, Isolated: this.vpc.isolatedSubnetIds };
        const zones = (awsxVpcArgs(args, env).availabilityZoneNames as string[]).map((zone) => env.availabilityZones.indexOf(zone));
        const routeTableOf: pulumi.Output<Record<string, string>> = this.vpc.routeTableAssociations.apply((rows) =>
            pulumi.all((rows as unknown as Association[]).map((row) => pulumi.all([row.subnetId, row.routeTableId]))).apply((pairs) => Object.fromEntries(pairs)),
        );
        const subnets = args.subnets.map((spec) => {
            const id = idsByType[awsxSubnetType(spec, args)].apply((ids) => ids[zones.indexOf(spec.zoneIndex)]);
            return {
                key: spec.key,
                tier: spec.tier,
                zoneIndex: spec.zoneIndex,
                id,
                cidrBlock: pulumi.output(spec.cidrBlock),
                availabilityZone: pulumi.output(env.availabilityZones[spec.zoneIndex]),
            };
        });
        this.ref = {
            flowLogs: this.flowLogs,
            vpcName: args.vpcName,
            vpcId: this.vpc.vpcId,
            cidrBlock: pulumi.output(args.cidrBlock),
            enableDnsHostnames: args.enableDnsHostnames ?? true,
            enableDnsSupport: args.enableDnsSupport ?? true,
            subnets,
            // awsx gives every subnet its own route table.
            routeTables: subnets.map((subnet) => ({
                key: subnet.key,
                tier: subnet.tier,
                id: pulumi.all([routeTableOf, subnet.id]).apply(([tables, subnetId]) => tables[subnetId]),
            })),
        };
        this.registerOutputs({ vpcId: this.vpc.vpcId });
    }
}

/** The awsx network source. */
export const awsxNetwork: NetworkProvider = (name, spec, environment, opts) => new AwsxLabNetwork(name, { ...spec, environment }, opts).ref;
