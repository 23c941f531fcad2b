import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../config/load";
import { FlowLogSettings, FlowLogTrafficType } from "../config/stackConfig";
import { flowLogFormat } from "../lib/flowLogFields";
import { Tags, mergeTags } from "../lib/tags";
import { BuiltFlowLog } from "./flowLogs/outputs";
import { cloudWatchDestination } from "./flowLogs/cloudWatchDestination";
import { s3DestinationOptions, VpcFlowLogs } from "./vpcFlowLogs";

/** A subnet or network interface that gets a flow log, by the Name it is known by. */
export interface FlowLogTarget {
    readonly name: string;
    readonly id: pulumi.Input<string>;
}

export interface ScopedFlowLogsArgs {
    /** Subnet-level or ENI-level logs. */
    readonly scope: "subnet" | "eni";
    readonly targets: readonly FlowLogTarget[];
    /** What these logs capture, independent of the VPC-level log's traffic type. */
    readonly trafficType: FlowLogTrafficType;
    /** Destination, interval, retention and format: the stack's, shared with the VPC-level log. */
    readonly settings: FlowLogSettings;
    /** The VPC's own flow logs: their bucket (S3) and key are shared. */
    readonly vpcFlowLogs: VpcFlowLogs;
    /** Label for Name tags and the log group prefix, e.g. `IMD-VPCFlow-eni`. */
    readonly label: string;
    readonly aws: AwsContext;
    /** Keep the log group in AWS when it leaves the stack. @default true */
    readonly keepDataOnDelete?: boolean;
    /** @default {} */
    readonly tags?: Tags;
}

/**
 * Flow logs on chosen subnets or network interfaces of one VPC, as the workshop compares them
 * with the VPC-level log. With CloudWatch Logs they get a log group of their own (two flow
 * logs writing the same ENI's stream into one group would mix their records) and a role scoped
 * to it; with S3 they share the VPC's bucket, where object names carry each flow log's ID.
 */
export class ScopedFlowLogs extends pulumi.ComponentResource {
    readonly flowLogs: aws.ec2.FlowLog[];
    readonly logGroup?: aws.cloudwatch.LogGroup;
    readonly role?: aws.iam.Role;
    readonly destinationArn: pulumi.Output<string>;
    /** Every flow log with what it is attached to, for the stack outputs. */
    readonly built: BuiltFlowLog[];

    constructor(name: string, args: ScopedFlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("vpc-labs:network:ScopedFlowLogs", name, {}, opts);
        const { settings } = args;
        const tags = (suffix: string) => mergeTags(undefined, args.tags, `${args.label}-${suffix}`);
        let iamRoleArn: pulumi.Output<string> | undefined;
        if (settings.destination === "cloud-watch-logs") {
            ({ logGroup: this.logGroup, role: this.role } = cloudWatchDestination(
                name,
                { label: args.label, retentionDays: settings.retentionDays, kmsKeyArn: args.vpcFlowLogs.kmsKey?.arn, aws: args.aws, tags, keepDataOnDelete: args.keepDataOnDelete ?? true },
                this,
            ));
            iamRoleArn = this.role.arn;
            this.destinationArn = this.logGroup.arn;
        } else {
            this.destinationArn = args.vpcFlowLogs.destinationArn;
        }
        const common = {
            logDestinationType: settings.destination,
            logDestination: this.destinationArn,
            iamRoleArn,
            trafficType: args.trafficType,
            maxAggregationInterval: settings.maxAggregationInterval,
            logFormat: settings.fields.length > 0 ? flowLogFormat(settings.fields) : undefined,
            destinationOptions: s3DestinationOptions(settings),
        };
        this.flowLogs = args.targets.map(
            (target) =>
                new aws.ec2.FlowLog(
                    `${name}-${target.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
                    { ...common, ...(args.scope === "subnet" ? { subnetId: target.id } : { eniId: target.id }), tags: tags(target.name) },
                    { parent: this },
                ),
        );
        this.built = this.flowLogs.map((flowLog, i) => ({
            scope: args.scope,
            target: args.targets[i].name,
            label: args.label,
            flowLog,
            trafficType: args.trafficType,
            logGroup: this.logGroup,
            bucket: args.vpcFlowLogs.bucket,
        }));
        this.registerOutputs({ flowLogIds: this.flowLogs.map((f) => f.id), destinationArn: this.destinationArn });
    }
}
