import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../config/load";
import { FlowLogSettings } from "../config/stackConfig";
import { throwIfProblems } from "../lib/errors";
import { flowLogFormat } from "../lib/flowLogFields";
import { Tags, mergeTags } from "../lib/tags";
import {
    documentJson,
    flowLogBucketPolicy,
    flowLogKeyPolicy,
} from "./flowLogs/documents";
import { BuiltFlowLog } from "./flowLogs/outputs";
import { cloudWatchDestination } from "./flowLogs/cloudWatchDestination";
import { flowLogSettingsProblems } from "../config/flowLogSettings";
import { LabEnvironment } from "./labEnvironment";

export interface VpcFlowLogsArgs {
    /** The VPC whose traffic is logged; it always gets a flow log. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets that also get a flow log each. @default [] */
    readonly subnetIds?: readonly pulumi.Input<string>[];
    /** Network interfaces that also get a flow log each. @default [] */
    readonly networkInterfaceIds?: readonly pulumi.Input<string>[];
    /** Destination, traffic type, interval, retention, format and encryption. */
    readonly settings: FlowLogSettings;
    /** Human label for Name tags and the log group name prefix, e.g. `IMD-VPCFlow`. */
    readonly label: string;
    /** The VPC's Name, for the stack outputs. @default the label */
    readonly vpcName?: string;
    /** The Names of `subnetIds`, in the same order, for the stack outputs. @default subnet-1, subnet-2, ... */
    readonly subnetNames?: readonly string[];
    /** Account, partition and region, for the trust and resource policy conditions. */
    readonly aws: AwsContext;
    /** Keep the log group or bucket (and its key) in AWS when it leaves the stack. @default true */
    readonly keepDataOnDelete?: boolean;
    /** Tags for every child, under each child's Name tag. @default {} */
    readonly tags?: Tags;
}

/**
 * Flow logs for one VPC (and optionally its subnets and network interfaces), delivered to a
 * CloudWatch Logs group through a least-privilege role, or to an S3 bucket with the delivery
 * policy. One destination per VPC, shared by all of its flow logs.
 */
export class VpcFlowLogs extends pulumi.ComponentResource {
    /** The flow log on the VPC itself. */
    readonly vpcFlowLog: aws.ec2.FlowLog;
    /** Every flow log: the VPC's first, then subnets, then network interfaces. */
    readonly flowLogs: aws.ec2.FlowLog[];
    readonly logGroup?: aws.cloudwatch.LogGroup;
    readonly role?: aws.iam.Role;
    readonly bucket?: aws.s3.Bucket;
    readonly kmsKey?: aws.kms.Key;
    /** ARN of the log group or bucket the records go to. */
    readonly destinationArn: pulumi.Output<string>;
    readonly label: string;
    /** The component's resource name: scoped logs of the same VPC derive theirs from it. */
    readonly resourceName: string;
    /** Every flow log with what it is attached to, for the stack outputs. */
    readonly built: BuiltFlowLog[];

    constructor(name: string, args: VpcFlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(`VpcFlowLogs "${name}"`, flowLogSettingsProblems(args.settings));
        super("vpc-labs:network:VpcFlowLogs", name, {}, opts);
        const settings = args.settings;
        this.label = args.label;
        this.resourceName = name;
        const tags = (suffix: string) => mergeTags(undefined, args.tags, `${args.label}-${suffix}`);
        // Data outlives the stack unless the user says otherwise: a config change must never
        // silently delete recorded traffic.
        const dataOpts: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: args.keepDataOnDelete ?? true };

        if (settings.kmsKey) {
            this.kmsKey = new aws.kms.Key(
                `${name}-key`,
                {
                    description: `Encrypts ${args.label} flow log data`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: documentJson(flowLogKeyPolicy(settings.destination, args.aws)),
                    tags: tags("key"),
                },
                dataOpts,
            );
        }

        let iamRoleArn: pulumi.Output<string> | undefined;
        if (settings.destination === "cloud-watch-logs") {
            ({ logGroup: this.logGroup, role: this.role } = cloudWatchDestination(
                name,
                { label: args.label, retentionDays: settings.retentionDays, kmsKeyArn: this.kmsKey?.arn, aws: args.aws, tags, keepDataOnDelete: args.keepDataOnDelete ?? true },
                this,
            ));
            iamRoleArn = this.role.arn;
            this.destinationArn = this.logGroup.arn;
        } else {
            this.bucket = this.logBucket(name, args, dataOpts, tags("bucket"));
            this.destinationArn = this.bucket.arn;
        }

        const common = {
            logDestinationType: settings.destination,
            logDestination: this.destinationArn,
            iamRoleArn,
            trafficType: settings.trafficType,
            maxAggregationInterval: settings.maxAggregationInterval,
            logFormat: settings.fields.length > 0 ? flowLogFormat(settings.fields) : undefined,
            destinationOptions: s3DestinationOptions(settings),
        };
        this.vpcFlowLog = new aws.ec2.FlowLog(`${name}-vpc`, { ...common, vpcId: args.vpcId, tags: tags("vpc") }, { parent: this });
        this.flowLogs = [
            this.vpcFlowLog,
            ...(args.subnetIds ?? []).map(
                (subnetId, i) => new aws.ec2.FlowLog(`${name}-subnet-${i + 1}`, { ...common, subnetId, tags: tags(`subnet-${i + 1}`) }, { parent: this }),
            ),
            ...(args.networkInterfaceIds ?? []).map(
                (eniId, i) => new aws.ec2.FlowLog(`${name}-eni-${i + 1}`, { ...common, eniId, tags: tags(`eni-${i + 1}`) }, { parent: this }),
            ),
        ];
        const subnetCount = (args.subnetIds ?? []).length;
        const entry = (flowLog: aws.ec2.FlowLog, scope: BuiltFlowLog["scope"], target: string): BuiltFlowLog => ({
            scope,
            target,
            label: args.label,
            flowLog,
            trafficType: settings.trafficType,
            logGroup: this.logGroup,
            bucket: this.bucket,
        });
        this.built = this.flowLogs.map((flowLog, i) =>
            i === 0
                ? entry(flowLog, "vpc", args.vpcName ?? args.label)
                : i <= subnetCount
                  ? entry(flowLog, "subnet", args.subnetNames?.[i - 1] ?? `subnet-${i}`)
                  : entry(flowLog, "eni", `eni-${i - subnetCount}`),
        );
        this.registerOutputs({ vpcFlowLogId: this.vpcFlowLog.id, destinationArn: this.destinationArn });
    }

    /**
     * A private, encrypted bucket whose objects expire after the retention period. Every
     * child that protects the bucket (public access block, ownership, encryption, lifecycle,
     * policy) is kept with it: a kept bucket without them would be a bucket of traffic
     * records that a later policy or ACL could expose, unencrypted and never expiring.
     */
    private logBucket(name: string, args: VpcFlowLogsArgs, dataOpts: pulumi.CustomResourceOptions, tags: Record<string, string>): aws.s3.Bucket {
        const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucketPrefix: "vpc-labs-flow-logs-", tags }, dataOpts);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-bucket-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            dataOpts,
        );
        new aws.s3.BucketOwnershipControls(`${name}-bucket-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, dataOpts);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-bucket-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: this.kmsKey
                            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.kmsKey.arn }
                            : { sseAlgorithm: "AES256" },
                        bucketKeyEnabled: this.kmsKey !== undefined,
                    },
                ],
            },
            dataOpts,
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-bucket-expiry`,
            { bucket: bucket.id, rules: [{ id: "expire-flow-logs", status: "Enabled", filter: {}, expiration: { days: args.settings.retentionDays } }] },
            dataOpts,
        );
        // After the public access block, as for the endpoints lab's bucket: S3 checks a new
        // policy against the block that is in force.
        new aws.s3.BucketPolicy(
            `${name}-bucket-policy`,
            { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(flowLogBucketPolicy(arn, args.aws))) },
            { ...dataOpts, dependsOn: [publicAccess] },
        );
        return bucket;
    }
}

/**
 * The S3 layout as the flow log's `destinationOptions`, only when it differs from the AWS
 * default (plain text, daily, not Hive-compatible): flow logs cannot be changed in place, so
 * an input that appears from nowhere would replace every existing one.
 */
export function s3DestinationOptions(settings: FlowLogSettings): aws.types.input.ec2.FlowLogDestinationOptions | undefined {
    const layout = settings.destination === "s3" ? settings.s3Layout : undefined;
    if (!layout || (layout.fileFormat === "plain-text" && !layout.hiveCompatiblePartitions && !layout.perHourPartition)) {
        return undefined;
    }
    return { fileFormat: layout.fileFormat, hiveCompatiblePartitions: layout.hiveCompatiblePartitions, perHourPartition: layout.perHourPartition };
}

/**
 * The flow logs every lab VPC gets, whichever source built it: the stack's settings, its data
 * policy and tags, and optionally one flow log per subnet.
 */
export function labVpcFlowLogs(
    name: string,
    vpc: {
        readonly vpcId: pulumi.Input<string>;
        readonly label: string;
        readonly vpcName?: string;
        readonly subnetIds?: readonly pulumi.Input<string>[];
        readonly subnetNames?: readonly string[];
    },
    environment: LabEnvironment,
    parent: pulumi.Resource,
): VpcFlowLogs {
    return new VpcFlowLogs(
        name,
        {
            vpcId: vpc.vpcId,
            vpcName: vpc.vpcName,
            subnetIds: vpc.subnetIds,
            subnetNames: vpc.subnetNames,
            settings: environment.flowLogs,
            label: vpc.label,
            aws: environment.aws,
            keepDataOnDelete: environment.keepDataOnDelete,
            tags: environment.tags,
        },
        { parent },
    );
}
