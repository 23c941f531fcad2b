import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { VpcFlowLogs, VpcFlowLogsArgs } from "../../components/vpcFlowLogs";
import { ConfigError } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { LAB_FLOW_LOGS, testEnvironment } from "../fixtures/environment";

const AWS = testEnvironment().aws;

async function build(overrides: Partial<VpcFlowLogsArgs> = {}) {
    const engine = await OfflineEngine.start();
    new VpcFlowLogs("imd-flow", { vpcId: "vpc-123", settings: LAB_FLOW_LOGS, label: "IMD-VPCFlow", aws: AWS, ...overrides });
    await engine.settle();
    return engine;
}

describe("VpcFlowLogs", () => {
    describe("to CloudWatch Logs", () => {
        it("logs ALL traffic of the VPC every 60 s in the custom format to its own log group", async () => {
            const engine = await build();
            const flowLog = engine.one(aws.ec2.FlowLog);
            const group = engine.one(aws.cloudwatch.LogGroup);
            assert.deepStrictEqual(
                { ...flowLog.inputs, tags: undefined },
                {
                    vpcId: "vpc-123",
                    logDestinationType: "cloud-watch-logs",
                    logDestination: group.outputs.arn,
                    iamRoleArn: engine.one(aws.iam.Role).outputs.arn,
                    trafficType: "ALL",
                    maxAggregationInterval: 60,
                    logFormat: "${srcaddr} ${dstaddr} ${action} ${flow-direction} ${traffic-path}",
                    tags: undefined,
                },
            );
        });

        it("keeps the log group for its retention, and in AWS when it leaves the stack", async () => {
            const engine = await build();
            const group = engine.one(aws.cloudwatch.LogGroup);
            assert.strictEqual(group.inputs.retentionInDays, 30);
            assert.strictEqual(group.inputs.namePrefix, "/vpc-labs/flow-logs/IMD-VPCFlow-");
            assert.strictEqual(group.retainOnDelete, true);
            assert.strictEqual((await build({ keepDataOnDelete: false })).one(aws.cloudwatch.LogGroup).retainOnDelete, false);
        });

        it("trusts only the flow-logs service acting for this account's flow logs", async () => {
            const engine = await build();
            assert.deepStrictEqual(JSON.parse(engine.one(aws.iam.Role).inputs.assumeRolePolicy as string), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": "123456789012" },
                            ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-northeast-2:123456789012:vpc-flow-log/*" },
                        },
                    },
                ],
            });
        });

        it("lets the role write to its own log group only, without creating groups", async () => {
            const engine = await build();
            const groupArn = engine.one(aws.cloudwatch.LogGroup).outputs.arn as string;
            const policy = engine.one(aws.iam.RolePolicy);
            assert.strictEqual(policy.inputs.role, engine.one(aws.iam.Role).id);
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy as string), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteFlowLogRecords",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [groupArn, `${groupArn}:*`],
                    },
                ],
            });
        });

        it("encrypts the log group with a rotating customer managed key that CloudWatch Logs may use", async () => {
            const engine = await build({ settings: { ...LAB_FLOW_LOGS, kmsKey: true } });
            const key = engine.one(aws.kms.Key);
            assert.strictEqual(engine.one(aws.cloudwatch.LogGroup).inputs.kmsKeyId, key.outputs.arn);
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            assert.strictEqual(key.retainOnDelete, true);
            const statements = JSON.parse(key.inputs.policy as string).Statement;
            assert.deepStrictEqual(statements.map((s: { Sid: string }) => s.Sid), ["AccountAdministers", "CloudWatchLogsUse"]);
            assert.deepStrictEqual(statements[1].Principal, { Service: "logs.ap-northeast-2.amazonaws.com" });
            assert.deepStrictEqual(statements[1].Condition, {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:ap-northeast-2:123456789012:log-group:*" },
            });
        });

        it("uses the AWS default format when no fields are given", async () => {
            const engine = await build({ settings: { ...LAB_FLOW_LOGS, fields: [] } });
            assert.strictEqual(engine.one(aws.ec2.FlowLog).inputs.logFormat, undefined);
        });
    });

    describe("to S3", () => {
        const s3 = { ...LAB_FLOW_LOGS, destination: "s3" as const, retentionDays: 10 };

        it("delivers to a private encrypted bucket through the bucket policy, with no role", async () => {
            const engine = await build({ settings: s3 });
            const bucket = engine.one(aws.s3.Bucket);
            const flowLog = engine.one(aws.ec2.FlowLog);
            assert.strictEqual(flowLog.inputs.logDestinationType, "s3");
            assert.strictEqual(flowLog.inputs.logDestination, bucket.outputs.arn);
            assert.strictEqual(flowLog.inputs.iamRoleArn, undefined);
            assert.strictEqual(engine.ofType(aws.iam.Role).length, 0);
            assert.strictEqual(bucket.retainOnDelete, true);
            assert.deepStrictEqual(engine.one(aws.s3.BucketPublicAccessBlock).inputs, {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            const lifecycle = engine.one(aws.s3.BucketLifecycleConfiguration).inputs.rules as { expiration: { days: number } }[];
            assert.strictEqual(lifecycle[0].expiration.days, 10);
        });

        it("lets only log delivery for this account write under AWSLogs and refuses plain HTTP", async () => {
            const engine = await build({ settings: s3 });
            const arn = engine.one(aws.s3.Bucket).outputs.arn as string;
            const policy = JSON.parse(engine.one(aws.s3.BucketPolicy).inputs.policy as string);
            assert.deepStrictEqual(
                policy.Statement.map((s: { Sid: string; Effect: string; Resource: unknown }) => [s.Sid, s.Effect, s.Resource]),
                [
                    ["AWSLogDeliveryWrite", "Allow", `${arn}/AWSLogs/123456789012/*`],
                    ["AWSLogDeliveryAclCheck", "Allow", arn],
                    ["DenyInsecureTransport", "Deny", [arn, `${arn}/*`]],
                ],
            );
            assert.deepStrictEqual(policy.Statement[0].Condition.StringEquals, { "aws:SourceAccount": "123456789012" });
        });
    });

    it("adds one flow log per subnet and per network interface, sharing the destination", async () => {
        const engine = await build({ subnetIds: ["subnet-1", "subnet-2"], networkInterfaceIds: ["eni-1"] });
        const scopes = engine.ofType(aws.ec2.FlowLog).map((f) => [f.name, f.inputs.vpcId ?? f.inputs.subnetId ?? f.inputs.eniId]);
        assert.deepStrictEqual(scopes, [
            ["imd-flow-vpc", "vpc-123"],
            ["imd-flow-subnet-1", "subnet-1"],
            ["imd-flow-subnet-2", "subnet-2"],
            ["imd-flow-eni-1", "eni-1"],
        ]);
        assert.strictEqual(new Set(engine.ofType(aws.ec2.FlowLog).map((f) => f.inputs.logDestination)).size, 1);
    });

    it("refuses settings AWS would reject, naming each argument, before creating anything", async () => {
        const engine = await OfflineEngine.start();
        assert.throws(
            () =>
                new VpcFlowLogs("bad", {
                    vpcId: "vpc-1",
                    settings: { ...LAB_FLOW_LOGS, maxAggregationInterval: 300 as 60, retentionDays: 2, fields: ["traffic-path", "path"] },
                    label: "x",
                    aws: AWS,
                }),
            (e: unknown) =>
                ConfigError.isConfigError(e) &&
                e.message ===
                    [
                        'VpcFlowLogs "bad" has 3 problems:',
                        "  - settings.maxAggregationInterval: 300 is not 60 or 600 seconds; use 60 or 600",
                        "  - settings.retentionDays: 2 is not a retention CloudWatch Logs accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                        '  - settings.fields[1]: "path" is not a documented flow log field; use names from https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html (e.g. srcaddr, traffic-path)',
                    ].join("\n"),
        );
        await engine.settle();
        assert.strictEqual(engine.resources.length, 0);
    });
});
