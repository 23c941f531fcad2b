import { StackNode } from "../stack/stackIndex";
import { formatRange, parseRange, Peer, Range } from "./addresses";
import { Eni, hopInterface, instanceEni, loadBalancerEnis } from "./eni";
import { list, nameOf, NetworkModel, str } from "./model";
import { eniToEni } from "./path";
import { Outcome, Trace } from "./trace";
import { Flow, T } from "./types";

/** The endpoint service an interface endpoint connects to, when it is one of the stack's. */
export function serviceOfEndpoint(model: NetworkModel, endpoint: StackNode): StackNode | undefined {
    return model.ofType(T.vpcEndpointService).find((service) => service.props.serviceName === endpoint.props.serviceName);
}

/**
 * The consumer side of PrivateLink: the endpoint's connection must be accepted (a pending
 * connection carries nothing), then the service hands the flow to its network load balancer.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/configure-endpoint-service.html#accept-reject-connection-requests
 */
export function throughEndpointService(model: NetworkModel, trace: Trace, endpoint: StackNode, service: StackNode, flow: Flow, endpointEni?: Eni): void {
    const accepter = model.referring(T.connectionAccepter, "vpcEndpointId", endpoint.props.id)[0];
    const state = service.props.acceptanceRequired === false ? "available" : (str(accepter?.props.vpcEndpointState) ?? str(endpoint.props.state) ?? "unknown");
    if (state === "unknown") {
        trace.unknown(`the connection state of ${nameOf(endpoint)} to ${nameOf(service)} is not in the records`);
    }
    if (state !== "available") {
        trace.block({
            type: "VpcEndpoint",
            name: nameOf(endpoint),
            urn: endpoint.urn,
            explanationCode: "VPC_ENDPOINT_CONNECTION_NOT_ACCEPTED",
            rule: `the connection to ${nameOf(service)} is ${state}: ${nameOf(service)} requires acceptance and nothing flows until the provider accepts it (aws ec2 accept-vpc-endpoint-connections)`,
        });
    }
    trace.add({ type: "VpcEndpointService", name: nameOf(service), urn: service.urn, via: accepter ? `connection ${state} (accepted by ${accepter.name})` : `connection ${state}` });
    const balancers = list(service.props.networkLoadBalancerArns)
        .map((arn) => model.byId(arn))
        .filter((b): b is StackNode => b !== undefined);
    const balancer = balancers[0];
    if (!balancer) {
        trace.unknown(`the load balancer behind ${nameOf(service)} is not in the stack`);
    }
    // PrivateLink hands the flow to the load balancer node in the endpoint ENI's zone.
    const zone = endpointEni?.subnet?.props.availabilityZone;
    toTargets(model, trace, balancer, flow, undefined, loadBalancerEnis(model, balancer).find((n) => n.subnet?.props.availabilityZone === zone));
}

function listenerFor(model: NetworkModel, balancer: StackNode, flow: Flow): StackNode | undefined {
    const listeners = [...model.referring(T.listener, "loadBalancerArn", balancer.props.arn), ...model.referring(T.albListener, "loadBalancerArn", balancer.props.arn)];
    return listeners.find((listener) => {
        const protocol = String(listener.props.protocol ?? "").toUpperCase();
        const carries = flow.protocol === "tcp" ? ["TCP", "TCP_UDP", "TLS", "HTTP", "HTTPS"].includes(protocol) : flow.protocol === "udp" ? ["UDP", "TCP_UDP"].includes(protocol) : false;
        return carries && listener.props.port === flow.port;
    });
}

/**
 * A load balancer's listener, target group and targets. Through PrivateLink (and when the
 * target group does not preserve client IPs) the targets see the load balancer's private
 * addresses, any address of its subnets; with client IP preservation they see the client.
 * Reachable when one target is (the balancer sends each flow to one healthy target).
 */
export function toTargets(model: NetworkModel, trace: Trace, balancer: StackNode, flow: Flow, client: { eni: Eni } | undefined, entry?: Eni): void {
    const listener = listenerFor(model, balancer, flow);
    if (!listener) {
        trace.block({
            type: "LoadBalancer",
            name: nameOf(balancer),
            urn: balancer.urn,
            explanationCode: "NO_LISTENER_FOR_PORT",
            rule: `${nameOf(balancer)} has no listener for ${flow.protocol}${flow.port ? ` ${flow.port}` : ""}`,
        });
    }
    const nodes = loadBalancerEnis(model, balancer);
    const entryNode = entry ?? nodes[0];
    trace.add({
        type: "LoadBalancer",
        name: nameOf(balancer),
        urn: balancer.urn,
        via: `listener ${nameOf(listener)}: ${String(listener.props.protocol)} ${String(listener.props.port)}`,
        ...(entryNode ? { interface: hopInterface(entryNode, "ingress") } : {}),
    });
    const forward = list(listener.props.defaultActions).map((a) => (a as Record<string, unknown> | undefined)?.targetGroupArn)[0];
    const group = model.byId(forward);
    if (!group) {
        trace.unknown(`the target group ${String(forward)} of ${nameOf(listener)} is not in the stack`);
    }
    trace.add({ type: "TargetGroup", name: nameOf(group), urn: group.urn, via: `forward to ${String(group.props.protocol)} ${String(group.props.port)}` });
    const attachments = [...model.referring(T.targetGroupAttachment, "targetGroupArn", group.props.arn), ...model.referring(T.albTargetGroupAttachment, "targetGroupArn", group.props.arn)];
    if (attachments.length === 0) {
        trace.block({ type: "TargetGroup", name: nameOf(group), urn: group.urn, explanationCode: "TARGET_GROUP_NO_TARGETS", rule: `${nameOf(group)} has no registered targets` });
    }
    const ranges = nodes.map((n) => parseRange(n.subnet?.props.cidrBlock)).filter((r): r is Range => r !== undefined);
    const balancerPeer: Peer = { kind: "ranges", ranges, label: `${nameOf(balancer)}'s private addresses (${ranges.map(formatRange).join(", ")})` };
    const preserve = client !== undefined && group.props.targetType !== "ip" && group.props.preserveClientIp !== "false";
    const outcomes: Outcome[] = attachments.map((attachment) => {
        const target = model.byId(attachment.props.targetId);
        return Trace.run((sub) => {
            if (!target || target.type !== T.instance) {
                sub.unknown(`target ${String(attachment.props.targetId)} of ${nameOf(group)} is not an instance of the stack`);
            }
            const instance = target as StackNode;
            const targetEni = instanceEni(model, instance);
            const node = nodes.find((n) => n.subnet?.props.availabilityZone === targetEni.subnet?.props.availabilityZone) ?? nodes[0];
            const port = typeof attachment.props.port === "number" ? attachment.props.port : typeof group.props.port === "number" ? group.props.port : flow.port;
            eniToEni(model, sub, node, targetEni, { ...flow, port }, { srcPeer: preserve && client ? undefined : balancerPeer, midPath: true });
            sub.add({ type: "Instance", name: targetEni.name, urn: instance.urn, via: `target on port ${String(port)}`, interface: { ownerUrn: instance.urn, ...(targetEni.subnet ? { subnetUrn: targetEni.subnet.urn } : {}), ...(targetEni.address ? { address: targetEni.address } : {}), direction: "ingress" } });
        });
    });
    const chosen = outcomes.find((o) => o.reachable === true) ?? outcomes.find((o) => o.reachable === null) ?? outcomes[0];
    trace.hops.push(...chosen.hops);
    if (chosen.reachable !== true) {
        if (chosen.reachable === null) {
            trace.unknown(chosen.unknownReason ?? "a target cannot be analysed");
        }
        trace.block(chosen.blockedBy!);
    }
}
