/**
 * Typical create times of the resource kinds the labs build, in seconds: how long the AWS
 * provider waits for a create to finish (most wait for an `available` or `running` state).
 * Figures are typical for an account with no throttling; a cold Region or a busy account
 * can double the slow ones. Each says where it comes from:
 *
 * - `observed`: a public log or test run with the time printed (named in `source`);
 * - `lab-document`: the Korean lab documents this project rebuilds (shared/seeds);
 * - `best-knowledge`: what such creates typically take; no published figure found.
 */

export type TimeBasis = "observed" | "lab-document" | "best-knowledge";

export interface CreateTime {
    readonly seconds: number;
    readonly basis: TimeBasis;
    readonly source: string;
}

const quick = (seconds: number): CreateTime => ({ seconds, basis: "best-knowledge", source: "an API call and a short wait for the new state" });

export const CREATE_TIMES: Readonly<Record<string, CreateTime>> = {
    "aws:lb/loadBalancer:LoadBalancer": {
        seconds: 180,
        basis: "observed",
        source: "Terraform log in DataBiosphere/azul#5780: aws_lb Creation complete after 2m54s (provisioning → active)",
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        seconds: 120,
        basis: "lab-document",
        source: "lab09-1 (shared/seeds/003): an interface endpoint is ready after about 2 minutes; gateway endpoints are faster (see below)",
    },
    "aws:ec2/natGateway:NatGateway": { seconds: 100, basis: "best-knowledge", source: "pending → available typically takes 1-2 minutes" },
    "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": {
        seconds: 150,
        basis: "best-knowledge",
        source: "hashicorp/terraform-provider-aws#32105: the acceptance test creating and deleting one runs 254-259 s",
    },
    "aws:ec2/instance:Instance": { seconds: 40, basis: "best-knowledge", source: "pending → running typically takes 30-60 s" },
    "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter": {
        seconds: 60,
        basis: "best-knowledge",
        source: "after acceptance the endpoint goes pendingAcceptance → pending → available, about a minute",
    },
    "aws:ec2/vpcEndpointService:VpcEndpointService": { seconds: 15, basis: "best-knowledge", source: "pending → available within seconds" },
    "aws:iam/instanceProfile:InstanceProfile": { seconds: 10, basis: "best-knowledge", source: "the provider waits out IAM's propagation delay" },
    "aws:kms/key:Key": { seconds: 10, basis: "best-knowledge", source: "the provider waits for the new key to be readable" },
    "aws:ec2/vpc:Vpc": quick(5),
    "aws:ec2/subnet:Subnet": quick(3),
    "aws:ec2/internetGateway:InternetGateway": quick(3),
    "aws:ec2/eip:Eip": quick(2),
    "aws:ec2/securityGroup:SecurityGroup": quick(3),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": quick(3),
    "aws:s3/bucket:Bucket": quick(3),
    "aws:s3/bucketV2:BucketV2": quick(3),
    "aws:iam/role:Role": quick(2),
    "aws:cloudwatch/logGroup:LogGroup": quick(1),
    "aws:lb/targetGroup:TargetGroup": quick(2),
    "aws:lb/listener:Listener": quick(2),
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": quick(2),
    "aws:ec2/routeTable:RouteTable": quick(2),
    "aws:ec2/route:Route": quick(2),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": quick(1),
    "aws:ec2/flowLog:FlowLog": quick(3),
    "aws:ec2/networkAcl:NetworkAcl": quick(2),
    "aws:ec2/networkAclRule:NetworkAclRule": quick(1),
    "aws:ec2/networkAclAssociation:NetworkAclAssociation": quick(1),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": quick(1),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": quick(1),
    "aws:iam/rolePolicy:RolePolicy": quick(2),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": quick(2),
    "aws:s3/bucketPolicy:BucketPolicy": quick(2),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": quick(2),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": quick(2),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": quick(2),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": quick(2),
    "aws:kms/alias:Alias": quick(1),
};

/** Gateway endpoints only write routes: seconds, not the interface endpoints' minutes. */
export const GATEWAY_ENDPOINT_TIME: CreateTime = quick(8);

/** Any other custom resource: an API call (rules, routes, associations, policies, attachments). */
export const DEFAULT_CREATE_TIME: CreateTime = quick(2);

/**
 * Before the first create: the CLI starts the program and the aws provider plugin, the
 * program's invokes run (AMI parameters, caller identity, zones), and `pulumi up` previews
 * first by default. About 20-40 s on a laptop; the estimate adds the middle.
 */
export const STARTUP: CreateTime = { seconds: 30, basis: "best-knowledge", source: "program start, provider plugin start and the preview `pulumi up` runs first" };

/** The CLI's default `--parallel`: unbounded (2147483647), so the critical path decides. */
export const DEFAULT_PARALLELISM = Number.POSITIVE_INFINITY;

/** The create time of one custom resource, from its type and (for endpoints) its kind. */
export function createTimeOf(type: string, props: Readonly<Record<string, unknown>>): { readonly time: CreateTime; readonly assumed: boolean } {
    if (type === "aws:ec2/vpcEndpoint:VpcEndpoint" && props.vpcEndpointType !== "Interface" && props.vpcEndpointType !== "GatewayLoadBalancer") {
        return { time: GATEWAY_ENDPOINT_TIME, assumed: false };
    }
    const time = CREATE_TIMES[type];
    return time ? { time, assumed: false } : { time: DEFAULT_CREATE_TIME, assumed: true };
}
