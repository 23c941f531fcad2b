import { PolicyResource } from "@pulumi/policy";
import { StackNode } from "../stack/stackIndex";
import { addressPeer, Peer } from "./addresses";
import { DnsAnswer, Hop, ReachAnswer, ReachEnd } from "./answer";
import { resolveName } from "./dns";
import { Eni, endpointEnis, hopInterface, loadBalancerEnis } from "./eni";
import { nameOf, NetworkModel } from "./model";
import { destinationHop, eniToEni, eniToOutside, outsideToEni, sourceHop } from "./path";
import { serviceOfEndpoint, throughEndpointService, toTargets } from "./privateLink";
import { Destination, INTERNET_LABEL, ReachInputError, resolveDestination, resolveSource, Source } from "./resolveEnds";
import { evaluateS3Request, instanceRoleArn } from "./s3Request";
import { Outcome, Trace } from "./trace";
import { Flow, T } from "./types";

export { NetworkModel } from "./model";
export { ReachInputError } from "./resolveEnds";

/** One question: from where to where, over which protocol and port. */
export interface ReachQuestion {
    readonly from: string;
    readonly to: string;
    readonly protocol: Flow["protocol"];
    readonly port?: number;
}

/** The stack's resources (as the policy pack receives them) indexed once for many questions. */
export function networkModel(resources: readonly PolicyResource[]): NetworkModel {
    return new NetworkModel(resources);
}

/**
 * Answers one reachability question over the stack's resources: resolves both ends (DNS
 * from the source's VPC), follows the packet through security groups, network ACLs, route
 * tables, gateways, endpoints and load balancers, and says where it stops, or why that cannot
 * be known offline. Throws ReachInputError for ends that name nothing.
 */
export function reach(model: NetworkModel, asked: ReachQuestion): ReachAnswer {
    // An S3 request is https.
    const question = asked.to.startsWith("s3://") && asked.port === undefined ? { ...asked, protocol: "tcp" as const, port: 443 } : asked;
    if (question.protocol !== "icmp" && (question.port === undefined || !Number.isInteger(question.port) || question.port < 1 || question.port > 65535)) {
        throw new ReachInputError(`--port must be a port number 1-65535 for ${question.protocol}`);
    }
    const flow: Flow = question.protocol === "icmp" ? { protocol: "icmp" } : { protocol: question.protocol, port: question.port };
    const source = resolveSource(model, question.from);
    const target = resolveDestination(model, question.to);
    let destination: Exclude<Destination, { kind: "dns" }> | undefined = target.kind === "dns" ? undefined : target;
    let dns: DnsAnswer | null = null;
    let service: string | undefined;
    const askingVpc = source.kind === "eni" ? source.eni.vpc : undefined;
    let outcome: Outcome | undefined;
    if (target.kind === "dns") {
        {
            const resolved = resolveName(model, target.name, source.kind === "eni" ? askingVpc : undefined);
            if (resolved.kind === "unknown") {
                outcome = { reachable: null, hops: [], blockedBy: null, unknownReason: resolved.reason };
            } else {
                dns = resolved.dns;
                service = resolved.service ?? (resolved.kind === "service" ? resolved.service : undefined);
                destination = resolved.kind === "resolved" ? resolved.destination : { kind: "outside", peer: servicePeer(model, resolved.service, askingVpc) };
            }
        }
    }
    if (!outcome) {
        outcome = destination ? walk(model, source, destination, flow, service) : { reachable: null, hops: [], blockedBy: null, unknownReason: "the destination could not be resolved" };
    }
    return {
        reachable: outcome.reachable,
        from: describeSource(source, question.from),
        to: describeDestination(model, destination ?? target, question.to),
        protocol: flow.protocol,
        ...(flow.port !== undefined ? { port: flow.port } : {}),
        dns,
        hops: outcome.hops,
        blockedBy: outcome.blockedBy,
        ...(outcome.unknownReason ? { unknownReason: outcome.unknownReason } : {}),
    };
}

/** An AWS service's public addresses; for S3 and DynamoDB also the prefix list of a gateway endpoint in the asking VPC. */
function servicePeer(model: NetworkModel, service: string, vpc: StackNode | undefined): Peer {
    const serviceName = `com.amazonaws.${model.region ?? "region"}.${service}`;
    const gateway = [...(vpc ? model.referring(T.vpcEndpoint, "vpcId", vpc.props.id) : []), ...model.ofType(T.vpcEndpoint)].find(
        (e) => e.props.serviceName === serviceName && e.props.vpcEndpointType !== "Interface" && typeof e.props.prefixListId === "string",
    );
    const serviceOfPrefixList = new Map(
        model
            .ofType(T.vpcEndpoint)
            .filter((e) => e.props.vpcEndpointType !== "Interface" && typeof e.props.prefixListId === "string" && typeof e.props.serviceName === "string")
            .map((e) => [e.props.prefixListId as string, String(e.props.serviceName).split(".").pop()!]),
    );
    return { kind: "aws-public", label: `${service} public addresses`, service, serviceOfPrefixList, ...(gateway ? { prefixListId: gateway.props.prefixListId as string } : {}) };
}

function walk(model: NetworkModel, source: Source, destination: Exclude<Destination, { kind: "dns" }>, flow: Flow, service: string | undefined): Outcome {
    return Trace.run((trace) => {
        if (source.kind === "eni") {
            sourceHop(trace, source.eni);
        } else {
            trace.add({ type: source.peer.kind === "internet" ? "Internet" : "Address", name: source.label, via: "source outside every VPC" });
        }
        switch (destination.kind) {
            case "eni":
                return toEni(model, trace, source, destination.eni, flow, destination.addressedAt);
            case "outside":
                return toOutside(model, trace, source, destination.peer, flow, service);
            case "endpoint":
                return toEndpoint(model, trace, source, destination.endpoint, flow);
            case "loadBalancer":
                return toLoadBalancer(model, trace, source, destination.balancer, flow);
            case "endpointService":
                return toEndpointService(model, trace, source, destination.service, flow);
            case "s3":
                return toS3(model, trace, source, destination.bucket);
        }
    });
}

function toEni(model: NetworkModel, trace: Trace, source: Source, eni: Eni, flow: Flow, addressedAt: string | undefined): void {
    if (source.kind === "outside") {
        outsideToEni(model, trace, source.peer, eni, flow, addressedAt ?? eni.publicAddress);
    } else if (addressedAt !== undefined && addressedAt === eni.publicAddress && addressedAt !== eni.address) {
        // To a public IP from inside a VPC: out through the source's gateway, back in through the target's.
        eniToOutside(model, trace, source.eni, addressPeer(addressedAt), flow);
        outsideToEni(model, trace, { kind: "internet", label: source.eni.publicAddress ?? source.eni.name }, eni, flow, addressedAt);
    } else {
        eniToEni(model, trace, source.eni, eni, flow);
    }
    destinationHop(trace, eni, eni.address ? `destination ${eni.address}` : "destination");
}

function toOutside(model: NetworkModel, trace: Trace, source: Source, peer: Peer, flow: Flow, service: string | undefined): void {
    if (source.kind === "outside") {
        trace.add({ type: service ? "AwsService" : "Internet", name: service ?? peer.label, via: "over the internet" });
        return;
    }
    const gateway = eniToOutside(model, trace, source.eni, peer, flow);
    trace.add({ type: service ? "AwsService" : peer.kind === "internet" ? "Internet" : "Address", name: service ?? peer.label, via: gateway ? `through gateway endpoint ${String(gateway.props.id)}` : "over the internet" });
}

/** To an interface endpoint's ENIs: the one in the source's subnet or zone first, as the resolver's answers are tried. */
function toEndpoint(model: NetworkModel, trace: Trace, source: Source, endpoint: StackNode, flow: Flow): void {
    if (source.kind === "outside") {
        trace.block({ type: "VpcEndpoint", name: nameOf(endpoint), urn: endpoint.urn, explanationCode: "NO_ROUTE_TO_DESTINATION", rule: `${nameOf(endpoint)} has only private addresses in its VPC: nothing outside reaches it` });
    }
    const enis = endpointEnis(model, endpoint);
    const ordered = [...enis].sort((a, b) => rank(b, source.eni) - rank(a, source.eni));
    const prefix = [...trace.hops];
    const outcomes = ordered.map((eni) =>
        Trace.run((sub) => {
            eniToEni(model, sub, source.eni, eni, flow);
            sub.add({ type: "VpcEndpoint", name: eni.name, urn: endpoint.urn, via: `interface endpoint ENI${eni.id ? ` ${eni.id}` : ""} in ${String(eni.subnet?.props.cidrBlock ?? "?")}`, interface: hopInterface(eni, "ingress") });
            const service = serviceOfEndpoint(model, endpoint);
            if (service) {
                throughEndpointService(model, sub, endpoint, service, flow, eni);
            } else if (String(endpoint.props.serviceName ?? "").startsWith("com.amazonaws.vpce.")) {
                sub.unknown(`${nameOf(endpoint)} connects to ${String(endpoint.props.serviceName)}, an endpoint service outside the stack`);
            } else {
                sub.add({ type: "AwsService", name: String(endpoint.props.serviceName), via: "through the interface endpoint" });
            }
        }, prefix),
    );
    if (outcomes.length === 0) {
        trace.unknown(`${nameOf(endpoint)} lists no subnets`);
    }
    const chosen = outcomes.find((o) => o.reachable === true) ?? outcomes[0];
    trace.hops.splice(0, trace.hops.length, ...chosen.hops);
    if (chosen.reachable === null) {
        trace.unknown(chosen.unknownReason ?? "unknown");
    }
    if (chosen.reachable === false) {
        trace.block(chosen.blockedBy!);
    }
}

function rank(eni: Eni, source: Eni): number {
    return eni.subnet === source.subnet ? 2 : eni.subnet?.props.availabilityZone === source.subnet?.props.availabilityZone ? 1 : 0;
}

/** An internal load balancer is reachable only from inside its VPC; its targets then see the client (client IP preservation). */
function toLoadBalancer(model: NetworkModel, trace: Trace, source: Source, balancer: StackNode, flow: Flow): void {
    const nodes = loadBalancerEnis(model, balancer);
    const vpc = nodes[0]?.vpc;
    if (balancer.props.internal === true && (source.kind === "outside" || source.eni.vpc !== vpc)) {
        trace.block({
            type: "LoadBalancer",
            name: nameOf(balancer),
            urn: balancer.urn,
            explanationCode: "NO_ROUTE_TO_DESTINATION",
            rule: `${nameOf(balancer)} is internal to ${vpc ? nameOf(vpc) : "its VPC"}: its addresses are private there, and no route leads to them from ${source.kind === "eni" && source.eni.vpc ? nameOf(source.eni.vpc) : "outside"}`,
        });
    }
    if (source.kind === "outside") {
        trace.unknown(`${nameOf(balancer)} is internet-facing; its public path is not analysed offline`);
    }
    const node = nodes.find((n) => n.subnet === source.eni.subnet) ?? nodes[0];
    if (!node) {
        trace.unknown(`${nameOf(balancer)} lists no subnets`);
    }
    eniToEni(model, trace, source.eni, node, flow);
    toTargets(model, trace, balancer, flow, { eni: source.eni }, node);
}

/** To an endpoint service: through the source VPC's interface endpoint of that service. */
function toEndpointService(model: NetworkModel, trace: Trace, source: Source, service: StackNode, flow: Flow): void {
    const vpc = source.kind === "eni" ? source.eni.vpc : undefined;
    const endpoint = vpc ? model.referring(T.vpcEndpoint, "vpcId", vpc.props.id).find((e) => e.props.serviceName === service.props.serviceName) : undefined;
    if (!endpoint) {
        trace.block({
            type: "VpcEndpointService",
            name: nameOf(service),
            urn: service.urn,
            explanationCode: "NO_ROUTE_TO_DESTINATION",
            rule: `${vpc ? nameOf(vpc) : "the source"} has no interface endpoint of ${nameOf(service)}: PrivateLink is the only way to an endpoint service`,
        });
    }
    toEndpoint(model, trace, source, endpoint, flow);
}

/** `s3://bucket`: the network path to S3 over https, then the endpoint and bucket policies. */
function toS3(model: NetworkModel, trace: Trace, source: Source, bucket: string): void {
    const flow: Flow = { protocol: "tcp", port: 443 };
    if (source.kind === "outside") {
        trace.add({ type: "AwsService", name: "s3", via: "over the internet" });
        evaluateS3Request(model, trace, { bucket, principalArn: null, principalAccount: null });
        return;
    }
    const vpc = source.eni.vpc;
    const resolved = resolveName(model, `s3.${model.region ?? "region"}.amazonaws.com`, vpc);
    if (resolved.kind === "resolved" && resolved.destination.kind === "endpoint") {
        toEndpoint(model, trace, source, resolved.destination.endpoint, flow);
        evaluateS3Request(model, trace, { bucket, endpoint: resolved.destination.endpoint, vpc, principalArn: instanceRoleArn(model, source.eni.owner), principalAccount: model.accountId ?? null });
        return;
    }
    const gateway = eniToOutside(model, trace, source.eni, servicePeer(model, "s3", vpc), flow);
    trace.add({ type: "AwsService", name: "s3", via: gateway ? `through gateway endpoint ${String(gateway.props.id)}` : "over the internet" });
    const principalArn = source.eni.owner.type === T.instance ? instanceRoleArn(model, source.eni.owner) : null;
    evaluateS3Request(model, trace, { bucket, ...(gateway ? { endpoint: gateway, vpc } : {}), principalArn, principalAccount: model.accountId ?? null });
}

function describeSource(source: Source, query: string): ReachEnd {
    if (source.kind === "outside") {
        return { query, type: source.peer.kind === "internet" ? "Internet" : "Address", name: source.kind === "outside" && source.peer.kind === "internet" ? INTERNET_LABEL : source.label, ...(source.address ? { address: source.address } : {}) };
    }
    return endEni(source.eni, query);
}

function endEni(eni: Eni, query: string): ReachEnd {
    return { query, type: eni.ownerType, name: eni.name, urn: eni.owner.urn, ...(eni.address ? { address: eni.address } : {}), ...(eni.vpc ? { vpcUrn: eni.vpc.urn } : {}) };
}

function describeDestination(model: NetworkModel, destination: Destination, query: string): ReachEnd {
    switch (destination.kind) {
        case "eni":
            return { ...endEni(destination.eni, query), ...(destination.addressedAt ? { address: destination.addressedAt } : {}) };
        case "endpoint":
            return { query, type: "VpcEndpoint", name: nameOf(destination.endpoint), urn: destination.endpoint.urn, ...vpcUrn(model, destination.endpoint) };
        case "loadBalancer":
            return { query, type: "LoadBalancer", name: nameOf(destination.balancer), urn: destination.balancer.urn };
        case "endpointService":
            return { query, type: "VpcEndpointService", name: nameOf(destination.service), urn: destination.service.urn };
        case "outside":
            return { query, type: destination.peer.kind === "aws-public" ? "AwsService" : destination.peer.kind === "internet" ? "Internet" : "Address", name: destination.peer.kind === "internet" ? INTERNET_LABEL : destination.peer.label, ...(destination.address ? { address: destination.address } : {}) };
        case "dns":
            return { query, type: "AwsService", name: destination.name };
        case "s3":
            return { query, type: "AwsService", name: `s3://${destination.bucket}` };
    }
}

function vpcUrn(model: NetworkModel, node: StackNode): { vpcUrn?: string } {
    const vpc = model.vpcOf(node);
    return vpc ? { vpcUrn: vpc.urn } : {};
}

export type { Hop };
