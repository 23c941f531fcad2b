import * as assert from "assert";
import { endpointsStageChecks, EndpointsStageFacts } from "../../components/labs/endpointsLab/stageChecks";
import { endpointServiceStageChecks } from "../../components/labs/endpointServiceLab/stageChecks";

const FACTS: EndpointsStageFacts = {
    region: "ap-northeast-2",
    bucketName: "vpc-labs-endpoints-locked-0001",
    bucketManagers: ["arn:aws:iam::123456789012:role/Admin"],
    publicInstanceId: "i-0aaaaaaaaaaaaaaa1",
    privateInstanceId: "i-0bbbbbbbbbbbbbbb2",
    privateInstanceAccess: "session-manager",
    routeTables: [
        { tier: "public", id: "rtb-0aaaaaaaaaaaaaaa1" },
        { tier: "private", id: "rtb-0bbbbbbbbbbbbbbb2" },
    ],
    gatewayTiers: ["public", "private"],
    gatewayEndpoints: [{ service: "s3", endpointId: "vpce-0ccccccccccccccc3", prefixListId: "pl-78a54011" }],
    interfaceEndpoints: [],
    interfaceSubnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
    vpcId: "vpc-0ddddddddddddddd4",
    dnsHostnames: true,
    subnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
    configuredInterfaceServices: ["cloudformation"],
};

const verdicts = (checks: ReturnType<typeof endpointsStageChecks>) => checks.filter((c) => c.probe).map((c) => `${c.id} ${c.probe!.from} -> ${c.probe!.to} ${c.probe!.expectReachable}`);

describe("stage checks", () => {
    it("endpoints network: S3 from the public instance over the IGW, not from the private one; no prefix-list routes yet", () => {
        const checks = endpointsStageChecks("network", FACTS);
        assert.deepStrictEqual(verdicts(checks), [
            "network-s3-ping-public CloudNeta-Public-EC2 -> s3.ap-northeast-2.amazonaws.com true",
            "network-s3-ping-private CloudNeta-Private-EC2 -> s3.ap-northeast-2.amazonaws.com false",
        ]);
        assert.strictEqual(
            checks.find((c) => c.id === "network-no-gateway-routes")!.command,
            'aws ec2 describe-route-tables --region ap-northeast-2 --route-table-ids rtb-0aaaaaaaaaaaaaaa1 rtb-0bbbbbbbbbbbbbbb2 --query "RouteTables[].Routes[?DestinationPrefixListId].[DestinationPrefixListId,GatewayId][]" --output text',
        );
        assert.match(checks.find((c) => c.id === "network-dns-hostnames")!.expected, /^true: on already/);
        assert.match(endpointsStageChecks("network", { ...FACTS, dnsHostnames: false, privateInstanceAccess: "instance-connect" }).find((c) => c.id === "network-dns-hostnames")!.expected, /^false: off, as lab09-1's template/);
    });

    it("endpoints gateway: the private instance reaches S3 only when the gateway endpoints are on the private route table", () => {
        assert.deepStrictEqual(verdicts(endpointsStageChecks("gateway", FACTS)), [
            "gateway-s3-ping-private CloudNeta-Private-EC2 -> s3.ap-northeast-2.amazonaws.com true",
            "gateway-s3-bucket-private CloudNeta-Private-EC2 -> s3://vpc-labs-endpoints-locked-0001 true",
            "gateway-s3-object-outside internet -> s3://vpc-labs-endpoints-locked-0001 false",
            "gateway-https-private-before-interface CloudNeta-Private-EC2 -> cloudformation.ap-northeast-2.amazonaws.com false",
        ]);
        const publicOnly = endpointsStageChecks("gateway", { ...FACTS, gatewayTiers: ["public"] });
        assert.deepStrictEqual(verdicts(publicOnly).slice(0, 2), [
            "gateway-s3-ping-private CloudNeta-Private-EC2 -> s3.ap-northeast-2.amazonaws.com false",
            "gateway-s3-bucket-private CloudNeta-Private-EC2 -> s3://vpc-labs-endpoints-locked-0001 false",
        ]);
        assert.match(publicOnly[2].expected, /^100% packet loss, as at the network stage/);
        assert.strictEqual(endpointsStageChecks("gateway", FACTS)[0].expected, "new since the network stage: 2 lines, one per route table and gateway endpoint, the prefix list -> the endpoint\npl-78a54011\tvpce-0ccccccccccccccc3\npl-78a54011\tvpce-0ccccccccccccccc3");
    });

    it("endpoint-service: the NLB unreachable from My-EC2 before the service, the endpoint silent while pending", () => {
        const provider = endpointServiceStageChecks("provider", {
            region: "ap-northeast-2",
            clientName: "My-EC2",
            clientInstanceId: "i-0eeeeeeeeeeeeeee5",
            loadBalancerName: "Custom-NLB",
            loadBalancerDnsName: "internal-nlb.elb.ap-northeast-2.amazonaws.com",
            targetGroupArn: "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/tg/1",
        });
        assert.deepStrictEqual(provider.map((c) => c.id), ["provider-targets-healthy", "provider-session-client", "provider-nlb-unreachable"]);
        assert.deepStrictEqual(provider[2].probe, { from: "My-EC2", to: "Custom-NLB", protocol: "tcp", port: 80, expectReachable: false });
        const service = endpointServiceStageChecks("service", {
            region: "ap-northeast-2",
            clientName: "My-EC2",
            clientInstanceId: "i-0eeeeeeeeeeeeeee5",
            serviceId: "vpce-svc-0fffffffffffffff6",
            endpointId: "vpce-0777777777777777",
            endpointDnsName: "vpce-0777777777777777-abcd.vpce-svc-0fffffffffffffff6.ap-northeast-2.vpce.amazonaws.com",
            endpointSubnetCidrs: ["10.0.0.0/24"],
            loadBalancerName: "Custom-NLB",
            endpointName: "My-EPS-Endpoint",
            loadBalancerDnsName: "internal-nlb.elb.ap-northeast-2.amazonaws.com",
            autoAccept: false,
        });
        assert.match(service[0].expected, /^pendingAcceptance: .*at the accepted stage you accept it with the accept command\)$/);
        assert.strictEqual(service[3].probe!.expectReachable, false);
    });
});
