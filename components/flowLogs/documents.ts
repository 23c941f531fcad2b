import { denyInsecureTransport } from "../../lib/bucketPolicy";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../../config/load";

/**
 * IAM and resource policy documents for flow log delivery, as pure functions of their
 * inputs so tests can compare them whole. Each follows the AWS flow-log documentation, minus
 * the broad parts it shows (`*` resources, logs:CreateLogGroup).
 */

/** An IAM policy document. */
export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly Record<string, unknown>[];
}

/** ARN pattern of flow logs in this account and region: what may assume the role or write to the bucket. */
export function flowLogArnPattern(context: AwsContext): string {
    return `arn:${context.partition}:ec2:${context.region}:${context.accountId}:vpc-flow-log/*`;
}

/**
 * Trust policy of the flow-log role: only the flow-logs service, only on behalf of this
 * account's flow logs (confused-deputy protection).
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
 */
export function flowLogTrustPolicy(context: AwsContext): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": context.accountId },
                    ArnLike: { "aws:SourceArn": flowLogArnPattern(context) },
                },
            },
        ],
    };
}

/**
 * Permissions of the flow-log role: write streams and events to its own log group only. The
 * group is created by the stack, so logs:CreateLogGroup is not granted.
 */
export function flowLogRolePolicy(logGroupArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteFlowLogRecords",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
        ],
    };
}

/**
 * Bucket policy for flow log delivery to S3: the log delivery service may write under the
 * flow-log prefix and read the bucket ACL, only for this account's flow logs; plain HTTP is
 * refused.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
 */
export function flowLogBucketPolicy(bucketArn: string, context: AwsContext): PolicyDocument {
    const fromOurFlowLogs = {
        StringEquals: { "aws:SourceAccount": context.accountId },
        ArnLike: { "aws:SourceArn": `arn:${context.partition}:logs:${context.region}:${context.accountId}:*` },
    };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/AWSLogs/${context.accountId}/*`,
                Condition: fromOurFlowLogs,
            },
            {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["s3:GetBucketAcl", "s3:ListBucket"],
                Resource: bucketArn,
                Condition: fromOurFlowLogs,
            },
            denyInsecureTransport(bucketArn),
        ],
    };
}

/**
 * Key policy of the customer managed key that encrypts flow log data: the account administers
 * it; CloudWatch Logs (for this account's log groups) or log delivery (for the S3 bucket) may
 * use it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function flowLogKeyPolicy(destination: "cloud-watch-logs" | "s3", context: AwsContext): PolicyDocument {
    const { partition, region, accountId } = context;
    const serviceStatement =
        destination === "cloud-watch-logs"
            ? {
                  Sid: "CloudWatchLogsUse",
                  Effect: "Allow",
                  Principal: { Service: `logs.${region}.amazonaws.com` },
                  Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                  Resource: "*",
                  Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
              }
            : {
                  Sid: "LogDeliveryUse",
                  Effect: "Allow",
                  Principal: { Service: "delivery.logs.amazonaws.com" },
                  Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                  Resource: "*",
                  Condition: { StringEquals: { "aws:SourceAccount": accountId } },
              };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                // A key policy's "*" resource means "this key"; the account root keeps control of it.
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            serviceStatement,
        ],
    };
}

/** Serialises a document whose leaves may be outputs (an ARN not known until deployment). */
export function documentJson(document: pulumi.Input<PolicyDocument>): pulumi.Output<string> {
    return pulumi.jsonStringify(document);
}
