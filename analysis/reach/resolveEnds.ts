import { StackNode } from "../stack/stackIndex";
import { addressPeer, addressRange, isAddress, Peer, rangeContains, parseRange } from "./addresses";
import { Eni, instanceConnectEni, instanceEni, natEni } from "./eni";
import { list, nameOf, NetworkModel, str } from "./model";
import { T } from "./types";

/** A `--from` or `--to` the analysis cannot use: exit 2. */
export class ReachInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ReachInputError";
    }
}

/** Where a flow starts. */
export type Source =
    | { readonly kind: "eni"; readonly eni: Eni }
    | { readonly kind: "outside"; readonly peer: Peer; readonly address?: string; readonly label: string };

/** Where a flow goes, before DNS names are resolved from the source. */
export type Destination =
    | { readonly kind: "eni"; readonly eni: Eni; readonly addressedAt?: string }
    | { readonly kind: "endpoint"; readonly endpoint: StackNode }
    | { readonly kind: "loadBalancer"; readonly balancer: StackNode }
    | { readonly kind: "endpointService"; readonly service: StackNode }
    | { readonly kind: "outside"; readonly peer: Peer; readonly address?: string }
    | { readonly kind: "dns"; readonly name: string }
    | { readonly kind: "s3"; readonly bucket: string };

const NAMED_TYPES = [T.instance, T.vpcEndpoint, T.loadBalancer, T.albLoadBalancer, T.natGateway, T.vpcEndpointService, T.instanceConnectEndpoint];

/** Resources by Name tag, resource name or ID. */
function findNamed(model: NetworkModel, name: string): StackNode[] {
    const byId = model.byId(name);
    if (byId && NAMED_TYPES.includes(byId.type as (typeof NAMED_TYPES)[number])) {
        return [byId];
    }
    const byTag = model.ofType(...NAMED_TYPES).filter((node) => nameOf(node) === name);
    return byTag.length > 0 ? byTag : model.ofType(...NAMED_TYPES).filter((node) => node.name === name);
}

function named(model: NetworkModel, query: string): StackNode {
    const found = findNamed(model, query);
    if (found.length === 1) {
        return found[0];
    }
    if (found.length > 1) {
        throw new ReachInputError(`"${query}" names ${found.length} resources (${found.map((n) => n.name).join(", ")}); use a resource name or an ID instead`);
    }
    const known = model.ofType(T.instance, T.vpcEndpoint, T.loadBalancer, T.natGateway, T.vpcEndpointService).map(nameOf);
    throw new ReachInputError(
        `"${query}" is not an instance, endpoint, load balancer, NAT gateway or endpoint service of the stack, an IPv4 address, internet, a DNS name or s3://<bucket>` +
            (known.length > 0 ? `; the stack has ${[...new Set(known)].slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""}` : ""),
    );
}

/** The interface holding an address (private or public), if any. */
export function eniWithAddress(model: NetworkModel, address: string): Eni | undefined {
    for (const instance of model.ofType(T.instance)) {
        if (instance.props.privateIp === address || instance.props.publicIp === address) {
            return instanceEni(model, instance);
        }
    }
    for (const nat of model.ofType(T.natGateway)) {
        if (nat.props.privateIp === address || nat.props.publicIp === address) {
            return natEni(model, nat);
        }
    }
    for (const eip of model.ofType(T.eip)) {
        const instance = model.byId(eip.props.instance);
        if (eip.props.publicIp === address && instance) {
            return instanceEni(model, instance);
        }
    }
    return undefined;
}

function vpcHolding(model: NetworkModel, address: string): StackNode | undefined {
    const range = addressRange(address);
    return model.ofType(T.vpc).find((vpc) => {
        const cidr = parseRange(vpc.props.cidrBlock);
        return cidr !== undefined && range !== undefined && rangeContains(cidr, range);
    });
}

/**
 * An address outside every VPC and every operator CIDR of the stack: what `internet` means.
 * TEST-NET-2 (198.51.100.0/24, documentation only) unless the stack's rules name it.
 */
export const INTERNET_LABEL = "internet (an address outside every VPC and operator CIDR)";

/**
 * An IPv4 address as an end of the flow: the stack's ENI that holds it, or an address outside
 * every VPC. An address inside a VPC that no resource holds is refused: nothing would answer.
 */
function addressEnd(model: NetworkModel, query: string): { kind: "eni"; eni: NonNullable<ReturnType<typeof eniWithAddress>> } | { kind: "outside"; peer: Peer; address: string } {
    const eni = eniWithAddress(model, query);
    if (eni) {
        return { kind: "eni", eni };
    }
    const vpc = vpcHolding(model, query);
    if (vpc) {
        throw new ReachInputError(`${query} is inside ${nameOf(vpc)} (${String(vpc.props.cidrBlock)}) but no instance or NAT gateway of the stack holds it; name the resource instead`);
    }
    return { kind: "outside", peer: addressPeer(query), address: query };
}

export function resolveSource(model: NetworkModel, query: string): Source {
    if (query === "internet") {
        return { kind: "outside", peer: { kind: "internet", label: "internet" }, label: INTERNET_LABEL };
    }
    if (isAddress(query)) {
        const end = addressEnd(model, query);
        return end.kind === "eni" ? end : { ...end, label: query };
    }
    if (query.startsWith("s3://") || query.includes(".")) {
        if (findNamed(model, query).length === 0) {
            throw new ReachInputError(`--from must be a resource, an IPv4 address or internet; "${query}" is a destination form`);
        }
    }
    const node = named(model, query);
    switch (node.type) {
        case T.instance:
            return { kind: "eni", eni: instanceEni(model, node) };
        case T.natGateway:
            return { kind: "eni", eni: natEni(model, node) };
        case T.instanceConnectEndpoint:
            return { kind: "eni", eni: instanceConnectEni(model, node) };
        default:
            throw new ReachInputError(`--from ${query} is a ${node.type.split(":").pop()}: a flow starts at an instance, a NAT gateway, an IPv4 address or internet`);
    }
}

export function resolveDestination(model: NetworkModel, query: string): Destination {
    if (query.startsWith("s3://")) {
        const bucket = query.slice("s3://".length).replace(/\/.*$/, "");
        if (!bucket) {
            throw new ReachInputError("s3:// needs a bucket name: s3://<bucket>");
        }
        return { kind: "s3", bucket };
    }
    if (query === "internet") {
        return { kind: "outside", peer: { kind: "internet", label: "internet" } };
    }
    if (isAddress(query)) {
        const end = addressEnd(model, query);
        return end.kind === "eni" ? { ...end, addressedAt: query } : end;
    }
    if (findNamed(model, query).length === 0 && /^[a-z0-9-]+(\.[a-z0-9-]+)+\.?$/i.test(query)) {
        return { kind: "dns", name: query.replace(/\.$/, "").toLowerCase() };
    }
    const node = named(model, query);
    switch (node.type) {
        case T.instance:
            return { kind: "eni", eni: instanceEni(model, node) };
        case T.natGateway:
            return { kind: "eni", eni: natEni(model, node) };
        case T.vpcEndpoint:
            if (node.props.vpcEndpointType === "Interface") {
                return { kind: "endpoint", endpoint: node };
            }
            throw new ReachInputError(`${query} is a gateway endpoint: it has no address; ask for the service instead (s3.<region>.amazonaws.com or s3://<bucket>)`);
        case T.vpcEndpointService:
            return { kind: "endpointService", service: node };
        case T.instanceConnectEndpoint:
            return { kind: "eni", eni: instanceConnectEni(model, node) };
        default:
            return { kind: "loadBalancer", balancer: node };
    }
}

/** The subnets' CIDRs of an interface endpoint, in its subnet order. */
export function endpointSubnetCidrs(model: NetworkModel, endpoint: StackNode): (string | undefined)[] {
    return list(endpoint.props.subnetIds).map((id) => str(model.byId(id)?.props.cidrBlock));
}
