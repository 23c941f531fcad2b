import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { gatewayEndpointRouteTable, gatewayEndpointService, s3BucketLockedToGatewayEndpoint } from "../../policy/rules/gatewayEndpoints";
import { component, messagesOf, record, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const vpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: "10.0.0.0/16" }, { id: "vpc-1" });
const routeTable = record(aws.ec2.RouteTable, "private-rt", { vpcId: "vpc-1" }, { id: "rtb-1", deps: { vpcId: [vpc] } });

function endpoint(name: string, props: Record<string, unknown>, options = {}) {
    return record(aws.ec2.VpcEndpoint, name, { vpcId: "vpc-1", ...props }, { id: `vpce-${name}`, deps: { vpcId: [vpc] }, ...options });
}

describe("gateway-endpoint-service", () => {
    it("accepts gateway endpoints for s3 and dynamodb, and ignores interface endpoints", async () => {
        const records = [
            endpoint("s3", { serviceName: "com.amazonaws.ap-northeast-2.s3", vpcEndpointType: "Gateway" }),
            endpoint("ddb", { serviceName: "com.amazonaws.ap-northeast-2.dynamodb" }),
            endpoint("cfn", { serviceName: "com.amazonaws.ap-northeast-2.cloudformation", vpcEndpointType: "Interface" }),
        ];
        assert.deepStrictEqual(await violationsOf(gatewayEndpointService, records), []);
    });

    it("flags a gateway endpoint for another service, including one without a type (AWS defaults to Gateway)", async () => {
        const records = [endpoint("ec2", { serviceName: "com.amazonaws.ap-northeast-2.ec2" })];
        const violations = await violationsOf(gatewayEndpointService, records);
        assert.deepStrictEqual(violations, [
            {
                policyName: "gateway-endpoint-service",
                enforcementLevel: "mandatory",
                urn: records[0].urn,
                message: 'VPC endpoint "ec2" must be a Gateway endpoint only for s3 or dynamodb; it is a Gateway endpoint for com.amazonaws.ap-northeast-2.ec2: make it an Interface endpoint.',
                description: "Checks that gateway VPC endpoints are only for services that have them (s3 and dynamodb).",
            },
        ]);
    });

    it("accepts a service the config adds", async () => {
        const records = [endpoint("s3x", { serviceName: "com.amazonaws.ap-northeast-2.s3express", vpcEndpointType: "Gateway" })];
        assert.strictEqual((await messagesOf(gatewayEndpointService, records)).length, 1);
        assert.deepStrictEqual(await messagesOf(gatewayEndpointService, records, { "gateway-endpoint-service": { services: ["s3", "dynamodb", "s3express"] } }), []);
    });
});

describe("gateway-endpoint-route-table", () => {
    const s3 = { serviceName: "com.amazonaws.ap-northeast-2.s3", vpcEndpointType: "Gateway" };

    it("accepts route tables given inline", async () => {
        const records = [vpc, routeTable, endpoint("s3", { ...s3, routeTableIds: ["rtb-1"] }, { deps: { vpcId: [vpc], routeTableIds: [routeTable] } })];
        assert.deepStrictEqual(await messagesOf(gatewayEndpointRouteTable, records), []);
    });

    it("accepts an association resource, found by dependency or by the endpoint's ID", async () => {
        const gateway = endpoint("s3", s3);
        const byDependency = record(aws.ec2.VpcEndpointRouteTableAssociation, "s3-private", { vpcEndpointId: UNKNOWN_VALUE, routeTableId: "rtb-1" }, { deps: { vpcEndpointId: [gateway] } });
        const byId = record(aws.ec2.VpcEndpointRouteTableAssociation, "s3-private", { vpcEndpointId: "vpce-s3", routeTableId: "rtb-1" });
        assert.deepStrictEqual(await messagesOf(gatewayEndpointRouteTable, [vpc, routeTable, gateway, byDependency]), []);
        assert.deepStrictEqual(await messagesOf(gatewayEndpointRouteTable, [vpc, routeTable, gateway, byId]), []);
    });

    it("flags a gateway endpoint on no route table", async () => {
        const gateway = endpoint("s3", { ...s3, routeTableIds: [] });
        const violations = await violationsOf(gatewayEndpointRouteTable, [vpc, routeTable, gateway]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [
                    gateway.urn,
                    'Gateway endpoint "s3" must be on at least one route table; it is on none: set routeTableIds or add an aws.ec2.VpcEndpointRouteTableAssociation.',
                ],
            ],
        );
    });

    it("gives no verdict while the route table list is unknown", async () => {
        assert.deepStrictEqual(await messagesOf(gatewayEndpointRouteTable, [vpc, endpoint("s3", { ...s3, routeTableIds: UNKNOWN_VALUE })]), []);
    });
});

describe("s3-bucket-locked-to-gateway-endpoint", () => {
    const lab = component("vpc-labs:labs:EndpointsLab", "endpoints");
    const gateway = endpoint("s3", { serviceName: "com.amazonaws.ap-northeast-2.s3", vpcEndpointType: "Gateway" }, { parent: lab });
    const lockPolicy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: ["arn:aws:s3:::lab-bucket", "arn:aws:s3:::lab-bucket/*"],
                Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-s3" } },
            },
        ],
    });

    it("accepts a sibling bucket whose bucket policy uses aws:SourceVpce", async () => {
        const bucket = record(aws.s3.Bucket, "lab-bucket", { bucket: "lab-bucket" }, { id: "lab-bucket", parent: lab });
        const policy = record(aws.s3.BucketPolicy, "lab-bucket-policy", { bucket: "lab-bucket", policy: lockPolicy }, { parent: lab, deps: { bucket: [bucket] } });
        assert.deepStrictEqual(await messagesOf(s3BucketLockedToGatewayEndpoint, [lab, gateway, bucket, policy]), []);
    });

    it("flags a sibling bucket without a bucket policy, as advisory", async () => {
        const bucket = record(aws.s3.BucketV2, "lab-bucket", { bucket: "lab-bucket" }, { id: "lab-bucket", parent: lab });
        const violations = await violationsOf(s3BucketLockedToGatewayEndpoint, [lab, gateway, bucket]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                [
                    "advisory",
                    bucket.urn,
                    'Bucket "lab-bucket" (paired with S3 gateway endpoint "s3") must have a bucket policy that uses aws:SourceVpce; it has no bucket policy: ' +
                        "add a statement that denies s3:* on the bucket and its objects unless aws:SourceVpce is the endpoint's ID.",
                ],
            ],
        );
    });

    it("flags a tagged bucket whose bucket policy does not use aws:SourceVpce, found by bucket name", async () => {
        const bucket = record(aws.s3.Bucket, "data", { bucket: "data-1", tags: { "vpc-labs:locked-to-gateway-endpoint": "true" } }, { id: "data-1" });
        const openPolicy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: "*" }] });
        const policy = record(aws.s3.BucketPolicy, "data-policy", { bucket: "data-1", policy: openPolicy });
        assert.deepStrictEqual(await messagesOf(s3BucketLockedToGatewayEndpoint, [bucket, policy]), [
            'Bucket "data" (tagged vpc-labs:locked-to-gateway-endpoint) must have a bucket policy that uses aws:SourceVpce; its bucket policy does not use aws:SourceVpce: ' +
                "add a statement that denies s3:* on the bucket and its objects unless aws:SourceVpce is the endpoint's ID.",
        ]);
    });

    it("leaves buckets alone that are neither siblings of an S3 gateway endpoint nor tagged", async () => {
        const elsewhere = record(aws.s3.Bucket, "logs", { bucket: "logs" }, { id: "logs" });
        const untagged = record(aws.s3.Bucket, "other", { bucket: "other", tags: { "vpc-labs:locked-to-gateway-endpoint": "false" } }, { id: "other" });
        assert.deepStrictEqual(await messagesOf(s3BucketLockedToGatewayEndpoint, [lab, gateway, elsewhere, untagged]), []);
    });
});
