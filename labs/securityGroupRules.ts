import * as pulumi from "@pulumi/pulumi";

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

/** All outbound IPv4 traffic: what AWS gives a new group, stated explicitly. */
export const ALLOW_ALL_EGRESS: readonly SecurityGroupRuleSpec[] = [
    { description: "All outbound traffic", protocol: "-1", peer: { cidr: "0.0.0.0/0" } },
];
