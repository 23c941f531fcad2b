import * as assert from "assert";
import * as aws from "@pulumi/aws";
import {
    GatewayEndpoint,
    GatewayEndpointArgs,
    LOCKED_TO_GATEWAY_ENDPOINT_TAG,
    awsOwnedBucketObjectArns,
    gatewayEndpointPolicy,
    lockedBucketPolicy,
} from "../../components/gatewayEndpoint";
import { ConfigError } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { RecordedResource } from "../../lib/records";

const SEOUL = { accountId: "123456789012", partition: "aws", region: "ap-northeast-2" };
const DEPLOYER = "arn:aws:iam::123456789012:role/deployer";

function s3Args(overrides: Partial<Extract<GatewayEndpointArgs, { service: "s3" }>> = {}): GatewayEndpointArgs {
    return {
        service: "s3",
        vpcId: "vpc-1",
        aws: SEOUL,
        routeTableIds: ["rtb-public", "rtb-private"],
        nameTag: "CloudNeta-S3-Gateway-Endpoint",
        tags: { Project: "vpc-labs" },
        lockedBucket: { nameTag: "CloudNeta-Endpoint-Locked-Bucket", bucketPrefix: "vpc-labs-endpoints-locked-", managers: [DEPLOYER] },
        ...overrides,
    };
}

/** The AWS-owned buckets of ap-northeast-2 the S3 endpoint policy lets instances read, written out. */
const SEOUL_AWS_OWNED_OBJECTS = [
    "arn:aws:s3:::al2023-repos-ap-northeast-2-de612dc2/*",
    "arn:aws:s3:::amazon-ssm-ap-northeast-2/*",
    "arn:aws:s3:::aws-ssm-ap-northeast-2/*",
    "arn:aws:s3:::amazon-ssm-packages-ap-northeast-2/*",
    "arn:aws:s3:::ap-northeast-2-birdwatcher-prod/*",
    "arn:aws:s3:::aws-ssm-distributor-file-ap-northeast-2/*",
    "arn:aws:s3:::aws-ssm-document-attachments-ap-northeast-2/*",
    "arn:aws:s3:::patch-baseline-snapshot-ap-northeast-2/*",
];

const policyOf = (record: RecordedResource) => JSON.parse(record.inputs.policy as string);

describe("GatewayEndpoint", () => {
    describe("for S3 with a locked bucket", () => {
        let engine: OfflineEngine;
        let component: RecordedResource;
        let endpoint: RecordedResource;
        let bucket: RecordedResource;
        let gateway: GatewayEndpoint;
        before(async () => {
            engine = await OfflineEngine.start();
            gateway = new GatewayEndpoint("s3-gw", s3Args());
            await engine.settle();
            component = engine.one("vpc-labs:endpoints:GatewayEndpoint");
            endpoint = engine.one(aws.ec2.VpcEndpoint);
            bucket = engine.one(aws.s3.Bucket);
        });

        it("puts a Gateway endpoint to the region's S3 on the given route tables, with no subnets or groups", () => {
            const { policy, ...inputs } = endpoint.inputs;
            assert.strictEqual(typeof policy, "string");
            assert.deepStrictEqual(inputs, {
                vpcId: "vpc-1",
                vpcEndpointType: "Gateway",
                serviceName: "com.amazonaws.ap-northeast-2.s3",
                routeTableIds: ["rtb-public", "rtb-private"],
                tags: { Project: "vpc-labs", Name: "CloudNeta-S3-Gateway-Endpoint" },
            });
            assert.strictEqual(endpoint.parent, component.urn);
        });

        it("scopes the endpoint policy to the account's buckets and the AWS-owned buckets AL2023 and SSM Agent read", () => {
            assert.deepStrictEqual(policyOf(endpoint), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AccountBucketsForAccountPrincipals",
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: ["arn:aws:s3:::*", "arn:aws:s3:::*/*"],
                        Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012", "aws:ResourceAccount": "123456789012" } },
                    },
                    { Sid: "AwsOwnedBucketsForAmazonLinuxAndSsm", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: SEOUL_AWS_OWNED_OBJECTS },
                ],
            });
        });

        it("exposes the endpoint ID and the prefix list ID the routes point through", async () => {
            const [id, prefixList] = await Promise.all([
                new Promise((resolve) => gateway.endpointId.apply(resolve)),
                new Promise((resolve) => gateway.prefixListId.apply(resolve)),
            ]);
            assert.strictEqual(id, endpoint.id);
            assert.match(String(prefixList), /^pl-[0-9a-f]{8}$/);
            assert.strictEqual(prefixList, endpoint.outputs.prefixListId);
            assert.deepStrictEqual(component.outputs, { endpointId: endpoint.id, prefixListId: prefixList, bucketName: bucket.outputs.bucket });
        });

        it("gives the bucket the endpoint's parent and the lock tag, so the policy pack pairs them both ways", () => {
            assert.strictEqual(bucket.parent, endpoint.parent);
            assert.deepStrictEqual(bucket.inputs, {
                bucketPrefix: "vpc-labs-endpoints-locked-",
                forceDestroy: false,
                tags: { Project: "vpc-labs", [LOCKED_TO_GATEWAY_ENDPOINT_TAG]: "true", Name: "CloudNeta-Endpoint-Locked-Bucket" },
            });
        });

        it("encrypts the bucket, blocks public access and enforces bucket-owner ownership", () => {
            assert.deepStrictEqual(engine.one(aws.s3.BucketPublicAccessBlock).inputs, {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepStrictEqual(engine.one(aws.s3.BucketOwnershipControls).inputs, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
            assert.deepStrictEqual(engine.one(aws.s3.BucketServerSideEncryptionConfiguration).inputs, {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            });
        });

        it("denies every request that does not come through the endpoint, except bucket-level calls by the managers", () => {
            const policy = engine.one(aws.s3.BucketPolicy);
            const arn = bucket.outputs.arn as string;
            assert.strictEqual(policy.inputs.bucket, bucket.id);
            assert.deepStrictEqual(policyOf(policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyEverythingOutsideTheEndpoint",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, `${arn}/*`],
                        Condition: { StringNotEquals: { "aws:SourceVpce": endpoint.id }, ArnNotEquals: { "aws:PrincipalArn": [DEPLOYER] } },
                    },
                    {
                        Sid: "DenyObjectDataOutsideTheEndpoint",
                        Effect: "Deny",
                        Principal: "*",
                        Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
                        Resource: `${arn}/*`,
                        Condition: { StringNotEquals: { "aws:SourceVpce": endpoint.id } },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, `${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        });

        it("writes the bucket policy only after the public access block, which S3 will not change concurrently", () => {
            const policy = engine.one(aws.s3.BucketPolicy);
            assert.ok(policy.dependencies.includes(engine.one(aws.s3.BucketPublicAccessBlock).urn));
        });

        it("keeps the bucket and everything that guards it when they leave the stack, by default", () => {
            const data = [aws.s3.Bucket, aws.s3.BucketPublicAccessBlock, aws.s3.BucketOwnershipControls, aws.s3.BucketServerSideEncryptionConfiguration, aws.s3.BucketPolicy];
            assert.deepStrictEqual(
                data.map((type) => engine.one(type).retainOnDelete),
                data.map(() => true),
            );
            assert.strictEqual(endpoint.retainOnDelete, false);
            for (const type of data) {
                assert.strictEqual(engine.one(type).parent, component.urn);
            }
        });
    });

    it("lets the bucket go with the stack when retainOnDelete is false", async () => {
        const engine = await OfflineEngine.start();
        new GatewayEndpoint("s3-gw", s3Args({ lockedBucket: { nameTag: "B", bucketPrefix: "b-", managers: [DEPLOYER], retainOnDelete: false } }));
        await engine.settle();
        assert.strictEqual(engine.one(aws.s3.Bucket).retainOnDelete, false);
        assert.strictEqual(engine.one(aws.s3.BucketPolicy).retainOnDelete, false);
    });

    it("builds an S3 endpoint with no bucket when none is asked for", async () => {
        const engine = await OfflineEngine.start();
        const gateway = new GatewayEndpoint("s3-gw", s3Args({ lockedBucket: undefined }));
        await engine.settle();
        assert.strictEqual(engine.ofType(aws.s3.Bucket).length, 0);
        assert.strictEqual(gateway.bucketName, undefined);
    });

    it("scopes a DynamoDB endpoint to the account's tables in the region and table listing", async () => {
        const engine = await OfflineEngine.start();
        new GatewayEndpoint("ddb-gw", { service: "dynamodb", vpcId: "vpc-1", aws: SEOUL, routeTableIds: ["rtb-private"], nameTag: "CloudNeta-DynamoDB-Gateway-Endpoint" });
        await engine.settle();
        const endpoint = engine.one(aws.ec2.VpcEndpoint);
        assert.strictEqual(endpoint.inputs.serviceName, "com.amazonaws.ap-northeast-2.dynamodb");
        assert.strictEqual(endpoint.inputs.vpcEndpointType, "Gateway");
        assert.deepStrictEqual(endpoint.inputs.routeTableIds, ["rtb-private"]);
        assert.deepStrictEqual(policyOf(endpoint), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AccountTablesForAccountPrincipals",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "dynamodb:*",
                    Resource: "arn:aws:dynamodb:ap-northeast-2:123456789012:table/*",
                    Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
                },
                {
                    Sid: "ListTablesForAccountPrincipals",
                    Effect: "Allow",
                    Principal: "*",
                    Action: ["dynamodb:ListTables", "dynamodb:DescribeLimits"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
                },
            ],
        });
        assert.strictEqual(engine.ofType(aws.s3.Bucket).length, 0);
    });

    it("refuses a service with no gateway endpoint, no route tables and a bad bucket, listing every problem and creating nothing", async () => {
        const engine = await OfflineEngine.start();
        const bad = {
            ...s3Args(),
            service: "sqs",
            routeTableIds: [],
            lockedBucket: { nameTag: "B", bucketPrefix: "Locked_Bucket", managers: [] },
        } as unknown as GatewayEndpointArgs;
        assert.throws(
            () => new GatewayEndpoint("bad", bad),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                e.message ===
                    [
                        'GatewayEndpoint "bad" has 5 problems:',
                        '  - args.service: "sqs" has no gateway endpoint; gateway endpoints exist for s3 and dynamodb only; use an InterfaceEndpoint for it',
                        "  - args.routeTableIds: a gateway endpoint on no route table reaches nothing; give at least one route table",
                        '  - args.lockedBucket: only an S3 gateway endpoint can lock a bucket; remove lockedBucket, or use service "s3"',
                        '  - args.lockedBucket.bucketPrefix: "Locked_Bucket" is not a bucket name prefix (lowercase letters, digits, dots, hyphens; at most 37 characters); use a prefix like vpc-labs-endpoints-locked-',
                        "  - args.lockedBucket.managers: a bucket locked to the endpoint with no manager cannot be changed or destroyed from outside the VPC, not even by this stack; list the deploying principal's ARN",
                    ].join("\n"),
        );
        await engine.settle();
        assert.deepStrictEqual(engine.resources, []);
    });

    it("refuses a wildcard bucket manager", () => {
        assert.throws(
            () => new GatewayEndpoint("bad", s3Args({ lockedBucket: { nameTag: "B", bucketPrefix: "b-", managers: [DEPLOYER, "arn:aws:iam::123456789012:role/*"] } })),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                e.message.endsWith(
                    '  - args.lockedBucket.managers[1]: "arn:aws:iam::123456789012:role/*" would let any matching principal manage the bucket from anywhere; list exact role or user ARNs',
                ),
        );
    });

    it("names each manager once in the bucket policy", () => {
        const policy = lockedBucketPolicy("arn:aws:s3:::b", "vpce-1", [DEPLOYER, "arn:aws:iam::123456789012:role/ci", DEPLOYER]);
        assert.deepStrictEqual((policy.Statement[0].Condition as Record<string, unknown>).ArnNotEquals, {
            "aws:PrincipalArn": [DEPLOYER, "arn:aws:iam::123456789012:role/ci"],
        });
    });

    it("builds the AWS-owned bucket ARNs from the partition and region", () => {
        assert.deepStrictEqual(awsOwnedBucketObjectArns({ accountId: "210987654321", partition: "aws-cn", region: "cn-north-1" }).slice(0, 2), [
            "arn:aws-cn:s3:::al2023-repos-cn-north-1-de612dc2/*",
            "arn:aws-cn:s3:::amazon-ssm-cn-north-1/*",
        ]);
        assert.deepStrictEqual(gatewayEndpointPolicy("s3", SEOUL).Statement[1].Resource, SEOUL_AWS_OWNED_OBJECTS);
    });
});
