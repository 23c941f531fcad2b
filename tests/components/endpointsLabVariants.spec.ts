import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EndpointsLab } from "../../components/labs/endpointsLab";
import { OfflineEngine } from "../../offline/engine";
import { buildEndpointsLab, resolved, rulesOf, named, givenNetwork } from "../fixtures/endpoints";

describe("endpoints lab", () => {
    describe("with the cheap settings (one zone, EC2 Instance Connect, S3 only)", () => {
        let engine: OfflineEngine;
        let lab: EndpointsLab;
        before(async () => {
            ({ engine, lab } = await buildEndpointsLab({ config: { privateInstanceAccess: "instance-connect" }, environment: { interfaceEndpointAzCount: 1, instanceType: "t4g.nano" } }));
        });

        it("puts the interface endpoint in the private subnet only", () => {
            const endpoint = engine.one(aws.ec2.VpcEndpoint, "endpoints-cloudformation-endpoint-endpoint");
            assert.deepStrictEqual(endpoint.inputs.subnetIds, [engine.one(aws.ec2.Subnet, "endpoints-network-private").id]);
        });

        it("builds no Session Manager endpoints and no DynamoDB gateway", () => {
            assert.deepStrictEqual(
                engine.ofType(aws.ec2.VpcEndpoint).map((e) => e.inputs.serviceName),
                ["com.amazonaws.ap-northeast-2.s3", "com.amazonaws.ap-northeast-2.cloudformation"],
            );
        });

        it("reaches the private instance through an EC2 Instance Connect Endpoint in the private subnet that keeps client IPs private", () => {
            const eic = engine.one(aws.ec2transitgateway.InstanceConnectEndpoint);
            const group = engine.one(aws.ec2.SecurityGroup, "endpoints-eic-sg-sg");
            assert.deepStrictEqual(eic.inputs, {
                subnetId: engine.one(aws.ec2.Subnet, "endpoints-network-private").id,
                securityGroupIds: [group.id],
                preserveClientIp: false,
                tags: named("CloudNeta-EIC-Endpoint"),
            });
            assert.deepStrictEqual(group.inputs.tags, named("CloudNeta-EIC-Endpoint-SG"));
            assert.deepStrictEqual(rulesOf(engine, "endpoints-eic-sg", "in"), []);
            assert.deepStrictEqual(rulesOf(engine, "endpoints-eic-sg", "out"), [["tcp", 22, 22, "10.0.0.0/16"]]);
        });

        it("admits SSH on the private instance from the Instance Connect Endpoint's group only", () => {
            const group = engine.one(aws.ec2.SecurityGroup, "endpoints-eic-sg-sg");
            assert.deepStrictEqual(rulesOf(engine, "endpoints-private-sg", "in"), [
                ["icmp", 8, -1, "10.0.0.0/16"],
                ["tcp", 22, 22, group.id],
            ]);
            assert.deepStrictEqual(rulesOf(engine, "endpoints-public-sg", "in"), [["icmp", 8, -1, "10.0.0.0/16"]]);
        });

        it("launches the instance type of the environment", () => {
            assert.deepStrictEqual(
                engine.ofType(aws.ec2.Instance).map((i) => i.inputs.instanceType),
                ["t4g.nano", "t4g.nano"],
            );
        });

        it("tells students to connect with ec2-instance-connect and exports the endpoint ID", async () => {
            const eic = engine.one(aws.ec2transitgateway.InstanceConnectEndpoint);
            const outputs = await resolved(pulumi.output(lab.outputs));
            assert.strictEqual(outputs.instanceConnectEndpointId, eic.id);
            const step = (outputs.checks as { id: string; command: string }[]).find((s) => s.id === "instance-connect-private");
            assert.strictEqual(
                step?.command,
                `aws ec2-instance-connect ssh --region ap-northeast-2 --instance-id ${engine.one(aws.ec2.Instance, "endpoints-private-ec2-instance").id} --connection-type eice --os-user ec2-user`,
            );
        });
    });

    describe("with the other choices (private route table only, data not kept, an assumed-role deployer, more interface services)", () => {
        const ci = "arn:aws:iam::123456789012:role/ci-deployer";
        let engine: OfflineEngine;
        let lab: EndpointsLab;
        before(async () => {
            ({ engine, lab } = await buildEndpointsLab({
                config: { gatewayRouteTables: ["private"], bucketManagers: [ci], interfaceServices: ["ssm", "s3", "ecr.api"] },
                environment: { keepDataOnDelete: false },
                invokes: {
                    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
                        id: "123456789012",
                        accountId: "123456789012",
                        arn: "arn:aws:sts::123456789012:assumed-role/LabAdmin/student-1",
                        userId: "AROAEXAMPLE:student-1",
                    }),
                },
            }));
        });

        it("puts the gateway endpoints on the private route table only", () => {
            const privateTable = engine.one(aws.ec2.RouteTable, "endpoints-network-private-rt");
            assert.deepStrictEqual(engine.one(aws.ec2.VpcEndpoint, "endpoints-s3-gateway-endpoint").inputs.routeTableIds, [privateTable.id]);
        });

        it("lets the bucket go with the stack when keepDataOnDelete is off", () => {
            assert.strictEqual(engine.one(aws.s3.Bucket).retainOnDelete, false);
        });

        it("exempts the role behind an assumed-role deployer, and the configured managers, from the bucket lock", async () => {
            const policy = JSON.parse(engine.one(aws.s3.BucketPolicy).inputs.policy as string);
            assert.deepStrictEqual(policy.Statement[0].Condition.ArnNotEquals, { "aws:PrincipalArn": ["arn:aws:iam::123456789012:role/LabAdmin", ci] });
            assert.deepStrictEqual(await resolved(lab.bucketManagers), ["arn:aws:iam::123456789012:role/LabAdmin", ci]);
        });

        it("keeps an S3 interface endpoint's private DNS to inbound resolvers, created after the S3 gateway endpoint", () => {
            const gateway = engine.one(aws.ec2.VpcEndpoint, "endpoints-s3-gateway-endpoint");
            const endpoint = engine.one(aws.ec2.VpcEndpoint, "endpoints-s3-endpoint-endpoint");
            assert.strictEqual(endpoint.inputs.vpcEndpointType, "Interface");
            assert.strictEqual(endpoint.inputs.privateDnsEnabled, true);
            assert.deepStrictEqual(endpoint.inputs.dnsOptions, { privateDnsOnlyForInboundResolverEndpoint: true });
            assert.ok(endpoint.dependencies.includes(gateway.urn));
            assert.strictEqual(engine.one(aws.ec2.VpcEndpoint, "endpoints-ssm-endpoint-endpoint").inputs.dnsOptions, undefined);
        });

        it("builds each Session Manager endpoint once when the config lists one too", () => {
            assert.deepStrictEqual(
                // Sorted: the S3 interface endpoint registers late, once the gateway endpoint it depends on exists.
                engine.ofType(aws.ec2.VpcEndpoint).filter((e) => e.inputs.vpcEndpointType === "Interface").map((e) => e.name).sort(),
                ["endpoints-ecr-api-endpoint-endpoint", "endpoints-s3-endpoint-endpoint", "endpoints-ssm-endpoint-endpoint", "endpoints-ssmmessages-endpoint-endpoint"],
            );
        });

        it("names endpoints of dotted services without dots", () => {
            const endpoint = engine.one(aws.ec2.VpcEndpoint, "endpoints-ecr-api-endpoint-endpoint");
            assert.strictEqual(endpoint.inputs.serviceName, "com.amazonaws.ap-northeast-2.ecr.api");
            assert.deepStrictEqual(endpoint.inputs.tags, named("CloudNeta-ecr.api-Endpoint"));
        });
    });

    describe("given a network", () => {
        let engine: OfflineEngine;
        before(async () => {
            ({ engine } = await buildEndpointsLab({ network: givenNetwork() }));
        });

        it("builds on it and creates no network of its own", () => {
            assert.strictEqual(engine.ofType(aws.ec2.Vpc).length, 0);
            assert.strictEqual(engine.ofType(aws.ec2.Subnet).length, 0);
            assert.strictEqual(engine.ofType(aws.ec2.FlowLog).length, 0, "flow logs belong to whoever built the network");
        });

        it("uses its route tables, subnets and CIDR", () => {
            const gateway = engine.one(aws.ec2.VpcEndpoint, "endpoints-s3-gateway-endpoint");
            assert.strictEqual(gateway.inputs.vpcId, "vpc-given");
            assert.deepStrictEqual(gateway.inputs.routeTableIds, ["rtb-web", "rtb-app"]);
            assert.deepStrictEqual(engine.one(aws.ec2.VpcEndpoint, "endpoints-cloudformation-endpoint-endpoint").inputs.subnetIds, ["subnet-web", "subnet-app"]);
            assert.deepStrictEqual(
                engine.ofType(aws.ec2.Instance).map((i) => i.inputs.subnetId),
                ["subnet-web", "subnet-app"],
            );
            assert.deepStrictEqual(rulesOf(engine, "endpoints-cloudformation-endpoint-sg", "in"), [["tcp", 443, 443, "10.20.0.0/16"]]);
        });
    });
});
