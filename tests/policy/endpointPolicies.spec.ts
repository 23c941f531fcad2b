import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { endpointPolicyNotFullAccess } from "../../policy/rules/endpointPolicies";
import { messagesOf, record, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const FULL_ACCESS = { Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };
const SCOPED = {
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::lab-bucket/*"] },
        { Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } } },
    ],
};

function endpoint(props: Record<string, unknown>) {
    return record(aws.ec2.VpcEndpoint, "s3", { vpcId: "vpc-1", serviceName: "com.amazonaws.ap-northeast-2.s3", vpcEndpointType: "Gateway", ...props });
}

const MISSING =
    'VPC endpoint "s3" must have a scoped endpoint policy; it has none, so AWS applies the full-access default: set policy to allow only the principals, actions and resources the lab needs.';

describe("endpoint-policy-not-full-access", () => {
    it("accepts scoped policies, given as JSON text or as an object", async () => {
        assert.deepStrictEqual(await messagesOf(endpointPolicyNotFullAccess, [endpoint({ policy: JSON.stringify(SCOPED) })]), []);
        assert.deepStrictEqual(await messagesOf(endpointPolicyNotFullAccess, [endpoint({ policy: SCOPED })]), []);
    });

    it("flags a full-access statement, as advisory", async () => {
        const full = endpoint({ policy: JSON.stringify({ Statement: [SCOPED.Statement[0], { ...FULL_ACCESS.Statement[0], Principal: { AWS: ["*"] } }] }) });
        const violations = await violationsOf(endpointPolicyNotFullAccess, [full]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.message]),
            [
                [
                    "advisory",
                    'VPC endpoint "s3" must not have a full-access endpoint policy; statement 2 allows every action on every resource to every principal: narrow its principal, actions or resources, or add a condition.',
                ],
            ],
        );
    });

    it("flags a gateway endpoint with no policy, since AWS then applies full access", async () => {
        assert.deepStrictEqual(await messagesOf(endpointPolicyNotFullAccess, [endpoint({})]), [MISSING]);
        assert.deepStrictEqual(await messagesOf(endpointPolicyNotFullAccess, [endpoint({ vpcEndpointType: undefined })]), [MISSING]);
    });

    it("leaves interface endpoints without a policy alone unless configured, and endpoint-service consumers always", async () => {
        const cfn = { vpcEndpointType: "Interface", serviceName: "com.amazonaws.ap-northeast-2.cloudformation" };
        const consumer = { vpcEndpointType: "Interface", serviceName: "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123456789abcdef0" };
        assert.deepStrictEqual(await messagesOf(endpointPolicyNotFullAccess, [endpoint(cfn), endpoint(consumer)]), []);
        const config = { "endpoint-policy-not-full-access": { endpointTypesRequiringPolicy: ["Gateway", "Interface"] } };
        assert.deepStrictEqual(await messagesOf(endpointPolicyNotFullAccess, [endpoint(cfn), endpoint(consumer)], config), [MISSING]);
    });

    it("gives no verdict while the policy text is unknown", async () => {
        assert.deepStrictEqual(await messagesOf(endpointPolicyNotFullAccess, [endpoint({ policy: UNKNOWN_VALUE })]), []);
    });
});
