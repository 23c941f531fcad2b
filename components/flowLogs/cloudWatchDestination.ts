import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../../config/load";
import { Tags } from "../../lib/tags";
import { documentJson, flowLogRolePolicy, flowLogTrustPolicy } from "./documents";

/** What a flow-log component's CloudWatch Logs destination is made of. */
export interface CloudWatchDestinationArgs {
    /** The Name-tag stem of the flow log (`IMD-VPCFlow`), also the log group's name prefix. */
    readonly label: string;
    readonly retentionDays: number;
    /** The customer managed key the group is encrypted with. @default none (AWS-owned key) */
    readonly kmsKeyArn?: pulumi.Input<string>;
    readonly aws: AwsContext;
    /** The tags of a child, by its suffix (`log-group`, `role`). */
    readonly tags: (suffix: string) => Tags;
    /** Keep the group (its recorded traffic) in AWS when the stack stops managing it. */
    readonly keepDataOnDelete: boolean;
}

/**
 * The log group a flow log publishes to and the role it publishes with: trusted by
 * vpc-flow-logs.amazonaws.com for this account only, allowed to write to this group and nothing
 * else. Children of `parent` named `${name}-log-group`, `${name}-role` and `${name}-role-policy`,
 * so the VPC-level and the scoped flow logs build them the same way.
 */
export function cloudWatchDestination(name: string, args: CloudWatchDestinationArgs, parent: pulumi.Resource): { logGroup: aws.cloudwatch.LogGroup; role: aws.iam.Role } {
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-log-group`,
        { namePrefix: `/vpc-labs/flow-logs/${args.label}-`, retentionInDays: args.retentionDays, kmsKeyId: args.kmsKeyArn, tags: args.tags("log-group") },
        // Recorded traffic outlives a config change unless the user says otherwise.
        { parent, retainOnDelete: args.keepDataOnDelete },
    );
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            description: `Lets VPC flow logs write to the ${args.label} log group only`,
            assumeRolePolicy: documentJson(flowLogTrustPolicy(args.aws)),
            tags: args.tags("role"),
        },
        { parent },
    );
    new aws.iam.RolePolicy(`${name}-role-policy`, { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify(flowLogRolePolicy(arn))) }, { parent });
    return { logGroup, role };
}
