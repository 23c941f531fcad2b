import { denyInsecureTransport } from "../lib/bucketPolicy";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../config/load";
import { Problem, throwIfProblems } from "../lib/errors";
import { GATEWAY_SERVICES, GatewayService, awsServiceName } from "../lib/services";
import { Tags, mergeTags } from "../lib/tags";
import { PolicyDocument } from "./flowLogs/documents";

/**
 * The tag that marks a bucket as locked to a gateway endpoint. The policy pack pairs such a
 * bucket with the stack's S3 gateway endpoint and checks its bucket policy uses aws:SourceVpce.
 */
export const LOCKED_TO_GATEWAY_ENDPOINT_TAG = "vpc-labs:locked-to-gateway-endpoint";

/** A bucket that answers only requests arriving through the S3 gateway endpoint that owns it. */
export interface LockedBucketArgs {
    /** The bucket's Name tag. */
    readonly nameTag: string;
    /** Start of the generated bucket name: lowercase letters, digits, dots and hyphens, at most 37 characters. */
    readonly bucketPrefix: string;
    /**
     * Principal ARNs (matched against `aws:PrincipalArn`: a role ARN for role sessions) that
     * may still manage the bucket from outside the endpoint, so the stack can update and
     * destroy it. At least one, normally the deploying principal. Object reads and writes stay
     * endpoint-only for them too.
     */
    readonly managers: readonly pulumi.Input<string>[];
    /** Keep the bucket and its lock in AWS when it leaves the stack. @default true */
    readonly retainOnDelete?: boolean;
}

interface GatewayEndpointCommonArgs {
    readonly vpcId: pulumi.Input<string>;
    /** Account, partition and region: the service name, and the account the endpoint policy is scoped to. */
    readonly aws: AwsContext;
    /** Route tables that get the service's prefix-list route (`pl-...` -> `vpce-...`). At least one. */
    readonly routeTableIds: readonly pulumi.Input<string>[];
    /** The endpoint's Name tag. */
    readonly nameTag: string;
    /** Tags for every child, under each child's Name tag. @default {} */
    readonly tags?: Tags;
}

export interface S3GatewayEndpointArgs extends GatewayEndpointCommonArgs {
    readonly service: "s3";
    /** A bucket locked to this endpoint, owned by it. @default no bucket */
    readonly lockedBucket?: LockedBucketArgs;
}

export interface DynamoDbGatewayEndpointArgs extends GatewayEndpointCommonArgs {
    readonly service: "dynamodb";
}

/**
 * A gateway endpoint is a route-table target: it takes route tables, and has no subnets,
 * security groups or private DNS (those belong to {@link InterfaceEndpoint}).
 */
export type GatewayEndpointArgs = S3GatewayEndpointArgs | DynamoDbGatewayEndpointArgs;

const BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]{0,36}$/;

/**
 * Why a gateway endpoint could not be built as asked; checked before anything is created.
 * `path` names the argument, e.g. `labs.endpoints.gatewayEndpoints[0]`.
 */
export function gatewayEndpointProblems(args: GatewayEndpointArgs, path = "args"): Problem[] {
    const problems: Problem[] = [];
    const service: string = args.service;
    if (!(GATEWAY_SERVICES as readonly string[]).includes(service)) {
        problems.push({
            key: `${path}.service`,
            rule: `"${service}" has no gateway endpoint; gateway endpoints exist for ${GATEWAY_SERVICES.join(" and ")} only`,
            fix: "use an InterfaceEndpoint for it",
        });
    }
    if (args.routeTableIds.length === 0) {
        problems.push({
            key: `${path}.routeTableIds`,
            rule: "a gateway endpoint on no route table reaches nothing",
            fix: "give at least one route table",
        });
    }
    const bucket = (args as { lockedBucket?: LockedBucketArgs }).lockedBucket;
    if (bucket) {
        if (service !== "s3") {
            problems.push({ key: `${path}.lockedBucket`, rule: "only an S3 gateway endpoint can lock a bucket", fix: 'remove lockedBucket, or use service "s3"' });
        }
        if (!BUCKET_PREFIX.test(bucket.bucketPrefix)) {
            problems.push({
                key: `${path}.lockedBucket.bucketPrefix`,
                rule: `"${bucket.bucketPrefix}" is not a bucket name prefix (lowercase letters, digits, dots, hyphens; at most 37 characters)`,
                fix: "use a prefix like vpc-labs-endpoints-locked-",
            });
        }
        if (bucket.managers.length === 0) {
            problems.push({
                key: `${path}.lockedBucket.managers`,
                rule: "a bucket locked to the endpoint with no manager cannot be changed or destroyed from outside the VPC, not even by this stack",
                fix: "list the deploying principal's ARN",
            });
        }
        bucket.managers.forEach((manager, i) => {
            if (typeof manager === "string" && manager.includes("*")) {
                problems.push({
                    key: `${path}.lockedBucket.managers[${i}]`,
                    rule: `"${manager}" would let any matching principal manage the bucket from anywhere`,
                    fix: "list exact role or user ARNs",
                });
            }
        });
    }
    return problems;
}

/**
 * Object ARNs of the AWS-owned buckets an Amazon Linux 2023 instance reads through an S3
 * gateway endpoint when it has no other way out:
 * - `al2023-repos-<region>-de612dc2`: the AL2023 package repositories dnf reads (unsigned) when
 *   its mirror list points at S3, as it does inside a VPC;
 *   https://docs.aws.amazon.com/linux/al2023/ug/live-patching.html and the AWS-owned bucket list
 *   of https://github.com/aws-samples/data-perimeter-policy-examples (vpc_endpoint_policies)
 * - the buckets SSM Agent reads on Linux (agent updates, plugins, Distributor packages,
 *   document attachments, patch baselines); the Windows- and macOS-only ones are left out.
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html
 */
export function awsOwnedBucketObjectArns(context: AwsContext): string[] {
    return [`arn:${context.partition}:s3:::al2023-repos-${context.region}-de612dc2/*`, ...ssmAgentBucketObjectArns(context)];
}

/** Object ARNs of the AWS-owned buckets SSM Agent reads on Linux. */
export function ssmAgentBucketObjectArns(context: AwsContext): string[] {
    const { partition, region } = context;
    return [
        `arn:${partition}:s3:::amazon-ssm-${region}/*`,
        `arn:${partition}:s3:::aws-ssm-${region}/*`,
        `arn:${partition}:s3:::amazon-ssm-packages-${region}/*`,
        `arn:${partition}:s3:::${region}-birdwatcher-prod/*`,
        `arn:${partition}:s3:::aws-ssm-distributor-file-${region}/*`,
        `arn:${partition}:s3:::aws-ssm-document-attachments-${region}/*`,
        `arn:${partition}:s3:::patch-baseline-snapshot-${region}/*`,
    ];
}

/**
 * The endpoint policy: the most a request may do through the endpoint (IAM and resource
 * policies still decide within it). Not the default full access:
 *
 * S3
 * - `AccountBucketsForAccountPrincipals`: any S3 action, but only by principals of this account
 *   on buckets of this account (`aws:PrincipalAccount` and `aws:ResourceAccount`): nobody can
 *   carry data out of the VPC to another account's bucket, or bring foreign credentials in.
 * - `AwsOwnedBucketsForAmazonLinuxAndSsm`: `s3:GetObject` on the AWS-owned buckets in
 *   {@link awsOwnedBucketObjectArns}, for anyone (dnf reads the AL2023 repositories unsigned),
 *   so instances without an internet route still install packages and update SSM Agent.
 *
 * DynamoDB
 * - `AccountTablesForAccountPrincipals`: any DynamoDB action on this account's tables in this
 *   region (indexes and streams included), by principals of this account.
 * - `ListTablesForAccountPrincipals`: `dynamodb:ListTables` and `dynamodb:DescribeLimits`,
 *   which have no table resource, by principals of this account.
 *
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
export function gatewayEndpointPolicy(service: GatewayService, context: AwsContext): PolicyDocument {
    const { partition, region, accountId } = context;
    const accountPrincipals = { StringEquals: { "aws:PrincipalAccount": accountId } };
    if (service === "s3") {
        return {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AccountBucketsForAccountPrincipals",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [`arn:${partition}:s3:::*`, `arn:${partition}:s3:::*/*`],
                    Condition: { StringEquals: { "aws:PrincipalAccount": accountId, "aws:ResourceAccount": accountId } },
                },
                {
                    Sid: "AwsOwnedBucketsForAmazonLinuxAndSsm",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: awsOwnedBucketObjectArns(context),
                },
            ],
        };
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountTablesForAccountPrincipals",
                Effect: "Allow",
                Principal: "*",
                Action: "dynamodb:*",
                Resource: `arn:${partition}:dynamodb:${region}:${accountId}:table/*`,
                Condition: accountPrincipals,
            },
            {
                Sid: "ListTablesForAccountPrincipals",
                Effect: "Allow",
                Principal: "*",
                Action: ["dynamodb:ListTables", "dynamodb:DescribeLimits"],
                Resource: "*",
                Condition: accountPrincipals,
            },
        ],
    };
}

/** Object actions that stay endpoint-only even for the bucket's managers. */
export const ENDPOINT_ONLY_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"] as const;

/**
 * The bucket policy that locks a bucket to one S3 gateway endpoint
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html):
 * - `DenyEverythingOutsideTheEndpoint`: every S3 action on the bucket and its objects is
 *   denied unless it comes through the endpoint (`aws:SourceVpce`), except for the managers
 *   (`aws:PrincipalArn`), so the stack can still read, update and destroy the bucket. Pulumi
 *   needs bucket-level calls, HeadBucket (s3:ListBucket) among them, from wherever it runs.
 * - `DenyObjectDataOutsideTheEndpoint`: reading and writing objects outside the endpoint is
 *   denied to everyone, managers included, so the lock shows from the deployer's own shell.
 * - `DenyInsecureTransport`: plain-HTTP requests are refused everywhere.
 */
export function lockedBucketPolicy(bucketArn: string, endpointId: string, managers: readonly string[]): PolicyDocument {
    const outsideTheEndpoint = { "aws:SourceVpce": endpointId };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyEverythingOutsideTheEndpoint",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: {
                    StringNotEquals: outsideTheEndpoint,
                    ArnNotEquals: { "aws:PrincipalArn": [...new Set(managers)] },
                },
            },
            {
                Sid: "DenyObjectDataOutsideTheEndpoint",
                Effect: "Deny",
                Principal: "*",
                Action: [...ENDPOINT_ONLY_OBJECT_ACTIONS],
                Resource: `${bucketArn}/*`,
                Condition: { StringNotEquals: outsideTheEndpoint },
            },
            denyInsecureTransport(bucketArn),
        ],
    };
}

/**
 * A gateway VPC endpoint for S3 or DynamoDB: free, no security group, reached through a
 * prefix-list route in each of its route tables, with a scoped endpoint policy
 * ({@link gatewayEndpointPolicy}).
 *
 * An S3 endpoint may own a bucket locked to it. The bucket is the endpoint's child, so the
 * lock and the endpoint ID it names live together, and the policy pack pairs them by parent
 * (the bucket also carries {@link LOCKED_TO_GATEWAY_ENDPOINT_TAG}).
 */
export class GatewayEndpoint extends pulumi.ComponentResource {
    readonly endpoint: aws.ec2.VpcEndpoint;
    readonly endpointId: pulumi.Output<string>;
    /** The AWS-managed prefix list of the service's addresses: the route destination students see as `pl-...`. */
    readonly prefixListId: pulumi.Output<string>;
    readonly bucket?: aws.s3.Bucket;
    readonly bucketPolicy?: aws.s3.BucketPolicy;
    readonly bucketName?: pulumi.Output<string>;

    constructor(name: string, args: GatewayEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        throwIfProblems(`GatewayEndpoint "${name}"`, gatewayEndpointProblems(args));
        super("vpc-labs:endpoints:GatewayEndpoint", name, {}, opts);
        this.endpoint = new aws.ec2.VpcEndpoint(
            `${name}-endpoint`,
            {
                vpcId: args.vpcId,
                vpcEndpointType: "Gateway",
                serviceName: awsServiceName(args.aws.region, args.service),
                routeTableIds: [...args.routeTableIds],
                policy: JSON.stringify(gatewayEndpointPolicy(args.service, args.aws)),
                tags: mergeTags(undefined, args.tags, args.nameTag),
            },
            { parent: this },
        );
        this.endpointId = this.endpoint.id;
        this.prefixListId = this.endpoint.prefixListId;
        if (args.service === "s3" && args.lockedBucket) {
            const locked = this.lockBucket(name, args.lockedBucket, args.tags);
            this.bucket = locked.bucket;
            this.bucketPolicy = locked.policy;
            this.bucketName = this.bucket.bucket;
        }
        this.registerOutputs({ endpointId: this.endpointId, prefixListId: this.prefixListId, bucketName: this.bucketName });
    }

    private lockBucket(name: string, args: LockedBucketArgs, tags: Tags | undefined): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
        // Every piece of the bucket stays with it: a retained bucket keeps its lock, its
        // encryption and its public access block, so leaving the stack never exposes data.
        const dataOpts: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: args.retainOnDelete ?? true };
        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                bucketPrefix: args.bucketPrefix,
                // Never empties itself: destroying a bucket that still holds objects fails instead.
                forceDestroy: false,
                tags: mergeTags(undefined, { ...tags, [LOCKED_TO_GATEWAY_ENDPOINT_TAG]: "true" }, args.nameTag),
            },
            dataOpts,
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-bucket-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            dataOpts,
        );
        new aws.s3.BucketOwnershipControls(`${name}-bucket-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, dataOpts);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-bucket-encryption`,
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            dataOpts,
        );
        const policy = new aws.s3.BucketPolicy(
            `${name}-bucket-policy`,
            {
                bucket: bucket.id,
                policy: pulumi
                    .all([bucket.arn, this.endpoint.id, pulumi.all([...args.managers])])
                    .apply(([arn, endpointId, managers]) => JSON.stringify(lockedBucketPolicy(arn, endpointId, managers))),
            },
            // S3 rejects concurrent changes to a bucket's public access block and policy
            // (OperationAborted), so the policy waits for the block.
            { ...dataOpts, dependsOn: [publicAccess] },
        );
        return { bucket, policy };
    }
}
