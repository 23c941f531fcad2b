import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { flowLogRolePermissions, flowLogRoleTrust } from "../../policy/rules/flowLogRole";
import { messagesOf, record, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const ROLE_ARN = "arn:aws:iam::123456789012:role/flow-logs";
const GROUP_ARN = "arn:aws:logs:ap-northeast-2:123456789012:log-group:/vpc-labs/flow-logs";

const SCOPED_TRUST = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-northeast-2:123456789012:vpc-flow-log/*" } },
        },
    ],
};
const SCOPED_PERMISSIONS = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [GROUP_ARN, `${GROUP_ARN}:*`] }],
};
/** The policy the original workshop attached to flowlogsRole. */
const WORKSHOP_PERMISSIONS = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
            Resource: "*",
        },
    ],
};

function role(props: Record<string, unknown>) {
    return record(aws.iam.Role, "flow-logs", { name: "flow-logs", arn: ROLE_ARN, assumeRolePolicy: JSON.stringify(SCOPED_TRUST), ...props }, { id: "flow-logs" });
}

function flowLog(name: string, roleRecord = role({})) {
    return record(aws.ec2.FlowLog, name, { vpcId: "vpc-1", trafficType: "ALL", logDestination: GROUP_ARN, iamRoleArn: ROLE_ARN }, { deps: { iamRoleArn: [roleRecord] } });
}

describe("flow-log-role-permissions", () => {
    it("accepts a role scoped to its log group, inline or in a role policy", async () => {
        const inline = role({ inlinePolicies: [{ name: "publish", policy: JSON.stringify(SCOPED_PERMISSIONS) }] });
        assert.deepStrictEqual(await messagesOf(flowLogRolePermissions, [inline, flowLog("vpc-flow-log", inline)]), []);
        const bare = role({});
        const rolePolicy = record(aws.iam.RolePolicy, "flow-logs-publish", { role: "flow-logs", policy: SCOPED_PERMISSIONS });
        assert.deepStrictEqual(await messagesOf(flowLogRolePermissions, [bare, rolePolicy, flowLog("vpc-flow-log", bare)]), []);
    });

    it("flags the workshop's policy: every resource, and logs:CreateLogGroup", async () => {
        const bare = role({});
        const rolePolicy = record(aws.iam.RolePolicy, "flowlogs-policy", { role: UNKNOWN_VALUE, policy: JSON.stringify(WORKSHOP_PERMISSIONS) }, { deps: { role: [bare] } });
        const violations = await violationsOf(flowLogRolePermissions, [bare, rolePolicy, flowLog("vpc-flow-log", bare)]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [bare.urn, 'IAM role "flow-logs" of flow log "vpc-flow-log" must not grant access to every resource; role policy "flowlogs-policy" allows "*": scope Resource to the flow log\'s log group ARN.'],
                [
                    bare.urn,
                    'IAM role "flow-logs" of flow log "vpc-flow-log" must not allow logs:CreateLogGroup; role policy "flowlogs-policy" allows it through "logs:CreateLogGroup": create the log group in the program and drop the action.',
                ],
            ],
        );
    });

    it("flags wildcard actions and service-wide ARNs in customer managed policies, and AWS managed policies, once per role", async () => {
        const bare = role({ managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"] });
        const policy = record(
            aws.iam.Policy,
            "broad",
            { arn: "arn:aws:iam::123456789012:policy/broad", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "arn:aws:logs:*:*:*" }] }) },
            { id: "arn:aws:iam::123456789012:policy/broad" },
        );
        const attachment = record(aws.iam.RolePolicyAttachment, "broad-attachment", { role: "flow-logs", policyArn: "arn:aws:iam::123456789012:policy/broad" });
        const managed = record(aws.iam.RolePolicyAttachment, "managed-attachment", { role: "flow-logs", policyArn: "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess" });
        assert.deepStrictEqual(await messagesOf(flowLogRolePermissions, [bare, policy, attachment, managed, flowLog("a", bare), flowLog("b", bare)]), [
            'IAM role "flow-logs" of flow logs "a", "b" must not grant access to every resource; policy "broad" allows "arn:aws:logs:*:*:*": scope Resource to the flow log\'s log group ARN.',
            'IAM role "flow-logs" of flow logs "a", "b" must not allow logs:CreateLogGroup; policy "broad" allows it through "logs:*": create the log group in the program and drop the action.',
            'IAM role "flow-logs" of flow logs "a", "b" must not use AWS managed policy arn:aws:iam::aws:policy/CloudWatchLogsFullAccess; it is not scoped to the flow log\'s log group: replace it with an inline policy on the log group\'s ARN.',
        ]);
    });

    it("ignores roles that no flow log uses", async () => {
        const other = record(aws.iam.Role, "ssm", { name: "ssm", arn: "arn:aws:iam::123456789012:role/ssm", managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"] });
        assert.deepStrictEqual(await messagesOf(flowLogRolePermissions, [other, role({}), flowLog("vpc-flow-log")]), []);
    });
});

describe("flow-log-role-trust", () => {
    it("accepts trust in vpc-flow-logs.amazonaws.com conditioned on the account, as JSON text or object", async () => {
        assert.deepStrictEqual(await messagesOf(flowLogRoleTrust, [role({}), flowLog("vpc-flow-log")]), []);
        const asObject = role({ assumeRolePolicy: SCOPED_TRUST });
        assert.deepStrictEqual(await messagesOf(flowLogRoleTrust, [asObject, flowLog("vpc-flow-log", asObject)]), []);
    });

    it("flags other principals and a trust without aws:SourceAccount", async () => {
        const loose = role({
            assumeRolePolicy: JSON.stringify({
                Statement: [{ Effect: "Allow", Principal: { Service: ["vpc-flow-logs.amazonaws.com", "ec2.amazonaws.com"], AWS: "*" }, Action: "sts:AssumeRole" }],
            }),
        });
        const violations = await violationsOf(flowLogRoleTrust, [loose, flowLog("vpc-flow-log", loose)]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                ["mandatory", loose.urn, 'IAM role "flow-logs" of flow log "vpc-flow-log" must trust only vpc-flow-logs.amazonaws.com; its trust policy also trusts Service ec2.amazonaws.com: remove that principal.'],
                ["mandatory", loose.urn, 'IAM role "flow-logs" of flow log "vpc-flow-log" must trust only vpc-flow-logs.amazonaws.com; its trust policy also trusts AWS *: remove that principal.'],
                [
                    "mandatory",
                    loose.urn,
                    'IAM role "flow-logs" of flow log "vpc-flow-log" must limit its trust with an aws:SourceAccount condition; trust statement 1 has none: add Condition StringEquals aws:SourceAccount = the account ID, so no other account\'s flow logs can use the role.',
                ],
            ],
        );
    });

    it("gives no verdict while the trust policy is unknown", async () => {
        const preview = role({ assumeRolePolicy: UNKNOWN_VALUE });
        assert.deepStrictEqual(await messagesOf(flowLogRoleTrust, [preview, flowLog("vpc-flow-log", preview)]), []);
    });
});
