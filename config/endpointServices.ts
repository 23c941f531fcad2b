/**
 * Which AWS services a Region offers as interface endpoint services, as far as this package
 * knows offline. The endpoints lab names them by short name (`endpointsInterfaceServices`) and
 * builds `com.amazonaws.<region>.<name>`.
 *
 * - Known: regional interface endpoint services from AWS's list "AWS services that integrate
 *   with AWS PrivateLink" (service names `com.amazonaws.{region}.<name>`):
 *   https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html
 *   Offline, these are taken as offered in the stack's Region; availability varies by Region,
 *   which `aws ec2 describe-vpc-endpoint-services --filters Name=service-type,Values=Interface`
 *   answers for a real account.
 * - Known not offered: names AWS documents as having no regional interface endpoint service;
 *   refused with the reason.
 * - Any other name: warned about offline, and looked up (`ec2:DescribeVpcEndpointServices`) on a
 *   real run, which refuses it when the Region has no such service.
 */

export const INTERFACE_SERVICES_SOURCE = "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html";

/** Regional interface endpoint services AWS documents (a subset: the ones lab stacks use or are likely to try). */
export const KNOWN_INTERFACE_SERVICES: ReadonlySet<string> = new Set([
    "access-analyzer", "acm-pca", "apigateway", "appconfig", "appconfigdata", "application-autoscaling", "athena", "autoscaling",
    "backup", "batch", "cloudformation", "cloudtrail", "codeartifact.api", "codeartifact.repositories", "codebuild", "codecommit",
    "codedeploy", "codedeploy-commands-secure", "codepipeline", "config", "dynamodb", "ebs", "ec2", "ec2messages", "ecr.api", "ecr.dkr",
    "ecs", "ecs-agent", "ecs-telemetry", "eks", "elasticache", "elasticbeanstalk", "elasticfilesystem", "elasticloadbalancing",
    "elasticmapreduce", "events", "execute-api", "git-codecommit", "glue", "kinesis-firehose", "kinesis-streams", "kms", "lambda", "logs",
    "monitoring", "rds", "rds-data", "redshift", "redshift-data", "s3", "sagemaker.api", "sagemaker.runtime", "secretsmanager",
    "servicecatalog", "sns", "sqs", "ssm", "ssm-contacts", "ssm-incidents", "ssmmessages", "states", "sts", "sync-states", "transfer", "xray",
]);

/** Names with no regional interface endpoint service, with AWS's reason and where it says so. */
export const NOT_INTERFACE_SERVICES: Readonly<Record<string, { readonly reason: string; readonly source: string }>> = {
    iam: {
        reason: "IAM's interface endpoint service is the global com.amazonaws.iam, only in the IAM control plane's Region (us-east-1); no Region has com.amazonaws.<region>.iam",
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam_vpc_endpoint_create.html",
    },
};

/** How the offline table classes a short name: known, known not offered, or unknown (a real run looks it up). */
export function interfaceServiceKnowledge(service: string): "known" | "not-offered" | "unknown" {
    if (Object.hasOwn(NOT_INTERFACE_SERVICES, service)) {
        return "not-offered";
    }
    return KNOWN_INTERFACE_SERVICES.has(service) ? "known" : "unknown";
}
