import { AwsContext } from "../../../config/load";
import { GatewayService } from "../../../lib/services";
import { PolicyDocument } from "../../flowLogs/documents";
import { ssmAgentBucketObjectArns } from "../../gatewayEndpoint";

/**
 * What the lab's instances may do beyond Session Manager (the role's managed policy), so the
 * lab's checks succeed where the network allows them:
 * - `LockedBucketObjects` / `LockedBucketListing`: read, write and list the lab's bucket (its
 *   bucket policy still refuses everything that does not come through the S3 gateway endpoint);
 * - `SsmAgentBuckets`: the AWS-owned buckets SSM Agent reads, which Systems Manager asks the
 *   instance profile to allow when the agent reaches S3 through a VPC endpoint
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html);
 * - `ListDynamoDbTables`, with a DynamoDB gateway endpoint: `aws dynamodb list-tables`.
 */
export function instanceRolePolicy(bucketArn: string | undefined, context: AwsContext, gatewayServices: readonly GatewayService[]): PolicyDocument {
    // Before the gateway stage there is no bucket (and no gateway endpoint) yet.
    const bucket =
        bucketArn === undefined
            ? []
            : [
                  { Sid: "LockedBucketObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn}/*` },
                  { Sid: "LockedBucketListing", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
              ];
    return {
        Version: "2012-10-17",
        Statement: [
            ...bucket,
            { Sid: "SsmAgentBuckets", Effect: "Allow", Action: "s3:GetObject", Resource: ssmAgentBucketObjectArns(context) },
            ...(gatewayServices.includes("dynamodb") ? [{ Sid: "ListDynamoDbTables", Effect: "Allow", Action: "dynamodb:ListTables", Resource: "*" }] : []),
        ],
    };
}
