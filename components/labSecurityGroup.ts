import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags, mergeTags } from "../lib/tags";
import { ALLOW_ALL_EGRESS, SecurityGroupRuleSpec } from "../labs/securityGroupRules";

// The rule shapes are lab facts (the quota demand counts them too); re-exported under their old home.
export { ALLOW_ALL_EGRESS } from "../labs/securityGroupRules";
export type { RulePeer, SecurityGroupRuleSpec } from "../labs/securityGroupRules";

export interface LabSecurityGroupArgs {
    readonly vpcId: pulumi.Input<string>;
    /** The AWS Name tag, e.g. `IMD-PRI-SG`. */
    readonly nameTag: string;
    /** What the group is for (immutable in AWS: changing it replaces the group). */
    readonly description: string;
    readonly ingress: readonly SecurityGroupRuleSpec[];
    /** @default all traffic to 0.0.0.0/0, as AWS creates for a new group */
    readonly egress?: readonly SecurityGroupRuleSpec[];
    /** @default {} */
    readonly tags?: Tags;
}

/**
 * A security group whose rules are standalone `aws.vpc.SecurityGroupIngressRule` /
 * `SecurityGroupEgressRule` resources (the provider's recommended form: each rule has its own
 * ID, description and tags, and editing one never rewrites the others).
 */
export class LabSecurityGroup extends pulumi.ComponentResource {
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly id: pulumi.Output<string>;
    readonly ingressRules: aws.vpc.SecurityGroupIngressRule[];
    readonly egressRules: aws.vpc.SecurityGroupEgressRule[];

    constructor(name: string, args: LabSecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("vpc-labs:network:LabSecurityGroup", name, {}, opts);
        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: args.vpcId, description: args.description, tags: mergeTags(undefined, args.tags, args.nameTag) },
            { parent: this },
        );
        this.id = this.securityGroup.id;
        const ruleArgs = (rule: SecurityGroupRuleSpec) => ({
            securityGroupId: this.securityGroup.id,
            description: rule.description,
            ipProtocol: rule.protocol,
            fromPort: rule.protocol === "-1" ? undefined : rule.fromPort,
            toPort: rule.protocol === "-1" ? undefined : (rule.toPort ?? rule.fromPort),
            cidrIpv4: "cidr" in rule.peer ? rule.peer.cidr : undefined,
            cidrIpv6: "ipv6Cidr" in rule.peer ? rule.peer.ipv6Cidr : undefined,
            referencedSecurityGroupId: "securityGroupId" in rule.peer ? rule.peer.securityGroupId : undefined,
            prefixListId: "prefixListId" in rule.peer ? rule.peer.prefixListId : undefined,
            tags: mergeTags(undefined, args.tags, `${args.nameTag}: ${rule.description}`),
        });
        this.ingressRules = args.ingress.map(
            (rule, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-in-${i + 1}`, ruleArgs(rule), { parent: this }),
        );
        this.egressRules = (args.egress ?? ALLOW_ALL_EGRESS).map(
            (rule, i) => new aws.vpc.SecurityGroupEgressRule(`${name}-out-${i + 1}`, ruleArgs(rule), { parent: this }),
        );
        this.registerOutputs({ securityGroupId: this.id });
    }
}
