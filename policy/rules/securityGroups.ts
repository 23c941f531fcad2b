import * as aws from "@pulumi/aws";
import { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isAnywhere } from "../../lib/cidr";
import { describePorts, IngressPermission, inlineIngress, opensPort, securityGroupRuleIngress, vpcIngressRule } from "../lib/ingress";
import { isUnknown, knowableList } from "../../analysis/stack/knowable";
import { readConfig, validateKnowableResourceOfType, validateStackIndex } from "../lib/ruleKit";
import { StackIndex, StackNode } from "../../analysis/stack/stackIndex";

/** How messages name the ports the originals opened to the world. */
const PORT_NAMES: Readonly<Record<number, string>> = { 22: "SSH", 3389: "RDP" };

const adminPortsSchema: PolicyConfigSchema = {
    properties: {
        ports: {
            type: "array",
            items: { type: "integer", minimum: 0, maximum: 65535 },
            minItems: 1,
            uniqueItems: true,
            default: [22, 3389],
            description: "Ports that must never be open to 0.0.0.0/0 or ::/0.",
        },
    },
};

/** Reports each permission that opens one of the configured ports to the whole internet. */
function checkPermissions(subject: string, permissions: readonly IngressPermission[], args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    const { ports } = readConfig<{ ports: number[] }>(args, adminPortsSchema);
    for (const permission of permissions) {
        const open = ports.filter((port) => opensPort(permission, port) === true);
        const everywhere = permission.cidrs.filter((cidr): cidr is string => typeof cidr === "string" && isAnywhere(cidr));
        for (const cidr of open.length > 0 ? everywhere : []) {
            const named = open.map((port) => (PORT_NAMES[port] ? `${PORT_NAMES[port]} (${port})` : String(port))).join(" or ");
            reportViolation(
                `${subject} must not allow ${named} from ${cidr}; it allows ${describePorts(permission)} from ${cidr}: ` +
                    "allow the port only from an operator CIDR or a security group, or reach instances with Session Manager.",
            );
        }
    }
}

export const securityGroupNoPublicAdminPorts: ResourceValidationPolicy = {
    name: "security-group-no-public-admin-ports",
    description: "Checks that no security group ingress opens SSH (22) or RDP (3389) to 0.0.0.0/0 or ::/0, inline or in rule resources.",
    enforcementLevel: "mandatory",
    configSchema: adminPortsSchema,
    validateResource: [
        validateKnowableResourceOfType(aws.ec2.SecurityGroup, (group, args, reportViolation) =>
            checkPermissions(`Security group "${args.name}"`, inlineIngress(group.ingress), args, reportViolation),
        ),
        validateKnowableResourceOfType(aws.ec2.DefaultSecurityGroup, (group, args, reportViolation) =>
            checkPermissions(`Default security group "${args.name}"`, inlineIngress(group.ingress), args, reportViolation),
        ),
        validateKnowableResourceOfType(aws.ec2.SecurityGroupRule, (rule, args, reportViolation) => {
            const permission = securityGroupRuleIngress(rule as Record<string, unknown>);
            checkPermissions(`Security group rule "${args.name}"`, permission ? [permission] : [], args, reportViolation);
        }),
        validateKnowableResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, args, reportViolation) =>
            checkPermissions(`Security group ingress rule "${args.name}"`, [vpcIngressRule(rule as Record<string, unknown>)], args, reportViolation),
        ),
    ],
};

const RULE_RESOURCES = [aws.ec2.SecurityGroupRule, aws.vpc.SecurityGroupIngressRule, aws.vpc.SecurityGroupEgressRule];

export const defaultSecurityGroupClosed: StackValidationPolicy = {
    name: "default-security-group-closed",
    description: "Checks that every VPC's default security group is adopted with aws.ec2.DefaultSecurityGroup and has no rules.",
    enforcementLevel: "advisory",
    validateStack: validateStackIndex((index, _args, reportViolation) => {
        for (const vpc of index.ofType(aws.ec2.Vpc)) {
            const adopted = index.referrersOf(vpc, [aws.ec2.DefaultSecurityGroup], "vpcId");
            if (adopted.length === 0) {
                reportViolation(
                    `VPC "${vpc.name}" must have its default security group closed; it is not adopted, so it keeps AWS's default rules: ` +
                        "adopt it with aws.ec2.DefaultSecurityGroup and no ingress or egress.",
                    vpc.urn,
                );
                continue;
            }
            // Rule resources on `vpc.defaultSecurityGroupId` open the same group.
            const onVpcDefault = index.referrersOf(vpc, RULE_RESOURCES, "securityGroupId", ["defaultSecurityGroupId"]);
            for (const group of adopted) {
                const count = ruleCount(index, group, onVpcDefault);
                if (count !== undefined && count > 0) {
                    reportViolation(
                        `Default security group "${group.name}" of VPC "${vpc.name}" must have no rules; it has ${count} rule${count === 1 ? "" : "s"}: ` +
                            "remove them, so the group denies all traffic and nothing uses it by accident.",
                        group.urn,
                    );
                }
            }
        }
    }),
};

/** Inline ingress and egress blocks plus rule resources; undefined while the inline lists are unknown. */
function ruleCount(index: StackIndex, group: StackNode, onVpcDefault: readonly StackNode[]): number | undefined {
    const ingress = knowableList(group.props.ingress);
    const egress = knowableList(group.props.egress);
    if (isUnknown(ingress) || isUnknown(egress)) {
        return undefined;
    }
    const standalone = new Set([...index.referrersOf(group, RULE_RESOURCES, "securityGroupId"), ...onVpcDefault]);
    return ingress.length + egress.length + standalone.size;
}
