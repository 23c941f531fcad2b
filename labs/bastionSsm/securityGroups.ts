import * as pulumi from "@pulumi/pulumi";
import { SecurityGroupRuleSpec } from "../securityGroupRules";

/** ICMP echo request (type 8), every code: what `ping` sends. Replies return as tracked traffic. */
const ECHO_REQUEST = { protocol: "icmp", fromPort: 8, toPort: -1 } as const;

/**
 * IMD-PUB-SG, on PUBLIC-01/02: the metadata page on 80 (443 as in the original) from anywhere,
 * ping from inside the VPC and, when set, from the operator's machine for the statefulness
 * demo. No SSH: public instances are reached with Session Manager.
 *
 * The operator rule comes last so that setting or clearing the operator CIDR never renumbers
 * (and so replaces) the other rules.
 */
export function publicIngress(vpcCidr: pulumi.Input<string>, operatorCidr: string | undefined): SecurityGroupRuleSpec[] {
    return [
        { description: "HTTP from anywhere (metadata page)", protocol: "tcp", fromPort: 80, peer: { cidr: "0.0.0.0/0" } },
        { description: "HTTPS from anywhere", protocol: "tcp", fromPort: 443, peer: { cidr: "0.0.0.0/0" } },
        { description: "ping from the VPC", ...ECHO_REQUEST, peer: { cidr: vpcCidr } },
        ...(operatorCidr === undefined ? [] : [{ description: "ping from the operator (statefulness demo)", ...ECHO_REQUEST, peer: { cidr: operatorCidr } }]),
    ];
}

/**
 * IMD-PRI-SG, on PRIVATE-01/02: web and ping from the VPC only, so the NACL exercise shows the
 * NACL's effect and not the group's; SSH only from the bastion's group, and only when there is
 * a bastion. The SSH rule comes last so the bastion can come and go without renumbering.
 */
export function privateIngress(vpcCidr: pulumi.Input<string>, bastionSecurityGroupId: pulumi.Input<string> | undefined): SecurityGroupRuleSpec[] {
    return [
        { description: "HTTP from the VPC", protocol: "tcp", fromPort: 80, peer: { cidr: vpcCidr } },
        { description: "HTTPS from the VPC", protocol: "tcp", fromPort: 443, peer: { cidr: vpcCidr } },
        { description: "ping from the VPC", ...ECHO_REQUEST, peer: { cidr: vpcCidr } },
        ...(bastionSecurityGroupId === undefined
            ? []
            : [{ description: "SSH from the bastion only", protocol: "tcp" as const, fromPort: 22, peer: { securityGroupId: bastionSecurityGroupId } }]),
    ];
}

/** IMD-BASTION-SG: SSH from the operator's CIDR and nowhere else. */
export function bastionIngress(operatorCidr: string): SecurityGroupRuleSpec[] {
    return [{ description: "SSH from the operator only", protocol: "tcp", fromPort: 22, peer: { cidr: operatorCidr } }];
}

/** IMD-SSM-SG, on the ssm, ssmmessages and ec2messages endpoints: HTTPS from the VPC. */
export function ssmEndpointIngress(vpcCidr: pulumi.Input<string>): SecurityGroupRuleSpec[] {
    return [{ description: "HTTPS from the VPC (Systems Manager agents)", protocol: "tcp", fromPort: 443, peer: { cidr: vpcCidr } }];
}
