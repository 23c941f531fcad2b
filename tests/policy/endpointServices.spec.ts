import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { endpointServiceAcceptanceRequired, endpointServiceLoadBalancer, endpointServiceNoPublicPrincipal } from "../../policy/rules/endpointServices";
import { messagesOf, record, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const LB_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/web/0123456789abcdef";

function service(props: Record<string, unknown>, deps = {}) {
    return record(aws.ec2.VpcEndpointService, "web-eps", { acceptanceRequired: true, networkLoadBalancerArns: [LB_ARN], ...props }, { id: "vpce-svc-1", deps });
}

describe("endpoint-service-acceptance-required", () => {
    it("accepts a service that requires acceptance, and gives no verdict while unknown", async () => {
        assert.deepStrictEqual(await messagesOf(endpointServiceAcceptanceRequired, [service({})]), []);
        assert.deepStrictEqual(await messagesOf(endpointServiceAcceptanceRequired, [service({ acceptanceRequired: UNKNOWN_VALUE })]), []);
    });

    it("flags a service that accepts every connection", async () => {
        const open = service({ acceptanceRequired: false });
        const violations = await violationsOf(endpointServiceAcceptanceRequired, [open]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                [
                    "mandatory",
                    open.urn,
                    'Endpoint service "web-eps" must require acceptance; acceptanceRequired is false, so any allowed principal connects unreviewed: set acceptanceRequired: true.',
                ],
            ],
        );
    });
});

describe("endpoint-service-no-public-principal", () => {
    it("accepts named principals, on the service and as principal resources", async () => {
        const named = service({ allowedPrincipals: ["arn:aws:iam::123456789012:root"] });
        const principal = record(aws.ec2.VpcEndpointServiceAllowedPrinciple, "consumer", { vpcEndpointServiceId: "vpce-svc-1", principalArn: "arn:aws:iam::210987654321:root" });
        assert.deepStrictEqual(await messagesOf(endpointServiceNoPublicPrincipal, [named, principal]), []);
    });

    it("flags * and any-account ARNs, on the service and as principal resources", async () => {
        const star = service({ allowedPrincipals: ["arn:aws:iam::123456789012:root", "*"] });
        const anyAccount = record(aws.ec2.VpcEndpointServiceAllowedPrinciple, "everyone", { vpcEndpointServiceId: "vpce-svc-1", principalArn: "arn:aws:iam::*:root" });
        assert.deepStrictEqual(await messagesOf(endpointServiceNoPublicPrincipal, [star, anyAccount]), [
            'Endpoint service "web-eps" must not allow principal "*"; allowedPrincipals contains "*": list the account or role ARNs that may connect instead.',
            'Endpoint service principal "everyone" must not allow principal "*"; its principalArn is "arn:aws:iam::*:root": list the account or role ARNs that may connect instead.',
        ]);
    });
});

describe("endpoint-service-load-balancer-internal-multi-az", () => {
    const subnetA = record(aws.ec2.Subnet, "private-a", { availabilityZone: "ap-northeast-2a" }, { id: "subnet-a" });
    const subnetC = record(aws.ec2.Subnet, "private-c", { availabilityZone: "ap-northeast-2c" }, { id: "subnet-c" });

    function loadBalancer(props: Record<string, unknown>) {
        return record(aws.lb.LoadBalancer, "web-nlb", { loadBalancerType: "network", arn: LB_ARN, ...props }, { id: LB_ARN });
    }

    it("accepts an internal load balancer in two zones, by subnets or subnet mappings", async () => {
        const bySubnets = loadBalancer({ internal: true, subnets: ["subnet-a", "subnet-c"] });
        assert.deepStrictEqual(await messagesOf(endpointServiceLoadBalancer, [subnetA, subnetC, bySubnets, service({})]), []);
        const byMappings = loadBalancer({ internal: true, subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-c" }] });
        assert.deepStrictEqual(await messagesOf(endpointServiceLoadBalancer, [subnetA, subnetC, byMappings, service({})]), []);
    });

    it("flags an internet-facing load balancer in one zone, found by dependency during preview", async () => {
        const original = loadBalancer({ internal: false, subnets: ["subnet-a"] });
        const preview = service({ networkLoadBalancerArns: [UNKNOWN_VALUE] }, { networkLoadBalancerArns: [original] });
        const violations = await violationsOf(endpointServiceLoadBalancer, [subnetA, subnetC, original, preview]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [
                    original.urn,
                    'Load balancer "web-nlb" behind endpoint service "web-eps" must be internal; it is internet-facing: set internal: true and reach it only through the endpoint service.',
                ],
                [
                    original.urn,
                    'Load balancer "web-nlb" behind endpoint service "web-eps" must span at least 2 Availability Zones; it spans 1 zone (ap-northeast-2a): add a subnet in another zone.',
                ],
            ],
        );
    });

    it("treats a load balancer without `internal` as internet-facing, the AWS default", async () => {
        const defaulted = loadBalancer({ subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-c" }] });
        assert.deepStrictEqual(await messagesOf(endpointServiceLoadBalancer, [subnetA, subnetC, defaulted, service({})]), [
            'Load balancer "web-nlb" behind endpoint service "web-eps" must be internal; it is internet-facing: set internal: true and reach it only through the endpoint service.',
        ]);
    });

    it("leaves load balancers that no endpoint service uses alone", async () => {
        assert.deepStrictEqual(await messagesOf(endpointServiceLoadBalancer, [subnetA, loadBalancer({ internal: false, subnets: ["subnet-a"] })]), []);
    });
});
