import { StackNode } from "../stack/stackIndex";
import { Peer, parseRange, Range, rangeContains } from "./addresses";
import { list, nameOf, NetworkModel, str } from "./model";
import { T } from "./types";

/** Where a route sends the packet. */
export type RouteTarget =
    | { readonly kind: "local" }
    | { readonly kind: "igw" | "nat" | "vpce" | "other"; readonly id: string; readonly node?: StackNode };

export interface RouteEntry {
    /** Destination CIDR, or a prefix list (gateway endpoints). */
    readonly destination: { readonly range: Range } | { readonly prefixListId: string };
    readonly target: RouteTarget;
    readonly text: string;
}

export interface RouteTableModel {
    readonly id: string;
    readonly name: string;
    readonly node?: StackNode;
    /** True when the subnet has no explicit association and uses the VPC's main route table. */
    readonly main: boolean;
    readonly routes: readonly RouteEntry[];
}

function targetOf(model: NetworkModel, props: Record<string, unknown>): RouteTarget | undefined {
    for (const key of ["gatewayId", "natGatewayId", "vpcEndpointId", "transitGatewayId", "vpcPeeringConnectionId", "networkInterfaceId", "egressOnlyGatewayId", "carrierGatewayId", "localGatewayId"]) {
        const id = str(props[key]);
        if (!id) {
            continue;
        }
        if (id === "local") {
            return { kind: "local" };
        }
        const node = model.byId(id);
        const kind = id.startsWith("igw-") ? "igw" : id.startsWith("nat-") ? "nat" : id.startsWith("vpce-") ? "vpce" : "other";
        return { kind, id, ...(node ? { node } : {}) };
    }
    return undefined;
}

function entry(model: NetworkModel, destination: unknown, prefixList: unknown, props: Record<string, unknown>): RouteEntry | undefined {
    const target = targetOf(model, props);
    const range = parseRange(destination);
    if (!target) {
        return undefined;
    }
    const targetText = target.kind === "local" ? "local" : target.node ? `${target.id} (${nameOf(target.node)})` : target.id;
    if (range) {
        return { destination: { range }, target, text: `${String(destination)} -> ${targetText}` };
    }
    return typeof prefixList === "string" ? { destination: { prefixListId: prefixList }, target, text: `${prefixList} -> ${targetText}` } : undefined;
}

/** Every route of a table: local, inline, Route resources and the prefix-list routes gateway endpoints add. */
function routesOf(model: NetworkModel, tableId: string, vpc: StackNode | undefined, node: StackNode | undefined): RouteEntry[] {
    const routes: RouteEntry[] = [];
    const vpcRange = parseRange(vpc?.props.cidrBlock);
    if (vpcRange) {
        routes.push({ destination: { range: vpcRange }, target: { kind: "local" }, text: `${String(vpc?.props.cidrBlock)} -> local` });
    }
    for (const route of list(node?.props.routes)) {
        const r = (route ?? {}) as Record<string, unknown>;
        const made = entry(model, r.cidrBlock, r.destinationPrefixListId, r);
        if (made) {
            routes.push(made);
        }
    }
    for (const route of model.referring(T.route, "routeTableId", tableId)) {
        const made = entry(model, route.props.destinationCidrBlock, route.props.destinationPrefixListId, route.props);
        if (made) {
            routes.push(made);
        }
    }
    const gatewayEndpoints = [
        ...model.referring(T.vpcEndpoint, "routeTableIds", tableId),
        ...model.referring(T.vpcEndpointRouteTableAssociation, "routeTableId", tableId).map((a) => model.byId(a.props.vpcEndpointId)),
    ].filter((e): e is StackNode => e !== undefined);
    for (const endpoint of gatewayEndpoints) {
        const prefixList = str(endpoint.props.prefixListId);
        const id = str(endpoint.props.id);
        if (prefixList && id) {
            routes.push({ destination: { prefixListId: prefixList }, target: { kind: "vpce", id, node: endpoint }, text: `${prefixList} -> ${id} (${nameOf(endpoint)})` });
        }
    }
    return routes;
}

/**
 * The route table a subnet uses: its explicit association, else the VPC's main route table
 * (a MainRouteTableAssociation's table, else the one AWS created, with the local route and
 * whatever the stack adds to it).
 * https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTables
 */
export function routeTableOf(model: NetworkModel, subnet: StackNode, vpc: StackNode | undefined): RouteTableModel | undefined {
    const association = model.referring(T.routeTableAssociation, "subnetId", subnet.props.id)[0];
    const explicitId = str(association?.props.routeTableId);
    const mainAssociation = model.referring(T.mainRouteTableAssociation, "vpcId", vpc?.props.id)[0];
    const id = explicitId ?? str(mainAssociation?.props.routeTableId) ?? str(vpc?.props.mainRouteTableId) ?? str(vpc?.props.defaultRouteTableId);
    if (!id) {
        return undefined;
    }
    const node = model.byId(id) ?? model.referring(T.defaultRouteTable, "defaultRouteTableId", id)[0];
    return { id, name: node ? nameOf(node) : `main route table ${id}`, ...(node ? { node } : {}), main: explicitId === undefined, routes: routesOf(model, id, vpc, node) };
}

/**
 * The route a packet to `peer` takes: longest prefix match over the CIDR routes that cover
 * the whole peer; a gateway endpoint's prefix-list route covers the service's public
 * addresses and beats the default route.
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-table-priority.html
 */
export function lookupRoute(table: RouteTableModel, peer: Peer): RouteEntry | undefined {
    let best: RouteEntry | undefined;
    let bestPrefix = -1;
    for (const route of table.routes) {
        if ("prefixListId" in route.destination) {
            if (peer.kind === "aws-public" && peer.prefixListId === route.destination.prefixListId) {
                // A prefix list holds the service's public /16-/24 blocks: more specific than any default route.
                if (bestPrefix < 16) {
                    best = route;
                    bestPrefix = 16;
                }
            }
            continue;
        }
        const range = route.destination.range;
        const covers = peer.kind === "ranges" ? peer.ranges.every((r) => rangeContains(range, r)) : range.prefix === 0;
        if (covers && range.prefix > bestPrefix) {
            best = route;
            bestPrefix = range.prefix;
        }
    }
    return best;
}
