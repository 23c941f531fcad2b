import * as pulumi from "@pulumi/pulumi";

/** One entry of a network ACL, in the shape of `aws.ec2.NetworkAclRule`'s arguments. */
export interface NaclRuleSpec {
    readonly ruleNumber: number;
    readonly egress: boolean;
    /** `-1`: every protocol and port. */
    readonly protocol: "-1";
    readonly ruleAction: "allow" | "deny";
    readonly cidrBlock: pulumi.Input<string>;
}

/**
 * IMD-PRIVATE-NACL exactly as the original: inbound rule 10 allows everything from
 * IMD-PUBLIC-A, outbound rule 10 allows everything anywhere. Every NACL ends in the implicit
 * rule `*` that denies the rest, so inbound from any other source is dropped, replies included:
 * a NACL is stateless.
 */
export function privateNaclRules(publicACidr: pulumi.Input<string>): NaclRuleSpec[] {
    return [
        { ruleNumber: 10, egress: false, protocol: "-1", ruleAction: "allow", cidrBlock: publicACidr },
        { ruleNumber: 10, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
    ];
}
