import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { actionPatternGrants, hasConditionKey, isEveryResource, policyStatements, Statement } from "../../analysis/stack/iamDocuments";
import { isUnknown, knowableList, Unknown } from "../../analysis/stack/knowable";
import { validateStackIndex } from "../lib/ruleKit";
import { soleReferent, StackIndex, StackNode } from "../../analysis/stack/stackIndex";

/** The service principal that publishes flow logs to CloudWatch Logs. */
export const FLOW_LOGS_SERVICE = "vpc-flow-logs.amazonaws.com";

/** A flow log's IAM role, with the flow logs that use it (named in messages). */
interface FlowLogRole {
    readonly role: StackNode;
    readonly subject: string;
}

/** Each role that flow logs use as `iamRoleArn`, once, however many flow logs share it. */
function flowLogRoles(index: StackIndex): FlowLogRole[] {
    const users = new Map<StackNode, string[]>();
    for (const flowLog of index.ofType(aws.ec2.FlowLog)) {
        const role = soleReferent(index.referencedBy(flowLog, "iamRoleArn", [aws.iam.Role], ["arn"]));
        if (role) {
            users.set(role, [...(users.get(role) ?? []), flowLog.name]);
        }
    }
    return [...users].map(([role, flowLogs]) => ({
        role,
        subject: `IAM role "${role.name}" of flow log${flowLogs.length === 1 ? "" : "s"} ${flowLogs.map((name) => `"${name}"`).join(", ")}`,
    }));
}

/** One permission policy that applies to a role, named as a message names it. */
interface PermissionSource {
    readonly label: string;
    readonly statements: Statement[] | Unknown | undefined;
    /** Set for AWS managed policies, whose statements the stack cannot see. */
    readonly awsManagedArn?: string;
}

const AWS_MANAGED_POLICY = /^arn:[^:]+:iam::aws:policy\//;

/**
 * The permission policies of a role. After a deployment the role's own `inlinePolicies` and
 * `managedPolicyArns` outputs also list what RolePolicy and RolePolicyAttachment resources
 * added, so each policy is taken once.
 */
function permissionSources(index: StackIndex, role: StackNode): PermissionSource[] {
    const sources: PermissionSource[] = [];
    const rolePolicies = index.referrersOf(role, [aws.iam.RolePolicy], "role", ["name", "id"]);
    const rolePolicyNames = new Set(rolePolicies.map((rolePolicy) => rolePolicy.props.name));
    const inline = knowableList(role.props.inlinePolicies);
    if (!isUnknown(inline)) {
        for (const policy of inline) {
            const { name, policy: document } = (policy ?? {}) as Record<string, unknown>;
            if (!rolePolicyNames.has(name)) {
                sources.push({ label: `inline policy "${String(name)}"`, statements: policyStatements(document) });
            }
        }
    }
    for (const rolePolicy of rolePolicies) {
        sources.push({ label: `role policy "${rolePolicy.name}"`, statements: policyStatements(rolePolicy.props.policy) });
    }
    const attachedArns = new Set<unknown>();
    for (const attachment of index.referrersOf(role, [aws.iam.RolePolicyAttachment], "role", ["name", "id"])) {
        attachedArns.add(attachment.props.policyArn);
        const policies = index.referencedBy(attachment, "policyArn", [aws.iam.Policy], ["arn", "id"]).nodes;
        sources.push(...attachedPolicySources(policies, [attachment.props.policyArn]));
    }
    const managedPolicyArns = knowableList(role.props.managedPolicyArns);
    if (!isUnknown(managedPolicyArns)) {
        const notYetSeen = managedPolicyArns.filter((arn) => !attachedArns.has(arn));
        const policies = index.resolve(notYetSeen, role.propertyDependencies.managedPolicyArns ?? [], [aws.iam.Policy], ["arn", "id"]).nodes;
        sources.push(...attachedPolicySources(policies, notYetSeen));
    }
    return sources;
}

/** The customer managed policies of the stack that are attached, and the AWS managed ones by ARN. */
function attachedPolicySources(policies: readonly StackNode[], arns: readonly unknown[]): PermissionSource[] {
    const sources: PermissionSource[] = policies.map((policy) => ({ label: `policy "${policy.name}"`, statements: policyStatements(policy.props.policy) }));
    for (const arn of arns) {
        if (typeof arn === "string" && AWS_MANAGED_POLICY.test(arn)) {
            sources.push({ label: `AWS managed policy ${arn}`, statements: undefined, awsManagedArn: arn });
        }
    }
    return sources;
}

export const flowLogRolePermissions: StackValidationPolicy = {
    name: "flow-log-role-permissions",
    description: "Checks that the IAM role of every flow log is scoped: no access to resource *, no logs:CreateLogGroup, no AWS managed policies.",
    enforcementLevel: "mandatory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const { role, subject } of flowLogRoles(index)) {
            for (const source of permissionSources(index, role)) {
                if (source.awsManagedArn !== undefined) {
                    reportViolation(
                        `${subject} must not use AWS managed policy ${source.awsManagedArn}; it is not scoped to the flow log's log group: ` +
                            "replace it with an inline policy on the log group's ARN.",
                        role.urn,
                    );
                }
                if (!Array.isArray(source.statements)) {
                    continue;
                }
                for (const statement of source.statements.filter((s) => s.effect === "Allow")) {
                    const everyResource = statement.resources.find(isEveryResource);
                    if (everyResource !== undefined) {
                        reportViolation(
                            `${subject} must not grant access to every resource; ${source.label} allows "${String(everyResource)}": scope Resource to the flow log's log group ARN.`,
                            role.urn,
                        );
                    }
                    const createLogGroup = statement.actions.find((action) => actionPatternGrants(action, "logs:CreateLogGroup"));
                    if (createLogGroup !== undefined) {
                        reportViolation(
                            `${subject} must not allow logs:CreateLogGroup; ${source.label} allows it through "${String(createLogGroup)}": ` +
                                "create the log group in the program and drop the action.",
                            role.urn,
                        );
                    }
                }
            }
        }
    }),
};

export const flowLogRoleTrust: StackValidationPolicy = {
    name: "flow-log-role-trust",
    description: `Checks that the IAM role of every flow log trusts only ${FLOW_LOGS_SERVICE}, with an aws:SourceAccount condition.`,
    enforcementLevel: "mandatory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const { role, subject } of flowLogRoles(index)) {
            const statements = policyStatements(role.props.assumeRolePolicy);
            if (statements === undefined || isUnknown(statements)) {
                continue;
            }
            statements.forEach((statement, i) => {
                if (statement.effect !== "Allow") {
                    return;
                }
                for (const principal of statement.principals) {
                    if (typeof principal.value === "string" && !(principal.kind === "Service" && principal.value === FLOW_LOGS_SERVICE)) {
                        reportViolation(
                            `${subject} must trust only ${FLOW_LOGS_SERVICE}; its trust policy also trusts ${principal.kind === "*" ? "*" : `${principal.kind} ${principal.value}`}: remove that principal.`,
                            role.urn,
                        );
                    }
                }
                if (!hasConditionKey(statement, "aws:SourceAccount")) {
                    reportViolation(
                        `${subject} must limit its trust with an aws:SourceAccount condition; trust statement ${i + 1} has none: ` +
                            "add Condition StringEquals aws:SourceAccount = the account ID, so no other account's flow logs can use the role.",
                        role.urn,
                    );
                }
            });
        }
    }),
};
