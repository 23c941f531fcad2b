import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { flowLogAggregationInterval, flowLogGroupRetention, flowLogTrafficType, vpcHasFlowLog } from "../../policy/rules/flowLogs";
import { messagesOf, record, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const vpc = record(aws.ec2.Vpc, "lab-vpc", { cidrBlock: "10.0.0.0/16" }, { id: "vpc-1" });
const GROUP_ARN = "arn:aws:logs:ap-northeast-2:123456789012:log-group:/vpc-labs/flow-logs";
const group = record(aws.cloudwatch.LogGroup, "flow-logs", { name: "/vpc-labs/flow-logs", arn: GROUP_ARN, retentionInDays: 30 }, { id: "/vpc-labs/flow-logs" });

function flowLog(props: Record<string, unknown>, deps = {}) {
    return record(
        aws.ec2.FlowLog,
        "lab-flow-log",
        { vpcId: "vpc-1", trafficType: "ALL", maxAggregationInterval: 60, logDestination: GROUP_ARN, iamRoleArn: "arn:aws:iam::123456789012:role/flow-logs", ...props },
        { id: "fl-1", deps: { vpcId: [vpc], ...deps } },
    );
}

describe("vpc-has-flow-log", () => {
    it("accepts a VPC with a flow log, found by ID or by dependency", async () => {
        assert.deepStrictEqual(await messagesOf(vpcHasFlowLog, [vpc, flowLog({})]), []);
        const byDependencyOnly = record(aws.ec2.FlowLog, "preview-flow-log", { vpcId: UNKNOWN_VALUE, trafficType: "ALL" }, { deps: { vpcId: [vpc] } });
        assert.deepStrictEqual(await messagesOf(vpcHasFlowLog, [vpc, byDependencyOnly]), []);
    });

    it("flags a VPC without a flow log, even when a subnet has one, unless the config accepts subnet coverage", async () => {
        const subnet = record(aws.ec2.Subnet, "subnet", { vpcId: "vpc-1" }, { id: "subnet-1", deps: { vpcId: [vpc] } });
        const subnetLog = record(aws.ec2.FlowLog, "subnet-flow-log", { subnetId: "subnet-1", trafficType: "ALL" }, { deps: { subnetId: [subnet] } });
        const violations = await violationsOf(vpcHasFlowLog, [vpc, subnet, subnetLog]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [["mandatory", vpc.urn, 'VPC "lab-vpc" must have a flow log; it has none: add an aws.ec2.FlowLog with vpcId set to the VPC.']],
        );
        const config = { "vpc-has-flow-log": { acceptSubnetCoverage: true } };
        assert.deepStrictEqual(await messagesOf(vpcHasFlowLog, [vpc, subnet, subnetLog], config), []);
        const uncovered = record(aws.ec2.Subnet, "subnet-2", { vpcId: "vpc-1" }, { id: "subnet-2", deps: { vpcId: [vpc] } });
        assert.deepStrictEqual(await messagesOf(vpcHasFlowLog, [vpc, subnet, uncovered, subnetLog], config), [
            'VPC "lab-vpc" must have a flow log; it has none: add an aws.ec2.FlowLog with vpcId set to the VPC, or one on each of its subnets.',
        ]);
    });
});

describe("flow-log-traffic-type", () => {
    it("accepts ALL by default", async () => {
        assert.deepStrictEqual(await messagesOf(flowLogTrafficType, [flowLog({})]), []);
    });

    it("flags an ACCEPT-only flow log", async () => {
        const acceptOnly = flowLog({ trafficType: "ACCEPT" });
        const violations = await violationsOf(flowLogTrafficType, [acceptOnly]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [[acceptOnly.urn, 'Flow log "lab-flow-log" must capture traffic type ALL; it captures ACCEPT: set trafficType to ALL.']],
        );
    });

    it("follows the configured set", async () => {
        const config = { "flow-log-traffic-type": { allowedTrafficTypes: ["ALL", "REJECT"] } };
        assert.deepStrictEqual(await messagesOf(flowLogTrafficType, [flowLog({ trafficType: "REJECT" })], config), []);
        assert.deepStrictEqual(await messagesOf(flowLogTrafficType, [flowLog({ trafficType: "ACCEPT" })], config), [
            'Flow log "lab-flow-log" must capture traffic type ALL or REJECT; it captures ACCEPT: set trafficType to ALL.',
        ]);
    });
});

describe("flow-log-aggregation-interval", () => {
    it("accepts 600 seconds by default and 60 always", async () => {
        assert.deepStrictEqual(await messagesOf(flowLogAggregationInterval, [flowLog({ maxAggregationInterval: 600 }), flowLog({})]), []);
    });

    it("flags more than the configured bound, including the AWS default of 600 when unset", async () => {
        const config = { "flow-log-aggregation-interval": { maxAggregationIntervalSeconds: 60 } };
        assert.deepStrictEqual(await messagesOf(flowLogAggregationInterval, [flowLog({ maxAggregationInterval: 600 }), flowLog({ maxAggregationInterval: undefined })], config), [
            'Flow log "lab-flow-log" must aggregate records over at most 60 seconds; it uses 600: set maxAggregationInterval: 60.',
            'Flow log "lab-flow-log" must aggregate records over at most 60 seconds; it uses 600 (the AWS default): set maxAggregationInterval: 60.',
        ]);
    });
});

describe("flow-log-group-retention", () => {
    it("accepts a retention inside the bounds, and ignores S3 destinations and groups outside the stack", async () => {
        assert.deepStrictEqual(await messagesOf(flowLogGroupRetention, [group, flowLog({})]), []);
        const toS3 = flowLog({ logDestinationType: "s3", logDestination: "arn:aws:s3:::flow-logs" });
        const external = flowLog({ logDestination: "arn:aws:logs:ap-northeast-2:123456789012:log-group:elsewhere" });
        assert.deepStrictEqual(await messagesOf(flowLogGroupRetention, [group, toS3, external]), []);
    });

    it("flags a group that never expires records, found through the flow log's dependency", async () => {
        const forever = record(aws.cloudwatch.LogGroup, "IMD-VPCFlow", { name: "IMD-VPCFlow", arn: UNKNOWN_VALUE }, { id: "IMD-VPCFlow" });
        const violations = await violationsOf(flowLogGroupRetention, [forever, flowLog({ logDestination: UNKNOWN_VALUE }, { logDestination: [forever] })]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [
                    forever.urn,
                    'Log group "IMD-VPCFlow" of flow log "lab-flow-log" must keep records between 1 and 365 days; it never expires them: set retentionInDays between 1 and 365 days.',
                ],
            ],
        );
    });

    it("flags a retention outside the configured bounds, and a missing KMS key when required, by log group name", async () => {
        const config = { "flow-log-group-retention": { minRetentionDays: 30, maxRetentionDays: 90, requireKmsKey: true } };
        const short = record(aws.cloudwatch.LogGroup, "flow-logs", { name: "/vpc-labs/flow-logs", retentionInDays: 3 }, { id: "/vpc-labs/flow-logs" });
        const legacy = flowLog({ logDestination: undefined, logGroupName: "/vpc-labs/flow-logs" });
        assert.deepStrictEqual(await messagesOf(flowLogGroupRetention, [short, legacy], config), [
            'Log group "flow-logs" of flow log "lab-flow-log" must keep records between 30 and 90 days; it keeps them 3 days: set retentionInDays between 30 and 90 days.',
            'Log group "flow-logs" of flow log "lab-flow-log" must be encrypted with a KMS key; it has none: set kmsKeyId to a customer managed key.',
        ]);
        const encrypted = record(aws.cloudwatch.LogGroup, "flow-logs", { name: "/vpc-labs/flow-logs", arn: GROUP_ARN, retentionInDays: 30, kmsKeyId: "arn:aws:kms:ap-northeast-2:123456789012:key/1" });
        assert.deepStrictEqual(await messagesOf(flowLogGroupRetention, [encrypted, flowLog({})], config), []);
    });
});

describe("flow-log-traffic-type with the workshop setting", () => {
    const subnet = record(aws.ec2.Subnet, "private-a", { vpcId: "vpc-1" }, { id: "subnet-1", deps: { vpcId: [vpc] } });
    const instance = record(aws.ec2.Instance, "private-01", { subnetId: "subnet-1", primaryNetworkInterfaceId: "eni-1" }, { id: "i-1", deps: { subnetId: [subnet] } });
    const subnetLog = (trafficType: string) => record(aws.ec2.FlowLog, "subnet-log", { subnetId: "subnet-1", trafficType }, { id: "fl-2", deps: { subnetId: [subnet] } });
    const eniLog = (trafficType: string) => record(aws.ec2.FlowLog, "eni-log", { eniId: "eni-1", trafficType }, { id: "fl-3", deps: { eniId: [instance] } });
    const workshop = { "flow-log-traffic-type": { workshop: true } };

    it("refuses ACCEPT and REJECT on subnet and ENI logs without the setting", async () => {
        assert.deepStrictEqual(await messagesOf(flowLogTrafficType, [vpc, subnet, instance, flowLog({}), subnetLog("REJECT"), eniLog("ACCEPT")]), [
            'Flow log "subnet-log" must capture traffic type ALL; it captures REJECT: set trafficType to ALL.',
            'Flow log "eni-log" must capture traffic type ALL; it captures ACCEPT: set trafficType to ALL.',
        ]);
    });

    it("admits them beside a VPC-level ALL log with the setting", async () => {
        assert.deepStrictEqual(await messagesOf(flowLogTrafficType, [vpc, subnet, instance, flowLog({}), subnetLog("REJECT"), eniLog("ACCEPT")], workshop), []);
    });

    it("still refuses them when the VPC-level log is missing or not ALL, and an ACCEPT log on the VPC itself", async () => {
        const violations = await violationsOf(flowLogTrafficType, [vpc, subnet, instance, flowLog({ trafficType: "ACCEPT" }), subnetLog("REJECT"), eniLog("ACCEPT")], workshop);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [flowLog({}).urn, 'Flow log "lab-flow-log" must capture traffic type ALL; it captures ACCEPT: set trafficType to ALL.'],
                [
                    subnetLog("REJECT").urn,
                    'Flow log "subnet-log" must capture traffic type ALL; it captures REJECT, which the workshop setting admits on a subnet or ENI log only beside a VPC-level ALL log; ' +
                        'VPC "lab-vpc" has no VPC-level flow log capturing ALL: add an aws.ec2.FlowLog with vpcId and trafficType ALL, or set trafficType to ALL.',
                ],
                [
                    eniLog("ACCEPT").urn,
                    'Flow log "eni-log" must capture traffic type ALL; it captures ACCEPT, which the workshop setting admits on a subnet or ENI log only beside a VPC-level ALL log; ' +
                        'VPC "lab-vpc" has no VPC-level flow log capturing ALL: add an aws.ec2.FlowLog with vpcId and trafficType ALL, or set trafficType to ALL.',
                ],
            ],
        );
    });

    it("refuses an ENI log whose VPC cannot be found", async () => {
        const stray = record(aws.ec2.FlowLog, "stray-eni-log", { eniId: "eni-elsewhere", trafficType: "REJECT" }, { id: "fl-9" });
        assert.deepStrictEqual(await messagesOf(flowLogTrafficType, [vpc, flowLog({}), stray], workshop), [
            'Flow log "stray-eni-log" must capture traffic type ALL; it captures REJECT, which the workshop setting admits on a subnet or ENI log only beside a VPC-level ALL log; ' +
                "the VPC it logs in is not found in the stack: add an aws.ec2.FlowLog with vpcId and trafficType ALL, or set trafficType to ALL.",
        ]);
    });
});
