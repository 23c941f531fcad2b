import * as aws from "@pulumi/aws";
import { isUnknown, knowableList, Unknown, UNKNOWN } from "../../analysis/stack/knowable";
import { StackIndex, StackNode } from "../../analysis/stack/stackIndex";

/**
 * One ingress permission, whichever of the three ways the program wrote it: inline on
 * `aws.ec2.SecurityGroup`, an `aws.ec2.SecurityGroupRule` of type ingress, or an
 * `aws.vpc.SecurityGroupIngressRule`.
 */
export interface IngressPermission {
    readonly protocol: unknown;
    readonly fromPort: unknown;
    readonly toPort: unknown;
    /** IPv4 and IPv6 CIDR sources; unknown entries are {@link UNKNOWN}. */
    readonly cidrs: readonly unknown[];
    /** Whether any source is another security group, the group itself or a prefix list. */
    readonly hasNonCidrSource: boolean;
}

/** The permissions of `ingress` on an `aws.ec2.SecurityGroup` (or `DefaultSecurityGroup`). */
export function inlineIngress(ingress: unknown): IngressPermission[] {
    const blocks = knowableList(ingress);
    if (isUnknown(blocks)) {
        return [];
    }
    return blocks.filter(isRecord).map((block) => ({
        protocol: block.protocol,
        fromPort: block.fromPort,
        toPort: block.toPort,
        cidrs: [...listOrEmpty(block.cidrBlocks), ...listOrEmpty(block.ipv6CidrBlocks)],
        hasNonCidrSource: block.self === true || listOrEmpty(block.securityGroups).length > 0 || listOrEmpty(block.prefixListIds).length > 0,
    }));
}

/** The permission of an `aws.ec2.SecurityGroupRule`; undefined for egress rules. */
export function securityGroupRuleIngress(rule: Record<string, unknown>): IngressPermission | undefined {
    if (rule.type !== "ingress") {
        return undefined;
    }
    return {
        protocol: rule.protocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        cidrs: [...listOrEmpty(rule.cidrBlocks), ...listOrEmpty(rule.ipv6CidrBlocks)],
        hasNonCidrSource: rule.self === true || rule.sourceSecurityGroupId !== undefined || listOrEmpty(rule.prefixListIds).length > 0,
    };
}

/** The permission of an `aws.vpc.SecurityGroupIngressRule`. */
export function vpcIngressRule(rule: Record<string, unknown>): IngressPermission {
    return {
        protocol: rule.ipProtocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        cidrs: [rule.cidrIpv4, rule.cidrIpv6].filter((cidr) => cidr !== undefined && cidr !== null),
        hasNonCidrSource: rule.referencedSecurityGroupId !== undefined || rule.prefixListId !== undefined,
    };
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORT_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);

/**
 * Whether the permission opens `port`: protocol -1/all opens every port; tcp/udp open
 * fromPort..toPort; other protocols (icmp...) have no ports.
 */
export function opensPort(permission: IngressPermission, port: number): boolean | Unknown {
    const { protocol, fromPort, toPort } = permission;
    if (isUnknown(protocol)) {
        return UNKNOWN;
    }
    const name = String(protocol).toLowerCase();
    if (ALL_PROTOCOLS.has(name)) {
        return true;
    }
    if (!PORT_PROTOCOLS.has(name)) {
        return false;
    }
    if (isUnknown(fromPort) || isUnknown(toPort)) {
        return UNKNOWN;
    }
    const from = portNumber(fromPort);
    const to = portNumber(toPort);
    return from !== undefined && to !== undefined && from <= port && port <= to;
}

/**
 * A port as the AWS provider reads it: a number, or a string of one ("22"), which the
 * Terraform bridge converts to the schema's integer before the API sees it. Anything else is
 * refused by the provider, so it opens nothing.
 */
export function portNumber(value: unknown): number | undefined {
    if (typeof value === "number") {
        return Number.isFinite(value) ? value : undefined;
    }
    if (typeof value === "string" && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(value)) {
        return Number(value);
    }
    return undefined;
}

/** `tcp 22`, `tcp 0-65535`, `all traffic`: how a message names what a permission opens. */
export function describePorts(permission: IngressPermission): string {
    const name = String(permission.protocol).toLowerCase();
    if (ALL_PROTOCOLS.has(name)) {
        return "all traffic";
    }
    const protocol = name === "6" ? "tcp" : name === "17" ? "udp" : name;
    return permission.fromPort === permission.toPort ? `${protocol} ${String(permission.fromPort)}` : `${protocol} ${String(permission.fromPort)}-${String(permission.toPort)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object";
}

/** A list of sources; a single string (one CIDR where a list belongs) is read as a list of it, so it is checked too. */
function listOrEmpty(value: unknown): unknown[] {
    const list = knowableList(value);
    return isUnknown(list) ? [UNKNOWN] : list;
}

/** Inline ingress plus the standalone rule resources attached to the group. */
export function ingressOf(index: StackIndex, group: StackNode): IngressPermission[] {
    return [
        ...inlineIngress(group.props.ingress),
        ...index
            .referrersOf(group, [aws.ec2.SecurityGroupRule], "securityGroupId")
            .map((rule) => securityGroupRuleIngress(rule.props))
            .filter((permission): permission is IngressPermission => permission !== undefined),
        ...index.referrersOf(group, [aws.vpc.SecurityGroupIngressRule], "securityGroupId").map((rule) => vpcIngressRule(rule.props)),
    ];
}
