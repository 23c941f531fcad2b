import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../../config/load";
import { Tags } from "../../lib/tags";
import { documentJson, flowLogRolePolicy, flowLogTrustPolicy } from "./documents";

/**
 * The role a flow log publishes to CloudWatch Logs with: trusted by vpc-flow-logs.amazonaws.com
 * for this account only, allowed to write to its own log group and nothing else. Children of
 * `parent`, named `${name}-role` and `${name}-role-policy`, so every flow-log component that
 * writes to a log group names them the same way.
 */
export function flowLogWriterRole(name: string, label: string, logGroup: aws.cloudwatch.LogGroup, context: AwsContext, tags: Tags, parent: pulumi.Resource): aws.iam.Role {
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            description: `Lets VPC flow logs write to the ${label} log group only`,
            assumeRolePolicy: documentJson(flowLogTrustPolicy(context)),
            tags,
        },
        { parent },
    );
    new aws.iam.RolePolicy(`${name}-role-policy`, { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify(flowLogRolePolicy(arn))) }, { parent });
    return role;
}
