import { StackNode } from "../stack/stackIndex";
import { DnsAnswer } from "./answer";
import { endpointEnis, instanceEni } from "./eni";
import { list, nameOf, NetworkModel, str } from "./model";
import { Destination, endpointSubnetCidrs } from "./resolveEnds";
import { T } from "./types";

/** What a DNS name resolves to from the asking VPC, as a destination with the DNS answer. */
export type Resolution =
    | { readonly kind: "resolved"; readonly destination: Exclude<Destination, { kind: "dns" }>; readonly dns: DnsAnswer; readonly service?: string }
    | { readonly kind: "service"; readonly service: string; readonly dns: DnsAnswer }
    | { readonly kind: "unknown"; readonly reason: string };

const AWS_SERVICE_HOST = /^([a-z0-9.-]+?)\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/;

/** `s3` for `s3.ap-northeast-2.amazonaws.com`, with its region. */
export function awsServiceOfHost(name: string): { service: string; region: string } | undefined {
    const match = AWS_SERVICE_HOST.exec(name);
    if (!match || match[1].startsWith("vpce-") || name.endsWith(".vpce.amazonaws.com") || name.includes(".elb.")) {
        return undefined;
    }
    return { service: match[1], region: match[2] };
}

function endpointAnswer(model: NetworkModel, name: string, endpoint: StackNode, note: string): DnsAnswer {
    const cidrs = endpointSubnetCidrs(model, endpoint);
    const enis = list(endpoint.props.networkInterfaceIds);
    return {
        name,
        addresses: [],
        private: true,
        interfaces: cidrs.map((subnetCidr, i) => ({ ...(typeof enis[i] === "string" ? { id: enis[i] as string } : {}), ...(subnetCidr ? { subnetCidr } : {}) })),
        note,
    };
}

/** Whether private DNS of an interface endpoint answers in its VPC: it needs the VPC's DNS support and DNS hostnames. */
function privateDnsActive(endpoint: StackNode, vpc: StackNode | undefined): { active: boolean; why: string } {
    if (endpoint.props.privateDnsEnabled !== true) {
        return { active: false, why: `private DNS is off on ${nameOf(endpoint)}` };
    }
    const support = vpc?.props.enableDnsSupport !== false;
    const hostnames = vpc?.props.enableDnsHostnames === true;
    if (!support || !hostnames) {
        return { active: false, why: `${nameOf(endpoint)} has private DNS on, but ${vpc ? nameOf(vpc) : "its VPC"} has ${!support ? "DNS support" : "DNS hostnames"} off, so the private hosted zone does not answer` };
    }
    return { active: true, why: `private DNS of ${nameOf(endpoint)} (${vpc ? nameOf(vpc) : "its VPC"} has DNS support and hostnames on)` };
}

/**
 * Resolves a name as the Amazon-provided resolver of the asking VPC would: an AWS service's
 * name goes to the ENIs of an interface endpoint with private DNS in that VPC, else to the
 * service's public addresses; an endpoint's own DNS names and a load balancer's name go to
 * their ENIs from anywhere (public records of private addresses).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns
 */
export function resolveName(model: NetworkModel, name: string, askingVpc: StackNode | undefined): Resolution {
    for (const endpoint of model.ofType(T.vpcEndpoint)) {
        const entries = list(endpoint.props.dnsEntries).map((e) => str((e as Record<string, unknown> | undefined)?.dnsName));
        const own = entries.filter((entry) => entry !== undefined && awsServiceOfHost(entry) === undefined);
        if (own.includes(name)) {
            return { kind: "resolved", destination: { kind: "endpoint", endpoint }, dns: endpointAnswer(model, name, endpoint, `the endpoint-specific name of ${nameOf(endpoint)}`) };
        }
    }
    for (const balancer of model.ofType(T.loadBalancer, T.albLoadBalancer)) {
        if (balancer.props.dnsName === name) {
            const interfaces = list(balancer.props.subnets).map((id) => ({ ...(str(model.byId(id)?.props.cidrBlock) ? { subnetCidr: str(model.byId(id)?.props.cidrBlock) } : {}) }));
            const internal = balancer.props.internal === true;
            return {
                kind: "resolved",
                destination: { kind: "loadBalancer", balancer },
                dns: { name, addresses: [], private: internal, interfaces, note: `${nameOf(balancer)} is ${internal ? "internal: its name answers with private addresses of its nodes" : "internet-facing: its name answers with public addresses"}` },
            };
        }
    }
    for (const instance of model.ofType(T.instance)) {
        if (instance.props.privateDns === name || instance.props.publicDns === name) {
            const isPublic = instance.props.publicDns === name;
            const address = str(isPublic ? instance.props.publicIp : instance.props.privateIp);
            return {
                kind: "resolved",
                destination: { kind: "eni", eni: instanceEni(model, instance), ...(address ? { addressedAt: address } : {}) },
                dns: { name, addresses: address ? [address] : [], private: !isPublic },
            };
        }
    }
    const aws = awsServiceOfHost(name);
    if (!aws) {
        return { kind: "unknown", reason: `${name} is neither a DNS name of the stack's endpoints, load balancers or instances nor an AWS service name, so what it resolves to cannot be known offline` };
    }
    if (model.region && aws.region !== model.region) {
        return { kind: "service", service: aws.service, dns: { name, addresses: [], private: false, note: `a service of another region (${aws.region}): public addresses` } };
    }
    const serviceName = `com.amazonaws.${aws.region}.${aws.service}`;
    const endpoints = askingVpc ? model.referring(T.vpcEndpoint, "vpcId", askingVpc.props.id).filter((e) => e.props.serviceName === serviceName && e.props.vpcEndpointType === "Interface") : [];
    const notes: string[] = [];
    for (const endpoint of endpoints) {
        const dns = privateDnsActive(endpoint, askingVpc);
        if (dns.active) {
            return { kind: "resolved", destination: { kind: "endpoint", endpoint }, dns: endpointAnswer(model, name, endpoint, dns.why), service: aws.service };
        }
        notes.push(dns.why);
    }
    return {
        kind: "service",
        service: aws.service,
        dns: { name, addresses: [], private: false, note: notes.length > 0 ? `${notes.join("; ")}: the service's public addresses` : "no interface endpoint with private DNS in the asking VPC: the service's public addresses" },
    };
}

export { endpointEnis };
