import { CONDITIONAL_NAME_TAGS } from "../../labs/bastionSsm/names";
import { didYouMean } from "../../lib/closestNames";
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

/** The named resources of a model, indexed once per model: every probe end is then a lookup. */
interface NameIndex {
    readonly nodes: readonly StackNode[];
    readonly byTag: ReadonlyMap<string, StackNode[]>;
    readonly byResourceName: ReadonlyMap<string, StackNode[]>;
}

const NAME_INDEXES = new WeakMap<NetworkModel, NameIndex>();

function nameIndex(model: NetworkModel): NameIndex {
    let index = NAME_INDEXES.get(model);
    if (!index) {
        const nodes = model.ofType(...NAMED_TYPES);
        const byTag = new Map<string, StackNode[]>();
        const byResourceName = new Map<string, StackNode[]>();
        const add = (map: Map<string, StackNode[]>, key: string, node: StackNode) => {
            const list = map.get(key);
            if (list) {
                list.push(node);
            } else {
                map.set(key, [node]);
            }
        };
        for (const node of nodes) {
            add(byTag, nameOf(node), node);
            add(byResourceName, node.name, node);
        }
        index = { nodes, byTag, byResourceName };
        NAME_INDEXES.set(model, index);
    }
    return index;
}

/** Resources by Name tag (case-sensitive, as in AWS), resource name or ID (case-insensitive). */
function findNamed(model: NetworkModel, name: string): StackNode[] {
    // IDs are lower-case hex (i-0abc...); one typed in capitals still names the resource.
    const byId = model.byId(name) ?? (/^[a-z]+-[0-9a-f]{8,17}$/i.test(name) ? model.byId(name.toLowerCase()) : undefined);
    if (byId && NAMED_TYPES.includes(byId.type as (typeof NAMED_TYPES)[number])) {
        return [byId];
    }
    const index = nameIndex(model);
    return index.byTag.get(name) ?? index.byResourceName.get(name) ?? [];
}

function named(model: NetworkModel, query: string): StackNode {
    const found = findNamed(model, query);
    if (found.length === 1) {
        return found[0];
    }
    if (found.length > 1) {
        throw new ReachInputError(`"${query}" names ${found.length} resources (${found.map((n) => n.name).join(", ")}); use a resource name or an ID instead`);
    }
    throw new ReachInputError(`"${query}" is not an instance, endpoint, load balancer, NAT gateway or endpoint service of the stack, an IPv4 address, internet, a DNS name or s3://<bucket>${whyAbsent(model, query)}`);
}

/**
 * Why a name is not found, for the error: the config key that would build it, the closest names
 * (Name tags are case-sensitive in AWS, so `private-01` is a near miss of `PRIVATE-01`, not a
 * match), or else the names the stack has.
 */
function whyAbsent(model: NetworkModel, query: string): string {
    const { nodes, byTag } = nameIndex(model);
    const conditional = CONDITIONAL_NAME_TAGS.find((c) => c.nameTag.toLowerCase() === query.toLowerCase());
    if (conditional && !byTag.has(conditional.nameTag)) {
        return `; the ${conditional.lab} lab builds ${conditional.nameTag} only when vpc-labs:${conditional.key} is set (e.g. --set ${conditional.key}=${conditional.example})`;
    }
    const known = [...byTag.keys()];
    const sameButCase = known.filter((name) => name.toLowerCase() === query.toLowerCase());
    if (sameButCase.length > 0) {
        return `${didYouMean(query, sameButCase)} (Name tags are case-sensitive)`;
    }
    const suggestion = didYouMean(query, [...known, ...nodes.map((node) => node.name)]);
    if (suggestion) {
        return suggestion;
    }
    return known.length > 0 ? `; the stack has ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""}` : "";
}

/**
 * The bucket `s3://<query>` names: a bucket of the stack by its name, or by its Name tag or
 * resource name (what `--from` also takes); bucket names are lower-case, so a name that differs
 * only in case is that bucket. Anything else stays as typed: a bucket outside the stack.
 */
function bucketNamed(model: NetworkModel, query: string): string {
    const buckets = model.ofType(T.bucket, T.bucketV2);
    const nameOfBucket = (node: StackNode) => str(node.props.bucket);
    const exact = buckets.find((b) => nameOfBucket(b) === query) ?? buckets.find((b) => nameOfBucket(b) === query.toLowerCase());
    const tagged = exact ?? buckets.find((b) => nameOf(b) === query || b.name === query);
    return (tagged && nameOfBucket(tagged)) ?? query;
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
        return { kind: "s3", bucket: bucketNamed(model, bucket) };
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
