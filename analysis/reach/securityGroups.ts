import { StackNode } from "../stack/stackIndex";
import { cidrCoversPeer, Peer, Tri } from "./addresses";
import { list, nameOf, NetworkModel, str } from "./model";
import { icmpTypeMatches, protocolName } from "./ports";
import { Flow, T } from "./types";

/** One permission of a security group, whichever resource wrote it. */
export interface SgRule {
    readonly direction: "ingress" | "egress";
    readonly protocol: unknown;
    readonly fromPort: unknown;
    readonly toPort: unknown;
    readonly cidrs: readonly unknown[];
    readonly groupIds: readonly unknown[];
    readonly prefixListIds: readonly unknown[];
    readonly self: boolean;
    readonly description?: string;
    /** The rule resource, when it is one (not inline). */
    readonly node?: StackNode;
}

export interface SecurityGroupModel {
    readonly id: string;
    readonly name: string;
    readonly node?: StackNode;
    readonly rules: readonly SgRule[];
}

/**
 * A VPC's default security group as AWS creates it: all traffic from members of the group,
 * all traffic out. A `DefaultSecurityGroup` resource in the stack replaces these rules.
 * https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
 */
function awsDefaultGroup(id: string): SecurityGroupModel {
    const base = { protocol: "-1", fromPort: 0, toPort: 0, groupIds: [], prefixListIds: [], cidrs: [] as unknown[] };
    return {
        id,
        name: `default (${id})`,
        rules: [
            { ...base, direction: "ingress", self: true, description: "AWS default: all traffic from the group itself" },
            { ...base, direction: "egress", self: false, cidrs: ["0.0.0.0/0"], description: "AWS default: all traffic out" },
        ],
    };
}

function inlineRules(blocks: unknown, direction: "ingress" | "egress"): SgRule[] {
    return list(blocks)
        .filter((b): b is Record<string, unknown> => b !== null && typeof b === "object")
        .map((b) => ({
            direction,
            protocol: b.protocol,
            fromPort: b.fromPort,
            toPort: b.toPort,
            cidrs: [...list(b.cidrBlocks), ...list(b.ipv6CidrBlocks)],
            groupIds: list(b.securityGroups),
            prefixListIds: list(b.prefixListIds),
            self: b.self === true,
            description: str(b.description),
        }));
}

/** A security group by ID with every rule the stack gives it; the AWS default when the stack does not manage the VPC's default group. */
export function securityGroup(model: NetworkModel, id: string, vpc?: StackNode): SecurityGroupModel | undefined {
    let node = model.byId(id);
    if (!node && vpc && vpc.props.defaultSecurityGroupId === id) {
        // A DefaultSecurityGroup adopts the VPC's default group and replaces its rules.
        node = model.referring(T.defaultSecurityGroup, "vpcId", vpc.props.id)[0];
        if (!node) {
            const base = awsDefaultGroup(id);
            return { ...base, rules: [...base.rules, ...standaloneRules(model, [id])] };
        }
    }
    if (!node || (node.type !== T.securityGroup && node.type !== T.defaultSecurityGroup)) {
        return undefined;
    }
    const ids = [...new Set([id, str(node.props.id) ?? id])];
    return {
        id,
        name: nameOf(node),
        node,
        rules: [...inlineRules(node.props.ingress, "ingress"), ...inlineRules(node.props.egress, "egress"), ...standaloneRules(model, ids)],
    };
}

/** The SecurityGroupRule, SecurityGroupIngressRule and SecurityGroupEgressRule resources of a group. */
function standaloneRules(model: NetworkModel, ids: readonly string[]): SgRule[] {
    const ofRule = (rule: StackNode): SgRule => {
        const p = rule.props;
        return {
            direction: p.type === "egress" ? "egress" : "ingress",
            protocol: p.protocol,
            fromPort: p.fromPort,
            toPort: p.toPort,
            cidrs: [...list(p.cidrBlocks), ...list(p.ipv6CidrBlocks)],
            groupIds: list(p.sourceSecurityGroupId),
            prefixListIds: list(p.prefixListIds),
            self: p.self === true,
            description: str(p.description),
            node: rule,
        };
    };
    const ofVpcRule = (direction: "ingress" | "egress") => (rule: StackNode): SgRule => {
        const p = rule.props;
        return {
            direction,
            protocol: p.ipProtocol,
            fromPort: p.fromPort,
            toPort: p.toPort,
            cidrs: [p.cidrIpv4, p.cidrIpv6].filter((c) => c !== undefined && c !== null),
            groupIds: list(p.referencedSecurityGroupId),
            prefixListIds: list(p.prefixListId),
            self: false,
            description: str(p.description),
            node: rule,
        };
    };
    return [
            ...ids.flatMap((gid) => model.referring(T.securityGroupRule, "securityGroupId", gid).map(ofRule)),
            ...ids.flatMap((gid) => model.referring(T.ingressRule, "securityGroupId", gid).map(ofVpcRule("ingress"))),
            ...ids.flatMap((gid) => model.referring(T.egressRule, "securityGroupId", gid).map(ofVpcRule("egress"))),
    ];
}

/** The other side of the flow as a security group rule sees it: its addresses and its groups. */
export interface SgPeer {
    readonly peer: Peer;
    /** The peer's security group IDs; null when it has an interface whose groups are unknown. */
    readonly groupIds: readonly string[] | null;
}

function protocolMatches(rule: SgRule, flow: Flow): Tri {
    const name = protocolName(rule.protocol);
    if (name === undefined) {
        return null;
    }
    if (name === "all") {
        return true;
    }
    if (name !== flow.protocol) {
        return false;
    }
    if (flow.protocol === "icmp") {
        // For icmp, fromPort is the ICMP type and toPort the code; the probe sends an echo request (8/0).
        return icmpTypeMatches(rule.fromPort, 8);
    }
    const [from, to] = [rule.fromPort, rule.toPort];
    if (typeof from !== "number" || typeof to !== "number" || flow.port === undefined) {
        return null;
    }
    return from <= flow.port && flow.port <= to;
}

/**
 * Whether a rule's prefix list covers the peer: only AWS service addresses can be in one. A
 * gateway endpoint's AWS-managed list (com.amazonaws.<region>.s3, .dynamodb) holds that
 * service's ranges only, so it never covers another service; an unknown list may.
 */
function prefixListCoversPeer(prefixList: unknown, peer: SgPeer["peer"]): Tri {
    if (peer.kind !== "aws-public") {
        return false;
    }
    if (peer.prefixListId !== undefined && peer.prefixListId === prefixList) {
        return true;
    }
    const listService = typeof prefixList === "string" ? peer.serviceOfPrefixList?.get(prefixList) : undefined;
    if (listService !== undefined && peer.service !== undefined) {
        return listService === peer.service;
    }
    return null;
}

function peerMatches(rule: SgRule, group: SecurityGroupModel, other: SgPeer): Tri {
    const results: Tri[] = rule.cidrs.map((cidr) => cidrCoversPeer(cidr, other.peer));
    const groupRefs = [...rule.groupIds, ...(rule.self ? [group.id] : [])];
    for (const ref of groupRefs) {
        results.push(other.groupIds === null ? null : typeof ref === "string" ? other.groupIds.includes(ref) : null);
    }
    for (const prefixList of rule.prefixListIds) {
        results.push(prefixListCoversPeer(prefixList, other.peer));
    }
    if (results.includes(true)) {
        return true;
    }
    return results.includes(null) ? null : false;
}

export interface SgVerdict {
    readonly allowed: Tri;
    readonly group?: SecurityGroupModel;
    readonly rule?: SgRule;
    /** Groups that could not be read (not in the stack). */
    readonly unreadable: readonly string[];
}

/**
 * Whether any of the groups lets the flow in (ingress) or out (egress): rules only allow,
 * so one matching rule of one group is enough. Security groups are stateful: the reply of an
 * allowed flow is always let back, whatever the rules in the other direction say.
 */
export function evaluateGroups(groups: readonly SecurityGroupModel[], unreadable: readonly string[], direction: "ingress" | "egress", other: SgPeer, flow: Flow): SgVerdict {
    let maybe: { group: SecurityGroupModel; rule: SgRule } | undefined;
    for (const group of groups) {
        for (const rule of group.rules.filter((r) => r.direction === direction)) {
            const match = andTri(protocolMatches(rule, flow), peerMatches(rule, group, other));
            if (match === true) {
                return { allowed: true, group, rule, unreadable };
            }
            if (match === null) {
                maybe ??= { group, rule };
            }
        }
    }
    if (maybe || unreadable.length > 0) {
        return { allowed: null, ...(maybe ?? {}), unreadable };
    }
    return { allowed: false, unreadable };
}

function andTri(a: Tri, b: Tri): Tri {
    if (a === false || b === false) {
        return false;
    }
    return a === null || b === null ? null : true;
}

/** `IMD-PRI-SG inbound tcp 22 from sg-... ("SSH from the bastion")`: a rule as the student reads it. */
export function describeSgRule(group: SecurityGroupModel, rule: SgRule, model: NetworkModel): string {
    const name = protocolName(rule.protocol);
    const ports =
        name === "all"
            ? "all traffic"
            : name === "icmp"
              ? `icmp${rule.fromPort === -1 || rule.fromPort === undefined ? "" : ` type ${String(rule.fromPort)}`}`
              : rule.fromPort === rule.toPort
                ? `${name} ${String(rule.fromPort)}`
                : `${name} ${String(rule.fromPort)}-${String(rule.toPort)}`;
    const peers = [
        ...rule.cidrs.map(String),
        ...rule.groupIds.map((id) => {
            const node = model.byId(id);
            return node ? `${nameOf(node)} (${String(id)})` : String(id);
        }),
        ...rule.prefixListIds.map(String),
        ...(rule.self ? ["itself"] : []),
    ];
    const text = `${group.name} ${rule.direction === "ingress" ? "inbound" : "outbound"} ${ports} ${rule.direction === "ingress" ? "from" : "to"} ${peers.join(", ") || "nothing"}`;
    return rule.description ? `${text} ("${rule.description}")` : text;
}

/** The groups of an interface: its own, else the VPC's default group. */
export function groupsOfEni(model: NetworkModel, groupIds: readonly string[], vpc: StackNode | undefined): { groups: SecurityGroupModel[]; unreadable: string[] } {
    const ids = groupIds.length > 0 ? groupIds : str(vpc?.props.defaultSecurityGroupId) ? [vpc!.props.defaultSecurityGroupId as string] : [];
    const groups: SecurityGroupModel[] = [];
    const unreadable: string[] = [];
    for (const id of ids) {
        const group = securityGroup(model, id, vpc);
        if (group) {
            groups.push(group);
        } else {
            unreadable.push(id);
        }
    }
    return { groups, unreadable };
}
