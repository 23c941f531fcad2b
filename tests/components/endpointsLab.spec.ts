import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LOCKED_TO_GATEWAY_ENDPOINT_TAG } from "../../components/gatewayEndpoint";
import { EndpointsLab } from "../../components/labs/endpointsLab";
import { OfflineEngine } from "../../offline/engine";
import { RecordedResource } from "../../lib/records";
import { buildEndpointsLab, resolved, rulesOf, TAGS, named, CALLER } from "../fixtures/endpoints";

describe("endpoints lab", () => {
    describe("with the classroom settings (S3 and DynamoDB gateways, CloudFormation, Session Manager, two zones)", () => {
        let engine: OfflineEngine;
        let lab: EndpointsLab;
        let vpc: RecordedResource;
        let subnets: { public: RecordedResource; private: RecordedResource };
        let tables: { public: RecordedResource; private: RecordedResource };
        let s3: RecordedResource;
        let dynamodb: RecordedResource;
        before(async () => {
            ({ engine, lab } = await buildEndpointsLab({ config: { gatewayServices: ["s3", "dynamodb"] } }));
            vpc = engine.one(aws.ec2.Vpc);
            subnets = { public: engine.one(aws.ec2.Subnet, "endpoints-network-public"), private: engine.one(aws.ec2.Subnet, "endpoints-network-private") };
            tables = { public: engine.one(aws.ec2.RouteTable, "endpoints-network-public-rt"), private: engine.one(aws.ec2.RouteTable, "endpoints-network-private-rt") };
            s3 = engine.one(aws.ec2.VpcEndpoint, "endpoints-s3-gateway-endpoint");
            dynamodb = engine.one(aws.ec2.VpcEndpoint, "endpoints-dynamodb-gateway-endpoint");
        });

        it("builds CloudNeta-VPC 10.0.0.0/16 with DNS support and DNS hostnames on from the start", () => {
            assert.deepStrictEqual(vpc.inputs, { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: named("CloudNeta-VPC") });
            assert.strictEqual(engine.one("vpc-labs:network:LabNetwork").parent, engine.one("vpc-labs:labs:EndpointsLab").urn);
        });

        it("puts CloudNeta-Public-SN 10.0.0.0/24 in zone a and CloudNeta-Private-SN 10.0.1.0/24 in zone c, handing out no public IPs", () => {
            assert.deepStrictEqual(subnets.public.inputs, {
                vpcId: vpc.id,
                cidrBlock: "10.0.0.0/24",
                availabilityZone: "ap-northeast-2a",
                mapPublicIpOnLaunch: false,
                tags: named("CloudNeta-Public-SN"),
            });
            assert.deepStrictEqual(subnets.private.inputs, {
                vpcId: vpc.id,
                cidrBlock: "10.0.1.0/24",
                availabilityZone: "ap-northeast-2c",
                mapPublicIpOnLaunch: false,
                tags: named("CloudNeta-Private-SN"),
            });
        });

        it("routes CloudNeta-Public-RT to CloudNeta-IGW and leaves CloudNeta-Private-RT with the local route only", () => {
            const igw = engine.one(aws.ec2.InternetGateway);
            assert.deepStrictEqual(igw.inputs, { vpcId: vpc.id, tags: named("CloudNeta-IGW") });
            assert.deepStrictEqual(tables.public.inputs.tags, named("CloudNeta-Public-RT"));
            assert.deepStrictEqual(tables.private.inputs.tags, named("CloudNeta-Private-RT"));
            assert.deepStrictEqual(
                engine.ofType(aws.ec2.Route).map((r) => r.inputs),
                [{ routeTableId: tables.public.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
            );
            assert.strictEqual(engine.ofType(aws.ec2.NatGateway).length, 0);
            assert.deepStrictEqual(
                engine.ofType(aws.ec2.RouteTableAssociation).map((a) => [a.inputs.subnetId, a.inputs.routeTableId]),
                [
                    [subnets.public.id, tables.public.id],
                    [subnets.private.id, tables.private.id],
                ],
            );
        });

        it("gives the VPC exactly one flow log", () => {
            assert.deepStrictEqual(
                engine.ofType(aws.ec2.FlowLog).map((f) => f.inputs.vpcId),
                [vpc.id],
            );
        });

        it("puts the S3 gateway endpoint on both route tables", () => {
            assert.strictEqual(s3.inputs.serviceName, "com.amazonaws.ap-northeast-2.s3");
            assert.strictEqual(s3.inputs.vpcEndpointType, "Gateway");
            assert.strictEqual(s3.inputs.vpcId, vpc.id);
            assert.deepStrictEqual(s3.inputs.routeTableIds, [tables.public.id, tables.private.id]);
            assert.deepStrictEqual(s3.inputs.tags, named("CloudNeta-S3-Gateway-Endpoint"));
            assert.deepStrictEqual(JSON.parse(s3.inputs.policy as string).Statement[0].Condition, {
                StringEquals: { "aws:PrincipalAccount": "123456789012", "aws:ResourceAccount": "123456789012" },
            });
        });

        it("puts the DynamoDB gateway endpoint on both route tables when the config asks for it", () => {
            assert.strictEqual(dynamodb.inputs.serviceName, "com.amazonaws.ap-northeast-2.dynamodb");
            assert.strictEqual(dynamodb.inputs.vpcEndpointType, "Gateway");
            assert.deepStrictEqual(dynamodb.inputs.routeTableIds, [tables.public.id, tables.private.id]);
            assert.deepStrictEqual(dynamodb.inputs.tags, named("CloudNeta-DynamoDB-Gateway-Endpoint"));
        });

        it("locks the bucket to the S3 gateway endpoint: Deny unless aws:SourceVpce is its ID, on the bucket and its objects", () => {
            const bucket = engine.one(aws.s3.Bucket, "endpoints-s3-gateway-bucket");
            const arn = bucket.outputs.arn as string;
            const policy = JSON.parse(engine.one(aws.s3.BucketPolicy).inputs.policy as string);
            assert.deepStrictEqual(policy.Statement[0], {
                Sid: "DenyEverythingOutsideTheEndpoint",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { StringNotEquals: { "aws:SourceVpce": s3.id }, ArnNotEquals: { "aws:PrincipalArn": [CALLER] } },
            });
            assert.deepStrictEqual(policy.Statement[1].Condition, { StringNotEquals: { "aws:SourceVpce": s3.id } });
            assert.deepStrictEqual(bucket.inputs.tags, { ...TAGS, [LOCKED_TO_GATEWAY_ENDPOINT_TAG]: "true", Name: "CloudNeta-Endpoint-Locked-Bucket" });
            assert.strictEqual(bucket.inputs.bucketPrefix, "vpc-labs-endpoints-locked-");
            assert.strictEqual(bucket.inputs.forceDestroy, false);
            assert.strictEqual(bucket.retainOnDelete, true, "keepDataOnDelete is on in the environment");
            assert.strictEqual(bucket.parent, s3.parent, "the policy pack pairs the bucket with the endpoint by parent");
        });

        it("places the CloudFormation interface endpoint in both subnets with private DNS and its own group", () => {
            const endpoint = engine.one(aws.ec2.VpcEndpoint, "endpoints-cloudformation-endpoint-endpoint");
            const group = engine.one(aws.ec2.SecurityGroup, "endpoints-cloudformation-endpoint-sg-sg");
            assert.deepStrictEqual(endpoint.inputs, {
                vpcId: vpc.id,
                vpcEndpointType: "Interface",
                serviceName: "com.amazonaws.ap-northeast-2.cloudformation",
                subnetIds: [subnets.public.id, subnets.private.id],
                securityGroupIds: [group.id],
                privateDnsEnabled: true,
                ipAddressType: "ipv4",
                tags: named("CloudNeta-cloudformation-Endpoint"),
            });
            assert.deepStrictEqual(group.inputs.tags, named("CloudNeta-cloudformation-Endpoint-SG"));
        });

        it("adds the ssm and ssmmessages interface endpoints Session Manager needs on the private instance, in the same subnets", () => {
            const interfaces = engine.ofType(aws.ec2.VpcEndpoint).filter((e) => e.inputs.vpcEndpointType === "Interface");
            assert.deepStrictEqual(
                interfaces.map((e) => [e.inputs.serviceName, e.inputs.subnetIds, e.inputs.privateDnsEnabled]),
                ["cloudformation", "ssm", "ssmmessages"].map((s) => [`com.amazonaws.ap-northeast-2.${s}`, [subnets.public.id, subnets.private.id], true]),
            );
            assert.strictEqual(engine.ofType(aws.ec2transitgateway.InstanceConnectEndpoint).length, 0);
        });

        it("admits tcp 443 from the VPC CIDR only on every interface endpoint group, and opens nothing outbound", () => {
            for (const service of ["cloudformation", "ssm", "ssmmessages"]) {
                assert.deepStrictEqual(rulesOf(engine, `endpoints-${service}-endpoint-sg`, "in"), [["tcp", 443, 443, "10.0.0.0/16"]], service);
                assert.deepStrictEqual(rulesOf(engine, `endpoints-${service}-endpoint-sg`, "out"), [], service);
            }
        });

        it("launches CloudNeta-Public-EC2 with a public IP and CloudNeta-Private-EC2 without, IMDSv2 required, no key pair", () => {
            const profile = engine.one(aws.iam.InstanceProfile);
            const instances = {
                public: engine.one(aws.ec2.Instance, "endpoints-public-ec2-instance"),
                private: engine.one(aws.ec2.Instance, "endpoints-private-ec2-instance"),
            };
            const groups = { public: engine.one(aws.ec2.SecurityGroup, "endpoints-public-sg-sg"), private: engine.one(aws.ec2.SecurityGroup, "endpoints-private-sg-sg") };
            for (const tier of ["public", "private"] as const) {
                const inputs = instances[tier].inputs;
                assert.strictEqual(inputs.subnetId, subnets[tier].id);
                assert.deepStrictEqual(inputs.vpcSecurityGroupIds, [groups[tier].id]);
                assert.strictEqual(inputs.associatePublicIpAddress, tier === "public");
                assert.deepStrictEqual(inputs.metadataOptions, { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 });
                assert.strictEqual(inputs.iamInstanceProfile, profile.outputs.name);
                assert.strictEqual(inputs.instanceType, "t3.micro");
                assert.strictEqual(inputs.keyName, undefined);
                assert.match(inputs.userData as string, /dnf install -y bind-utils/);
                assert.doesNotMatch(inputs.userData as string, /passwd|PasswordAuthentication|PermitRootLogin/);
            }
            assert.deepStrictEqual(instances.public.inputs.tags, named("CloudNeta-Public-EC2"));
            assert.deepStrictEqual(instances.private.inputs.tags, named("CloudNeta-Private-EC2"));
        });

        it("opens CloudNeta-Public-EC2 to ping from the VPC only, and lets it out on HTTPS and ping", () => {
            assert.deepStrictEqual(rulesOf(engine, "endpoints-public-sg", "in"), [["icmp", 8, -1, "10.0.0.0/16"]]);
            assert.deepStrictEqual(rulesOf(engine, "endpoints-public-sg", "out"), [
                ["tcp", 443, 443, "0.0.0.0/0"],
                ["icmp", 8, -1, "0.0.0.0/0"],
            ]);
        });

        it("lets CloudNeta-Private-EC2 out only to the interface endpoints and the gateway prefix lists", () => {
            const s3PrefixList = s3.outputs.prefixListId;
            assert.deepStrictEqual(rulesOf(engine, "endpoints-private-sg", "in"), [["icmp", 8, -1, "10.0.0.0/16"]]);
            assert.deepStrictEqual(rulesOf(engine, "endpoints-private-sg", "out"), [
                ["tcp", 443, 443, "10.0.0.0/16"],
                ["tcp", 443, 443, s3PrefixList],
                ["tcp", 443, 443, dynamodb.outputs.prefixListId],
                ["icmp", 8, -1, s3PrefixList],
                ["icmp", 8, -1, "10.0.0.0/16"],
            ]);
        });

        it("gives the instances Session Manager and the lab bucket, and DynamoDB table listing with its gateway", () => {
            const role = engine.one(aws.iam.Role, "endpoints-instance-role-role");
            assert.deepStrictEqual(role.inputs.tags, named("CloudNeta-EC2RoleforSSM"));
            assert.strictEqual(engine.one(aws.iam.RolePolicyAttachment).inputs.policyArn, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
            const arn = engine.one(aws.s3.Bucket).outputs.arn as string;
            const policy = engine.one(aws.iam.RolePolicy, "endpoints-instance-role-policy");
            assert.strictEqual(policy.inputs.role, role.id);
            assert.deepStrictEqual(JSON.parse(policy.inputs.policy as string), {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "LockedBucketObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${arn}/*` },
                    { Sid: "LockedBucketListing", Effect: "Allow", Action: "s3:ListBucket", Resource: arn },
                    {
                        Sid: "SsmAgentBuckets",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: [
                            "arn:aws:s3:::amazon-ssm-ap-northeast-2/*",
                            "arn:aws:s3:::aws-ssm-ap-northeast-2/*",
                            "arn:aws:s3:::amazon-ssm-packages-ap-northeast-2/*",
                            "arn:aws:s3:::ap-northeast-2-birdwatcher-prod/*",
                            "arn:aws:s3:::aws-ssm-distributor-file-ap-northeast-2/*",
                            "arn:aws:s3:::aws-ssm-document-attachments-ap-northeast-2/*",
                            "arn:aws:s3:::patch-baseline-snapshot-ap-northeast-2/*",
                        ],
                    },
                    { Sid: "ListDynamoDbTables", Effect: "Allow", Action: "dynamodb:ListTables", Resource: "*" },
                ],
            });
        });

        it("parents every child to the lab and names it after the lab", () => {
            const root = engine.one("vpc-labs:labs:EndpointsLab");
            const direct = engine.childrenOf(root.urn).map((r) => r.name);
            assert.deepStrictEqual(direct, [
                "endpoints-network",
                "endpoints-s3-gateway",
                "endpoints-dynamodb-gateway",
                "endpoints-cloudformation-endpoint",
                "endpoints-ssm-endpoint",
                "endpoints-ssmmessages-endpoint",
                "endpoints-instance-role",
                "endpoints-public-sg",
                "endpoints-private-sg",
                "endpoints-public-ec2",
                "endpoints-private-ec2",
                "endpoints-instance-role-policy",
            ]);
            assert.deepStrictEqual(
                engine.resources.filter((r) => r !== root && !r.name.startsWith("endpoints-")).map((r) => r.name),
                [],
            );
        });

        it("exports the IDs a student needs, matching what was built", async () => {
            const outputs = await resolved(pulumi.output(lab.outputs));
            const instance = (key: string) => engine.one(aws.ec2.Instance, `endpoints-${key}-ec2-instance`);
            const cfn = engine.one(aws.ec2.VpcEndpoint, "endpoints-cloudformation-endpoint-endpoint");
            assert.strictEqual(outputs.vpcId, vpc.id);
            assert.deepStrictEqual(outputs.subnetIds, { public: subnets.public.id, private: subnets.private.id });
            assert.deepStrictEqual(outputs.routeTableIds, { public: tables.public.id, private: tables.private.id });
            assert.deepStrictEqual(outputs.gatewayEndpoints, {
                s3: { endpointId: s3.id, prefixListId: s3.outputs.prefixListId },
                dynamodb: { endpointId: dynamodb.id, prefixListId: dynamodb.outputs.prefixListId },
            });
            assert.deepStrictEqual((outputs.interfaceEndpoints as Record<string, unknown>).cloudformation, {
                endpointId: cfn.id,
                dnsNames: (cfn.outputs.dnsEntries as { dnsName: string }[]).map((e) => e.dnsName),
            });
            assert.deepStrictEqual(Object.keys(outputs.interfaceEndpoints as object), ["cloudformation", "ssm", "ssmmessages"]);
            assert.strictEqual(outputs.bucketName, engine.one(aws.s3.Bucket).outputs.bucket);
            assert.deepStrictEqual(outputs.bucketManagers, [CALLER]);
            assert.deepStrictEqual(outputs.publicInstance, {
                instanceId: instance("public").id,
                privateIp: instance("public").outputs.privateIp,
                publicIp: instance("public").outputs.publicIp,
            });
            assert.deepStrictEqual(outputs.privateInstance, { instanceId: instance("private").id, privateIp: "10.0.1.10" });
            assert.strictEqual(outputs.instanceConnectEndpointId, undefined);
            assert.deepStrictEqual(
                (outputs.checks as { id: string }[]).map((s) => s.id),
                [
                    "session-manager-public",
                    "session-manager-private",
                    "gateway-routes",
                    "s3-ping-private",
                    "s3-bucket-private",
                    "s3-bucket-public",
                    "s3-object-outside",
                    "s3-bucket-outside",
                    "interface-dns-cloudformation",
                    "interface-dns-ssm",
                    "interface-dns-ssmmessages",
                    "dynamodb-private",
                ],
            );
        });
    });
});
