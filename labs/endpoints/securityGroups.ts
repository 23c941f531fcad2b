import * as pulumi from "@pulumi/pulumi";
import { PrivateInstanceAccess } from "../../config/stackConfig";
import { GatewayService } from "../../lib/services";
import { SecurityGroupRuleSpec } from "../securityGroupRules";

/** ICMP echo request (type 8), any code: what `ping` sends. Replies return through the stateful group. */
const ECHO_REQUEST = { protocol: "icmp", fromPort: 8, toPort: -1 } as const;

/** The rules of one security group. */
export interface GroupRules {
    readonly ingress: readonly SecurityGroupRuleSpec[];
    readonly egress: readonly SecurityGroupRuleSpec[];
}

/**
 * CloudNeta-Public-EC2: nothing from the internet (Session Manager needs no inbound port, and
 * the original's 22 and 80 from anywhere served SSH and nothing else); ping from inside the
 * VPC. Out: HTTPS anywhere (Session Manager and AWS APIs over the internet gateway, dnf) and
 * ping anywhere (`ping s3.<region>.amazonaws.com`, and the private instance).
 */
export function publicInstanceRules(vpcCidr: pulumi.Input<string>): GroupRules {
    return {
        ingress: [{ description: "ping from inside the VPC", ...ECHO_REQUEST, peer: { cidr: vpcCidr } }],
        egress: [
            { description: "HTTPS to Session Manager and AWS APIs", protocol: "tcp", fromPort: 443, peer: { cidr: "0.0.0.0/0" } },
            { description: "ping anywhere", ...ECHO_REQUEST, peer: { cidr: "0.0.0.0/0" } },
        ],
    };
}

/** A gateway endpoint's prefix list, as the private instance's egress rules see it. */
export interface GatewayPrefixList {
    readonly service: GatewayService;
    readonly prefixListId: pulumi.Input<string>;
}

/**
 * CloudNeta-Private-EC2: ping from inside the VPC, and SSH only from the EC2 Instance Connect
 * Endpoint's group when that is how it is reached. Out, only what exists without an internet
 * route: HTTPS to the interface endpoints (VPC CIDR), HTTPS to each gateway endpoint's prefix
 * list (S3 for the bucket and dnf, DynamoDB), ping to S3 (the book's check) and inside the VPC.
 * DNS to the VPC resolver needs no rule: security groups do not filter it.
 */
export function privateInstanceRules(
    vpcCidr: pulumi.Input<string>,
    gateways: readonly GatewayPrefixList[],
    access: PrivateInstanceAccess,
    instanceConnectSecurityGroupId?: pulumi.Input<string>,
): GroupRules {
    const ssh: SecurityGroupRuleSpec[] =
        access === "instance-connect" && instanceConnectSecurityGroupId !== undefined
            ? [{ description: "SSH from the EC2 Instance Connect Endpoint only", protocol: "tcp", fromPort: 22, peer: { securityGroupId: instanceConnectSecurityGroupId } }]
            : [];
    const s3 = gateways.find((g) => g.service === "s3");
    return {
        ingress: [{ description: "ping from inside the VPC", ...ECHO_REQUEST, peer: { cidr: vpcCidr } }, ...ssh],
        egress: [
            { description: "HTTPS to the interface endpoints", protocol: "tcp", fromPort: 443, peer: { cidr: vpcCidr } },
            ...gateways.map(
                (g): SecurityGroupRuleSpec => ({ description: `HTTPS to ${g.service} through its gateway endpoint`, protocol: "tcp", fromPort: 443, peer: { prefixListId: g.prefixListId } }),
            ),
            ...(s3 ? [{ description: "ping s3 through its gateway endpoint", ...ECHO_REQUEST, peer: { prefixListId: s3.prefixListId } }] : []),
            { description: "ping inside the VPC", ...ECHO_REQUEST, peer: { cidr: vpcCidr } },
        ],
    };
}

/**
 * The EC2 Instance Connect Endpoint: it only opens SSH connections into the VPC (it never
 * accepts any from it), and keeps the client address private (`preserveClientIp: false`) so
 * instances admit it by group.
 */
export function instanceConnectRules(vpcCidr: pulumi.Input<string>): GroupRules {
    return {
        ingress: [],
        egress: [{ description: "SSH to instances in the VPC", protocol: "tcp", fromPort: 22, peer: { cidr: vpcCidr } }],
    };
}
