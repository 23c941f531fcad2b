import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags, mergeTags } from "../lib/tags";

/** Where a rule's traffic comes from (ingress) or goes to (egress): exactly one kind. */
export type RulePeer =
    | { readonly cidr: pulumi.Input<string> }
    | { readonly ipv6Cidr: pulumi.Input<string> }
    | { readonly securityGroupId: pulumi.Input<string> }
    | { readonly prefixListId: pulumi.Input<string> };

export interface SecurityGroupRuleSpec {
    /** Why the rule exists; shown in the console next to the rule. */
    readonly description: string;
    /** `tcp`, `udp`, `icmp`, or `-1` for all traffic. */
    readonly protocol: "tcp" | "udp" | "icmp" | "-1";
    /** First port (ICMP: the type, e.g. 8 for echo request). Omitted for protocol -1. */
    readonly fromPort?: number;
    /** Last port (ICMP: the code, -1 for all codes). @default fromPort */
    readonly toPort?: number;
    readonly peer: RulePeer;
}

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

/** All outbound IPv4 traffic: what AWS gives a new group, stated explicitly. */
export const ALLOW_ALL_EGRESS: readonly SecurityGroupRuleSpec[] = [
    { description: "All outbound traffic", protocol: "-1", peer: { cidr: "0.0.0.0/0" } },
];

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
