import { StackNode } from "../stack/stackIndex";
import { cidrCoversPeer, Peer, Tri } from "./addresses";
import { list, nameOf, NetworkModel, str } from "./model";
import { icmpTypeMatches, protocolName, rangeInRule } from "./ports";
import { Flow, T } from "./types";

/** One entry of a network ACL. */
export interface NaclRule {
    readonly number: number;
    readonly egress: boolean;
    readonly action: "allow" | "deny";
    readonly protocol: unknown;
    readonly cidr: unknown;
    readonly fromPort: unknown;
    readonly toPort: unknown;
    readonly icmpType: unknown;
}

export interface NaclModel {
    readonly id: string;
    readonly name: string;
    readonly node?: StackNode;
    /** True for the VPC's default ACL as AWS creates it: rule 100 allows all, both ways. */
    readonly isDefault: boolean;
    readonly rules: readonly NaclRule[];
}

const ALLOW_ALL = (egress: boolean): NaclRule => ({ number: 100, egress, action: "allow", protocol: "-1", cidr: "0.0.0.0/0", fromPort: 0, toPort: 0, icmpType: undefined });

function inline(blocks: unknown, egress: boolean): NaclRule[] {
    return list(blocks)
        .filter((b): b is Record<string, unknown> => b !== null && typeof b === "object")
        .map((b) => ({
            number: Number(b.ruleNo),
            egress,
            action: b.action === "deny" ? "deny" : "allow",
            protocol: b.protocol,
            cidr: b.cidrBlock ?? b.ipv6CidrBlock,
            fromPort: b.fromPort,
            toPort: b.toPort,
            icmpType: b.icmpType,
        }));
}

function aclFromNode(model: NetworkModel, node: StackNode, isDefault: boolean): NaclModel {
    const id = str(node.props.id) ?? node.name;
    const standalone = model.referring(T.networkAclRule, "networkAclId", id).map((rule) => {
        const p = rule.props;
        return {
            number: Number(p.ruleNumber),
            egress: p.egress === true,
            action: p.ruleAction === "deny" ? ("deny" as const) : ("allow" as const),
            protocol: p.protocol,
            cidr: p.cidrBlock ?? p.ipv6CidrBlock,
            fromPort: p.fromPort,
            toPort: p.toPort,
            icmpType: p.icmpType,
        };
    });
    return { id, name: nameOf(node), node, isDefault, rules: [...inline(node.props.ingress, false), ...inline(node.props.egress, true), ...standalone] };
}

/**
 * The network ACL of a subnet: an explicit association (NetworkAclAssociation or the ACL's
 * `subnetIds`), else the VPC's default ACL, which allows everything unless the stack adopts
 * it with a DefaultNetworkAcl and rewrites its rules.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html#default-network-acl
 */
export function naclOf(model: NetworkModel, subnet: StackNode, vpc: StackNode | undefined): NaclModel {
    const subnetId = subnet.props.id;
    const association = model.referring(T.networkAclAssociation, "subnetId", subnetId)[0];
    const explicit = model.byId(association?.props.networkAclId) ?? model.referring(T.networkAcl, "subnetIds", subnetId)[0];
    if (explicit && explicit.type === T.networkAcl) {
        return aclFromNode(model, explicit, false);
    }
    const adopted = model.referring(T.defaultNetworkAcl, "subnetIds", subnetId)[0] ?? model.byId(vpc?.props.defaultNetworkAclId);
    if (adopted && adopted.type === T.defaultNetworkAcl) {
        return aclFromNode(model, adopted, true);
    }
    const id = str(vpc?.props.defaultNetworkAclId) ?? "default";
    return { id, name: `default network ACL (${id})`, isDefault: true, rules: [ALLOW_ALL(false), ALLOW_ALL(true)] };
}

/** What the packet is, as a stateless ACL sees it: protocol, destination ports (a range for replies), ICMP type. */
export interface AclPacket {
    readonly flow: Flow;
    readonly ports?: readonly [number, number];
    readonly icmpType?: number;
}

export interface AclVerdict {
    readonly allowed: Tri;
    readonly rule?: NaclRule;
    readonly acl: NaclModel;
}

function ruleMatches(rule: NaclRule, packet: AclPacket, peer: Peer): Tri {
    const name = protocolName(rule.protocol);
    let protocol: Tri;
    if (name === undefined) {
        protocol = null;
    } else if (name === "all") {
        protocol = true;
    } else if (name !== packet.flow.protocol) {
        protocol = false;
    } else if (name === "icmp") {
        protocol = icmpTypeMatches(rule.icmpType, packet.icmpType ?? 8);
    } else {
        const [lo, hi] = packet.ports ?? [packet.flow.port ?? 0, packet.flow.port ?? 0];
        protocol = rangeInRule(lo, hi, rule.fromPort, rule.toPort);
    }
    if (protocol === false) {
        return false;
    }
    const address = cidrCoversPeer(rule.cidr, peer);
    if (address === false) {
        return false;
    }
    return protocol === true && address === true ? true : null;
}

/**
 * The ACL's verdict on one packet in one direction: rules in number order, the first that
 * matches decides, the implicit `*` denies the rest. An ACL is stateless: the reply is a
 * packet of its own, checked against the rules of the other direction.
 */
export function evaluateAcl(acl: NaclModel, egress: boolean, packet: AclPacket, peer: Peer): AclVerdict {
    const rules = acl.rules.filter((r) => r.egress === egress).sort((a, b) => a.number - b.number);
    for (const rule of rules) {
        const match = ruleMatches(rule, packet, peer);
        if (match === true) {
            return { allowed: rule.action === "allow", rule, acl };
        }
        if (match === null) {
            return { allowed: null, rule, acl };
        }
    }
    return { allowed: false, acl };
}

export function describeAclRule(acl: NaclModel, egress: boolean, rule: NaclRule | undefined, withName = true): string {
    const direction = egress ? "outbound" : "inbound";
    const name = withName ? `${acl.name} ` : "";
    if (!rule) {
        return `${name}${direction} rule * deny all traffic ${egress ? "to" : "from"} 0.0.0.0/0 (no numbered rule matches)`;
    }
    const protocol = protocolName(rule.protocol);
    const ports =
        protocol === "all"
            ? "all traffic"
            : protocol === "icmp"
              ? `icmp${rule.icmpType === undefined || rule.icmpType === -1 ? "" : ` type ${String(rule.icmpType)}`}`
              : `${protocol} ${String(rule.fromPort)}-${String(rule.toPort)}`;
    return `${name}${direction} rule ${rule.number} ${rule.action} ${ports} ${egress ? "to" : "from"} ${String(rule.cidr)}`;
}
