import { StackNode } from "../stack/stackIndex";
import { addressPeer, formatRange, parseRange, Peer, Range } from "./addresses";
import { HopInterface } from "./answer";
import { Eni, hopInterface, natEni } from "./eni";
import { nameOf, NetworkModel } from "./model";
import { AclPacket, describeAclRule, evaluateAcl, naclOf } from "./nacls";
import { describeFlow } from "./ports";
import { lookupRoute, RouteEntry, routeTableOf } from "./routing";
import { describeSgRule, evaluateGroups, groupsOfEni, SgPeer } from "./securityGroups";
import { Trace } from "./trace";
import { EPHEMERAL_PORTS, Flow } from "./types";

/** The addresses an interface sends from: its own, else any address of its subnet. */
export function eniPeer(eni: Eni): Peer {
    if (eni.address) {
        return addressPeer(eni.address, `${eni.name} (${eni.address})`);
    }
    const range = parseRange(eni.subnet?.props.cidrBlock);
    return range ? { kind: "ranges", ranges: [range], label: `${eni.name} (an address in ${formatRange(range)})` } : { kind: "internet", label: eni.name };
}

function sgPeerOf(eni: Eni): SgPeer {
    return { peer: eniPeer(eni), groupIds: eni.hasSecurityGroups ? eni.groupIds : [] };
}

const REPLY: Readonly<Record<Flow["protocol"], (flow: Flow) => AclPacket>> = {
    tcp: (flow) => ({ flow, ports: EPHEMERAL_PORTS }),
    udp: (flow) => ({ flow, ports: EPHEMERAL_PORTS }),
    icmp: (flow) => ({ flow, icmpType: 0 }),
};

function ensureKnown(trace: Trace, eni: Eni): asserts eni is Eni & { subnet: StackNode } {
    if (eni.unknown || !eni.subnet) {
        trace.unknown(`${eni.name}: ${eni.unknown ?? "its subnet is not known"}`);
    }
}

/** Security groups of an interface on the flow in one direction; blocks with the Reachability Analyzer code. */
export function checkGroups(model: NetworkModel, trace: Trace, eni: Eni, direction: "ingress" | "egress", other: SgPeer, flow: Flow): void {
    if (!eni.hasSecurityGroups) {
        return;
    }
    const { groups, unreadable } = groupsOfEni(model, eni.groupIds, eni.vpc);
    const verdict = evaluateGroups(groups, unreadable, direction, other, flow);
    const at: HopInterface = hopInterface(eni, direction);
    const firstGroup = groups[0];
    if (verdict.allowed === true && verdict.group && verdict.rule) {
        // Not a crossing of its own: the ENI is on the hop of its owner (or the route leaving it).
        trace.add({ type: "SecurityGroup", name: verdict.group.name, ...(verdict.group.node ? { urn: verdict.group.node.urn } : {}), via: describeSgRule(verdict.group, verdict.rule, model) });
        return;
    }
    if (verdict.allowed === null) {
        trace.unknown(
            verdict.rule && verdict.group
                ? `whether ${describeSgRule(verdict.group, verdict.rule, model)} covers ${other.peer.label} cannot be known offline`
                : `security group ${unreadable.join(", ")} of ${eni.name} is not in the stack`,
        );
    }
    trace.block({
        type: "SecurityGroup",
        name: groups.map((g) => g.name).join(", ") || "no security group",
        ...(firstGroup?.node ? { urn: firstGroup.node.urn } : {}),
        explanationCode: "ENI_SG_RULES_MISMATCH",
        rule: `no ${direction === "ingress" ? "inbound" : "outbound"} rule of ${groups.map((g) => g.name).join(", ")} allows ${describeFlow(flow)} ${direction === "ingress" ? "from" : "to"} ${other.peer.label}`,
        interface: at,
    });
}

/** One network ACL check: the packet leaving (egress) or entering a subnet. */
export function checkAcl(model: NetworkModel, trace: Trace, eni: Eni & { subnet: StackNode }, egress: boolean, packet: AclPacket, peer: Peer, reply: boolean): void {
    const acl = naclOf(model, eni.subnet, eni.vpc);
    const verdict = evaluateAcl(acl, egress, packet, peer);
    const text = describeAclRule(acl, egress, verdict.rule);
    const at = hopInterface(eni, egress ? "egress" : "ingress");
    const what = `${reply ? "reply " : ""}${reply ? describeReply(packet) : describeFlow(packet.flow)} ${egress ? "to" : "from"} ${peer.label}`;
    if (verdict.allowed === true) {
        trace.add({ type: "NetworkAcl", name: acl.name, ...(acl.node ? { urn: acl.node.urn } : {}), via: `${what}: ${describeAclRule(acl, egress, verdict.rule, false)}` });
        return;
    }
    if (verdict.allowed === null) {
        trace.unknown(`whether ${text} matches ${what} cannot be known offline`);
    }
    trace.block({ type: "NetworkAcl", name: acl.name, ...(acl.node ? { urn: acl.node.urn } : {}), explanationCode: "ACL_RULES_MISMATCH", rule: `${what}: ${text}`, interface: at });
}

function describeReply(packet: AclPacket): string {
    return packet.flow.protocol === "icmp" ? "icmp echo reply" : `${packet.flow.protocol} ${EPHEMERAL_PORTS[0]}-${EPHEMERAL_PORTS[1]}`;
}

/**
 * The route a packet takes out of a subnet. It carries the ENI the packet leaves by only for
 * an interface in the middle of the path (a NAT gateway, a load balancer node): the source's
 * ENI is on the source hop. One hop per ENI crossing, so flow-log records follow from the hops.
 */
function routeHop(trace: Trace, table: { id: string; name: string; node?: StackNode; main: boolean }, route: RouteEntry, eni: Eni, leaving = false): void {
    trace.add({
        type: "RouteTable",
        name: table.name,
        ...(table.node ? { urn: table.node.urn } : {}),
        via: `${route.text}${table.main ? " (the VPC's main route table: the subnet has no association)" : ""}`,
        ...(leaving ? { interface: hopInterface(eni, "egress") } : {}),
    });
}

function tableFor(model: NetworkModel, trace: Trace, eni: Eni & { subnet: StackNode }) {
    const table = routeTableOf(model, eni.subnet, eni.vpc);
    if (!table) {
        trace.unknown(`the route table of subnet ${nameOf(eni.subnet)} is not known`);
    }
    return table;
}

function noRoute(trace: Trace, table: { id: string; name: string; node?: StackNode }, eni: Eni, peer: Peer, why = ""): never {
    trace.block({
        type: "RouteTable",
        name: table.name,
        ...(table.node ? { urn: table.node.urn } : {}),
        explanationCode: "NO_ROUTE_TO_DESTINATION",
        rule: `no route for ${peer.label}${why}`,
        interface: hopInterface(eni, "egress"),
    });
}

export function sourceHop(trace: Trace, eni: Eni): void {
    trace.add({ type: eni.ownerType, name: eni.name, urn: eni.owner.urn, via: eni.address ? `source ${eni.address}` : "source", interface: hopInterface(eni, "egress") });
}

export function destinationHop(trace: Trace, eni: Eni, via: string): void {
    trace.add({ type: eni.ownerType, name: eni.name, urn: eni.owner.urn, via, interface: hopInterface(eni, "ingress") });
}

/**
 * A flow between two interfaces of the stack: security group out, ACL out, route, ACL in,
 * security group in, then the reply through both ACLs (security groups let replies back).
 */
export function eniToEni(model: NetworkModel, trace: Trace, src: Eni, dst: Eni, flow: Flow, options: { srcPeer?: Peer; midPath?: boolean } = {}): void {
    ensureKnown(trace, src);
    ensureKnown(trace, dst);
    const srcPeer = options.srcPeer ?? eniPeer(src);
    const dstPeer = eniPeer(dst);
    const table = tableFor(model, trace, src);
    const route = lookupRoute(table, dstPeer);
    if (src.vpc !== dst.vpc || !route || route.target.kind !== "local") {
        if (route && route.target.kind === "other") {
            trace.unknown(`${table.name} sends ${dstPeer.label} to ${route.text}, which the offline analysis does not follow (peering, transit gateway or appliance)`);
        }
        noRoute(trace, table, src, dstPeer, route ? `: the best route is ${route.text}, and a private address of another VPC is not reachable that way` : "");
    }
    checkGroups(model, trace, src, "egress", sgPeerOf({ ...dst, address: dst.address }), flow);
    const crossesSubnets = src.subnet !== dst.subnet;
    if (crossesSubnets) {
        checkAcl(model, trace, src, true, { flow }, dstPeer, false);
    }
    routeHop(trace, table, route, src, options.midPath === true);
    if (crossesSubnets) {
        checkAcl(model, trace, dst, false, { flow }, srcPeer, false);
    }
    checkGroups(model, trace, dst, "ingress", { peer: srcPeer, groupIds: options.srcPeer ? [] : src.hasSecurityGroups ? src.groupIds : [] }, flow);
    if (crossesSubnets) {
        checkAcl(model, trace, dst, true, REPLY[flow.protocol](flow), srcPeer, true);
        checkAcl(model, trace, src, false, REPLY[flow.protocol](flow), dstPeer, true);
    }
}

/** The address the internet sees for an interface leaving through an internet gateway. */
function internetGatewayHop(trace: Trace, route: RouteEntry, publicAddress: string, privateAddress: string | undefined): void {
    const target = route.target as { id: string; node?: StackNode };
    trace.add({
        type: "InternetGateway",
        name: target.node ? nameOf(target.node) : target.id,
        ...(target.node ? { urn: target.node.urn } : {}),
        via: `translates ${privateAddress ?? "the private address"} to ${publicAddress}`,
    });
}

/**
 * A flow from an interface to an address outside every VPC (the internet, an AWS service's
 * public or prefix-list addresses): the route decides between an internet gateway (the
 * interface needs a public IP), a NAT gateway (which needs its own route to an internet
 * gateway, and whose replies cross its subnet's ACL), or a gateway endpoint.
 * Returns the gateway endpoint the flow took, if any.
 */
export function eniToOutside(model: NetworkModel, trace: Trace, src: Eni, peer: Peer, flow: Flow): StackNode | undefined {
    ensureKnown(trace, src);
    const table = tableFor(model, trace, src);
    const route = lookupRoute(table, peer);
    checkGroups(model, trace, src, "egress", { peer, groupIds: [] }, flow);
    checkAcl(model, trace, src, true, { flow }, peer, false);
    if (!route || route.target.kind === "local") {
        noRoute(trace, table, src, peer);
    }
    routeHop(trace, table, route, src);
    const replyIn = () => checkAcl(model, trace, src, false, REPLY[flow.protocol](flow), peer, true);
    switch (route.target.kind) {
        case "igw":
            if (!src.publicAddress) {
                trace.block({
                    type: src.ownerType,
                    name: src.name,
                    urn: src.owner.urn,
                    explanationCode: "NO_PUBLIC_ADDRESS",
                    rule: `${src.name} has no public IP or Elastic IP: ${table.name} sends ${route.text}, but an internet gateway only carries traffic of interfaces with a public address`,
                    interface: hopInterface(src, "egress"),
                });
            }
            internetGatewayHop(trace, route, src.publicAddress, src.address);
            replyIn();
            return undefined;
        case "vpce":
            trace.add({ type: "VpcEndpoint", name: route.target.node ? nameOf(route.target.node) : route.target.id, ...(route.target.node ? { urn: route.target.node.urn } : {}), via: `gateway endpoint: ${route.text}` });
            replyIn();
            return route.target.node;
        case "nat":
            natPath(model, trace, src, route, peer, flow);
            replyIn();
            return undefined;
        default:
            trace.unknown(`${table.name} sends ${peer.label} to ${route.text}, which the offline analysis does not follow`);
    }
}

function natPath(model: NetworkModel, trace: Trace, src: Eni & { subnet: StackNode }, route: RouteEntry, peer: Peer, flow: Flow): void {
    const node = (route.target as { node?: StackNode }).node;
    if (!node) {
        trace.unknown(`NAT gateway ${(route.target as { id: string }).id} is not in the stack`);
    }
    const nat = natEni(model, node);
    ensureKnown(trace, nat);
    const srcPeer = eniPeer(src);
    const crosses = nat.subnet !== src.subnet;
    if (crosses) {
        checkAcl(model, trace, nat, false, { flow }, srcPeer, false);
    }
    trace.add({ type: "NatGateway", name: nat.name, urn: nat.owner.urn, via: `translates ${src.address ?? "the source"} to ${nat.publicAddress ?? "its Elastic IP"}`, interface: hopInterface(nat, "ingress") });
    const natTable = tableFor(model, trace, nat);
    const onward = lookupRoute(natTable, peer);
    if (!onward || onward.target.kind !== "igw") {
        noRoute(trace, natTable, nat, peer, `: a NAT gateway needs its own subnet's route to an internet gateway${onward ? `; the best route is ${onward.text}` : ""}`);
    }
    checkAcl(model, trace, nat, true, { flow }, peer, false);
    routeHop(trace, natTable, onward, nat, true);
    internetGatewayHop(trace, onward, nat.publicAddress ?? "the NAT gateway's Elastic IP", nat.address);
    // Replies come back to the NAT gateway on the port it chose, then on to the source with the server's address.
    checkAcl(model, trace, nat, false, { flow, ports: [1024, 65535], icmpType: 0 }, peer, true);
    if (crosses) {
        checkAcl(model, trace, nat, true, REPLY[flow.protocol](flow), srcPeer, true);
    }
}

/**
 * A flow from outside every VPC to an interface: only to its public address, through the
 * VPC's internet gateway; the reply must route back to the internet gateway too.
 */
export function outsideToEni(model: NetworkModel, trace: Trace, peer: Peer, dst: Eni, flow: Flow, addressedAt: string | undefined): void {
    ensureKnown(trace, dst);
    const gateway = model.referring("aws:ec2/internetGateway:InternetGateway", "vpcId", dst.vpc?.props.id)[0];
    if (!addressedAt || addressedAt !== dst.publicAddress) {
        trace.block({
            type: dst.ownerType,
            name: dst.name,
            urn: dst.owner.urn,
            explanationCode: "NO_ROUTE_TO_DESTINATION",
            rule: dst.publicAddress
                ? `${addressedAt ?? "the private address"} is a private address of ${dst.vpc ? nameOf(dst.vpc) : "its VPC"}: from outside, only ${dst.name}'s public IP ${dst.publicAddress} is reachable`
                : `${dst.name} has no public IP: nothing outside ${dst.vpc ? nameOf(dst.vpc) : "its VPC"} can reach it`,
        });
    }
    if (!gateway) {
        trace.block({ type: "Vpc", name: dst.vpc ? nameOf(dst.vpc) : "VPC", ...(dst.vpc ? { urn: dst.vpc.urn } : {}), explanationCode: "NO_ROUTE_TO_DESTINATION", rule: "the VPC has no internet gateway" });
    }
    trace.add({ type: "InternetGateway", name: nameOf(gateway), urn: gateway.urn, via: `translates ${dst.publicAddress} to ${dst.address ?? "the private address"}` });
    checkAcl(model, trace, dst, false, { flow }, peer, false);
    checkGroups(model, trace, dst, "ingress", { peer, groupIds: [] }, flow);
    const table = tableFor(model, trace, dst);
    const back = lookupRoute(table, peer);
    if (!back || back.target.kind !== "igw") {
        noRoute(trace, table, dst, peer, `: the reply must return through the internet gateway${back ? `; the best route is ${back.text}` : ""}`);
    }
    checkAcl(model, trace, dst, true, REPLY[flow.protocol](flow), peer, true);
}

export type { Range };
