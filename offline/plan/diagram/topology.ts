import { RecordedResource } from "../../../lib/records";
import { nameTag, props, ResourceGraph, ROOT_STACK_TYPE } from "../resourceGraph";
import { expandAwsxVpcs } from "./awsxExpansion";
import { destinationLabel, lines, serviceShortName, shortType } from "./labels";
import { naclRuleLines } from "./nacls";
import { T, str } from "./resourceTypes";
import { DIAGRAM_WORDS, DiagramLang, DiagramWords } from "./words";
import { EdgeKind, NodeKind, Topology, TopologyEdge, TopologyGroup, TopologyNode, TopologyZone } from "./topologyModel";

export { serviceShortName } from "./labels";
export type { EdgeKind, NodeKind, Topology, TopologyEdge, TopologyGroup, TopologyNode, TopologySubnet, TopologyVpc, TopologyZone } from "./topologyModel";

/** The classic `aws:alb/...` and `aws:elasticloadbalancingv2/...` tokens are aliases of `aws:lb/...`. */
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer"];
const LISTENERS = [T.listener, "aws:alb/listener:Listener", "aws:elasticloadbalancingv2/listener:Listener"];
const ATTACHMENTS = [T.targetGroupAttachment, "aws:alb/targetGroupAttachment:TargetGroupAttachment", "aws:elasticloadbalancingv2/targetGroupAttachment:TargetGroupAttachment"];
const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const ROUTE_TABLES = [T.routeTable, T.defaultRouteTable];

/** A route's target properties, in the order AWS documents them. */
const ROUTE_TARGETS = ["gatewayId", "natGatewayId", "vpcEndpointId", "networkInterfaceId", "transitGatewayId", "vpcPeeringConnectionId", "egressOnlyGatewayId", "carrierGatewayId", "localGatewayId", "coreNetworkArn"];

/** Builds the diagram's model from a stack's resources. */
export function buildTopology(resources: readonly RecordedResource[], title: string, lang: DiagramLang = "en"): Topology {
    const { expanded, publicSubnetIds } = expandAwsxVpcs(resources);
    return new TopologyBuilder([...resources, ...expanded], title, publicSubnetIds, DIAGRAM_WORDS[lang]).build();
}

interface MutableSubnet {
    id: string;
    anchor: string;
    label: string;
    zone: string;
    tier: "public" | "private";
    nodes: TopologyNode[];
}
interface MutableVpc {
    id: string;
    anchor: string;
    label: string;
    subnets: MutableSubnet[];
    nodes: TopologyNode[];
}
interface MutableGroup {
    /** Where the lab's component was registered: labs are drawn in the order the program builds them. */
    order: number;
    id: string;
    label: string;
    vpcs: MutableVpc[];
    nodes: TopologyNode[];
}

class TopologyBuilder {
    private readonly graph: ResourceGraph;
    private readonly groups = new Map<string, MutableGroup>();
    private readonly vpcs = new Map<string, MutableVpc>();
    private readonly subnets = new Map<string, MutableSubnet>();
    /** Diagram node IDs by resource URN. */
    private readonly nodeIds = new Map<string, string>();
    private readonly edges: TopologyEdge[] = [];
    private readonly edgeKeys = new Set<string>();
    private readonly index = new Map<string, number>();
    private externals = 0;

    constructor(
        private readonly resources: readonly RecordedResource[],
        private readonly title: string,
        /** Subnets known to be public without a route to show it (an awsx VPC's public subnets offline). */
        private readonly publicSubnetIds: ReadonlySet<string> = new Set(),
        private readonly words: DiagramWords = DIAGRAM_WORDS.en,
    ) {
        this.graph = new ResourceGraph(resources);
        resources.forEach((r, i) => this.index.set(r.urn, i));
    }

    build(): Topology {
        for (const vpc of this.ofType(T.vpc)) {
            this.addVpc(vpc);
        }
        for (const subnet of this.ofType(T.subnet)) {
            this.addSubnet(subnet);
        }
        this.addGateways();
        this.addRouteTables();
        this.addNetworkAcls();
        this.addEndpoints();
        this.addInstances();
        this.addLoadBalancers();
        this.addEndpointServices();
        this.addFlowLogs();
        this.markPublicSubnets();
        const groups: TopologyGroup[] = [...this.groups.values()]
            .sort((a, b) => a.order - b.order)
            .map((group) => ({
                id: group.id,
                label: group.label,
                nodes: group.nodes,
                // By name: registration order follows the engine's answers, not the program's lines.
                vpcs: [...group.vpcs].sort((a, b) => a.label.localeCompare(b.label)).map((vpc) => ({
                    id: vpc.id,
                    anchor: vpc.anchor,
                    label: vpc.label,
                    nodes: vpc.nodes,
                    zones: zonesOf(vpc),
                })),
            }))
            .filter((group) => group.vpcs.length > 0 || group.nodes.length > 0);
        return { title: this.title, groups, edges: this.edges };
    }

    // -- structure --------------------------------------------------------------------------

    private ofType(...types: string[]): RecordedResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    private key(resource: RecordedResource): number {
        return this.index.get(resource.urn) ?? -1;
    }

    private groupOf(resource: RecordedResource): MutableGroup {
        // A lab is a component under the stack; resources the stack holds directly form one group.
        const found = this.graph.topLevelOf(resource);
        const top = found && !found.custom && found.type !== ROOT_STACK_TYPE ? found : undefined;
        const id = top ? `cluster_g${this.key(top)}` : "cluster_stack";
        let group = this.groups.get(id);
        if (!group) {
            group = { order: top ? this.key(top) : Number.MAX_SAFE_INTEGER, id, label: top ? `${top.name}  (${shortType(top.type)})` : "resources outside components", vpcs: [], nodes: [] };
            this.groups.set(id, group);
        }
        return group;
    }

    private addVpc(vpc: RecordedResource): void {
        const p = props(vpc);
        const entry: MutableVpc = {
            id: `cluster_v${this.key(vpc)}`,
            anchor: `v${this.key(vpc)}`,
            label: lines(nameTag(vpc) ?? vpc.name, `VPC ${str(p.cidrBlock) ?? ""}`),
            subnets: [],
            nodes: [],
        };
        this.vpcs.set(vpc.urn, entry);
        this.nodeIds.set(vpc.urn, entry.anchor);
        this.groupOf(vpc).vpcs.push(entry);
    }

    private vpcOf(resource: RecordedResource, property = "vpcId"): MutableVpc | undefined {
        const [vpc] = this.graph.referenced(resource, property, [T.vpc]);
        return vpc ? this.vpcs.get(vpc.urn) : undefined;
    }

    private addSubnet(subnet: RecordedResource): void {
        const vpc = this.vpcOf(subnet);
        if (!vpc) {
            return;
        }
        const p = props(subnet);
        const entry: MutableSubnet = {
            id: `cluster_s${this.key(subnet)}`,
            anchor: `s${this.key(subnet)}`,
            label: lines(nameTag(subnet) ?? subnet.name, str(p.cidrBlock) ?? ""),
            zone: str(p.availabilityZone) ?? str(p.availabilityZoneId) ?? "zone unknown",
            tier: this.publicSubnetIds.has(subnet.id) ? "public" : "private",
            nodes: [],
        };
        vpc.subnets.push(entry);
        this.subnets.set(subnet.urn, entry);
        this.nodeIds.set(subnet.urn, entry.anchor);
    }

    private subnetsOf(resource: RecordedResource, property: string): MutableSubnet[] {
        return this.graph
            .referenced(resource, property, [T.subnet])
            .map((s) => this.subnets.get(s.urn))
            .filter((s): s is MutableSubnet => s !== undefined);
    }

    /** Places a node for a resource: in a subnet, else a VPC, else its group. */
    private place(resource: RecordedResource, kind: NodeKind, label: string, where: { subnet?: MutableSubnet; vpc?: MutableVpc }): string {
        const id = `n${this.key(resource)}`;
        const node: TopologyNode = { id, kind, label, urn: resource.urn };
        if (where.subnet) {
            where.subnet.nodes.push(node);
        } else if (where.vpc) {
            where.vpc.nodes.push(node);
        } else {
            this.groupOf(resource).nodes.push(node);
        }
        this.nodeIds.set(resource.urn, id);
        return id;
    }

    private edge(from: string | undefined, to: string | undefined, kind: EdgeKind, label?: string): void {
        if (!from || !to) {
            return;
        }
        const key = `${from}>${to}>${kind}>${label ?? ""}`;
        if (!this.edgeKeys.has(key)) {
            this.edgeKeys.add(key);
            this.edges.push(label === undefined ? { from, to, kind } : { from, to, kind, label });
        }
    }

    private nodeOf(resource: RecordedResource | undefined): string | undefined {
        return resource ? this.nodeIds.get(resource.urn) : undefined;
    }

    /** A node for something the stack refers to but does not hold (a peering, a transit gateway). */
    private external(vpc: MutableVpc, label: string): string {
        const id = `x${this.externals++}`;
        vpc.nodes.push({ id, kind: "external", label });
        return id;
    }

    // -- gateways and routing ----------------------------------------------------------------

    private addGateways(): void {
        for (const igw of this.ofType(T.igw, T.egressIgw)) {
            const vpc = this.vpcOf(igw);
            const kind = igw.type === T.igw ? "Internet gateway" : "Egress-only IGW";
            this.place(igw, "internet-gateway", lines(nameTag(igw) ?? igw.name, kind), { vpc });
        }
        for (const nat of this.ofType(T.nat)) {
            const [subnet] = this.subnetsOf(nat, "subnetId");
            const p = props(nat);
            const detail = [str(p.connectivityType) === "private" ? "private NAT" : "NAT gateway", str(p.publicIp)].filter(Boolean).join(" · ");
            this.place(nat, "nat-gateway", lines(nameTag(nat) ?? nat.name, detail), { subnet });
        }
    }

    private addRouteTables(): void {
        for (const table of this.ofType(...ROUTE_TABLES)) {
            const vpc = this.vpcOf(table) ?? this.vpcOf(table, "defaultRouteTableId");
            this.place(table, "route-table", lines(nameTag(table) ?? table.name, table.type === T.defaultRouteTable ? "main route table" : "route table"), { vpc });
            const inline = props(table).routes;
            if (Array.isArray(inline)) {
                for (const route of inline as Record<string, unknown>[]) {
                    this.addRoute(table, vpc, route, {});
                }
            }
        }
        for (const route of this.ofType(T.route)) {
            const [table] = this.graph.referenced(route, "routeTableId", ROUTE_TABLES);
            if (table) {
                this.addRoute(table, this.vpcOfNode(table), props(route), route.propertyDependencies);
            }
        }
        for (const association of this.ofType(T.association)) {
            const [table] = this.graph.referenced(association, "routeTableId", ROUTE_TABLES);
            for (const subnet of this.subnetsOf(association, "subnetId")) {
                this.edge(this.nodeOf(table), subnet.anchor, "association");
            }
        }
    }

    /** Each network ACL in its VPC with its rules listed, dotted to the subnets it guards. */
    private addNetworkAcls(): void {
        const rules = this.ofType(T.networkAclRule);
        for (const nacl of this.ofType(T.networkAcl)) {
            const own = rules.filter((rule) => this.graph.referenced(rule, "networkAclId", [T.networkAcl])[0]?.urn === nacl.urn);
            const id = this.place(nacl, "network-acl", lines(nameTag(nacl) ?? nacl.name, this.words.networkAcl, ...naclRuleLines(nacl, own, this.words)), { vpc: this.vpcOf(nacl) });
            for (const subnet of this.subnetsOf(nacl, "subnetIds")) {
                this.edge(id, subnet.anchor, "nacl");
            }
        }
        for (const association of this.ofType(T.networkAclAssociation)) {
            const [nacl] = this.graph.referenced(association, "networkAclId", [T.networkAcl]);
            for (const subnet of this.subnetsOf(association, "subnetId")) {
                this.edge(this.nodeOf(nacl), subnet.anchor, "nacl");
            }
        }
    }

    private vpcOfNode(resource: RecordedResource): MutableVpc | undefined {
        return this.vpcOf(resource);
    }

    /** An edge from a route table to a route's target, labelled with the destination. */
    private addRoute(table: RecordedResource, vpc: MutableVpc | undefined, route: Record<string, unknown>, dependencies: Readonly<Record<string, readonly string[]>>): void {
        const destination =
            str(route.destinationCidrBlock) ?? str(route.cidrBlock) ?? str(route.destinationIpv6CidrBlock) ?? str(route.ipv6CidrBlock) ?? this.prefixListLabel(route.destinationPrefixListId ?? route.destinationPrefixListId);
        for (const property of ROUTE_TARGETS) {
            const value = route[property];
            if (typeof value !== "string" || value === "") {
                continue;
            }
            const target = this.graph.byValue(value) ?? this.graph.byUrn((dependencies[property] ?? [])[0]);
            const to = this.nodeOf(target) ?? (vpc ? this.external(vpc, lines(value, property.replace(/Id$/, ""))) : undefined);
            this.edge(this.nodeOf(table), to, "route", destination);
        }
    }

    private prefixListLabel(value: unknown): string | undefined {
        if (typeof value !== "string") {
            return undefined;
        }
        const endpoint = this.ofType(T.endpoint).find((e) => props(e).prefixListId === value);
        return endpoint ? serviceShortName(str(props(endpoint).serviceName) ?? "") : value;
    }

    // -- endpoints ---------------------------------------------------------------------------

    private addEndpoints(): void {
        for (const endpoint of this.ofType(T.endpoint)) {
            const p = props(endpoint);
            const vpc = this.vpcOf(endpoint);
            const type = str(p.vpcEndpointType) ?? "Gateway";
            const service = serviceShortName(str(p.serviceName) ?? "");
            if (type === "Gateway") {
                const id = this.place(endpoint, "gateway-endpoint", lines(nameTag(endpoint) ?? endpoint.name, `gateway endpoint · ${service}`), { vpc });
                for (const table of this.graph.referenced(endpoint, "routeTableIds", ROUTE_TABLES)) {
                    this.edge(this.nodeOf(table), id, "route", service);
                }
                continue;
            }
            // A PrivateLink service of the stack is named by its Name tag, not its generated ID.
            const provider = this.ofType(T.endpointService).find((s) => props(s).serviceName === p.serviceName);
            const target = provider ? `→ ${nameTag(provider) ?? provider.name}` : service;
            const details = [`${type.toLowerCase()} endpoint · ${target}`, p.privateDnsEnabled === true ? "private DNS" : undefined];
            const id = this.place(endpoint, "interface-endpoint", lines(nameTag(endpoint) ?? endpoint.name, ...details), { vpc });
            for (const subnet of this.subnetsOf(endpoint, "subnetIds")) {
                this.edge(id, subnet.anchor, "eni");
            }
        }
        for (const association of this.ofType(T.endpointRouteTable)) {
            const [endpoint] = this.graph.referenced(association, "vpcEndpointId", [T.endpoint]);
            const [table] = this.graph.referenced(association, "routeTableId", ROUTE_TABLES);
            const service = endpoint ? serviceShortName(str(props(endpoint).serviceName) ?? "") : "";
            this.edge(this.nodeOf(table), this.nodeOf(endpoint), "route", service);
        }
        for (const association of this.ofType(T.endpointSubnet)) {
            const [endpoint] = this.graph.referenced(association, "vpcEndpointId", [T.endpoint]);
            for (const subnet of this.subnetsOf(association, "subnetId")) {
                this.edge(this.nodeOf(endpoint), subnet.anchor, "eni");
            }
        }
    }

    private addInstances(): void {
        for (const instance of this.ofType(T.instance)) {
            const p = props(instance);
            const [subnet] = this.subnetsOf(instance, "subnetId");
            const address = [str(p.privateIp), str(p.publicIp) ? `public ${str(p.publicIp)}` : undefined].filter(Boolean).join(" · ");
            this.place(instance, "instance", lines(nameTag(instance) ?? instance.name, `EC2 ${str(p.instanceType) ?? ""}`.trim(), address), { subnet });
        }
    }

    private addLoadBalancers(): void {
        for (const lb of this.ofType(...LOAD_BALANCERS)) {
            const p = props(lb);
            const subnets = [...this.subnetsOf(lb, "subnets")];
            const mappings = Array.isArray(p.subnetMappings) ? (p.subnetMappings as Record<string, unknown>[]) : [];
            for (const mapping of mappings) {
                const found = this.subnets.get(this.graph.byValue(mapping.subnetId)?.urn ?? "");
                if (found) {
                    subnets.push(found);
                }
            }
            const vpc = [...this.vpcs.values()].find((v) => subnets.some((s) => v.subnets.includes(s)));
            const kind = `${str(p.loadBalancerType) ?? "application"} LB · ${p.internal === true ? "internal" : "internet-facing"}`;
            const id = this.place(lb, "load-balancer", lines(nameTag(lb) ?? str(p.name) ?? lb.name, kind), { vpc });
            for (const subnet of new Set(subnets)) {
                this.edge(id, subnet.anchor, "eni");
            }
        }
        // Listener (load balancer, default action's target group) + attachment (target group, target).
        for (const attachment of this.ofType(...ATTACHMENTS)) {
            const ap = props(attachment);
            const target = this.graph.byValue(ap.targetId);
            for (const listener of this.ofType(...LISTENERS)) {
                const lp = props(listener);
                const actions = Array.isArray(lp.defaultActions) ? (lp.defaultActions as Record<string, unknown>[]) : [];
                if (!actions.some((a) => a.targetGroupArn === ap.targetGroupArn)) {
                    continue;
                }
                const [lb] = this.graph.referenced(listener, "loadBalancerArn", LOAD_BALANCERS);
                const port = ap.port ?? lp.port;
                this.edge(this.nodeOf(lb), this.nodeOf(target), "target", [str(lp.protocol)?.toLowerCase(), port].filter((x) => x !== undefined).join(" "));
            }
        }
    }

    private addEndpointServices(): void {
        for (const service of this.ofType(T.endpointService)) {
            const p = props(service);
            const lbs = [...this.graph.referenced(service, "networkLoadBalancerArns", LOAD_BALANCERS), ...this.graph.referenced(service, "gatewayLoadBalancerArns", LOAD_BALANCERS)];
            const vpc = [...this.vpcs.values()].find((v) => lbs.some((lb) => v.nodes.some((n) => n.urn === lb.urn)));
            const detail = p.acceptanceRequired === false ? "auto-accept" : "acceptance required";
            const id = this.place(service, "endpoint-service", lines(nameTag(service) ?? service.name, "endpoint service", detail), { vpc });
            for (const lb of lbs) {
                this.edge(this.nodeOf(lb), id, "service");
            }
            const serviceName = str(p.serviceName);
            for (const endpoint of this.ofType(T.endpoint)) {
                const ep = props(endpoint);
                const linked = (serviceName !== undefined && ep.serviceName === serviceName) || (endpoint.propertyDependencies.serviceName ?? []).includes(service.urn);
                if (!linked) {
                    continue;
                }
                const accepted = this.ofType(T.accepter).some(
                    (a) => this.graph.referenced(a, "vpcEndpointId", [T.endpoint]).includes(endpoint) && this.graph.referenced(a, "vpcEndpointServiceId", [T.endpointService]).includes(service),
                );
                const state = accepted || p.acceptanceRequired === false ? "accepted" : "pending acceptance";
                this.edge(this.nodeOf(endpoint), id, "privatelink", `PrivateLink (${state})`);
            }
        }
    }

    // -- flow logs ----------------------------------------------------------------------------

    private addFlowLogs(): void {
        const destinations = new Map<string, string>();
        for (const flowLog of this.ofType(T.flowLog)) {
            const p = props(flowLog);
            const interval = typeof p.maxAggregationInterval === "number" ? `${p.maxAggregationInterval} s` : undefined;
            const id = this.place(flowLog, "flow-log", lines(nameTag(flowLog) ?? flowLog.name, ["flow log", str(p.trafficType), interval].filter(Boolean).join(" · ")), {});
            for (const scope of ["vpcId", "subnetId", "eniId"]) {
                for (const source of this.graph.referenced(flowLog, scope)) {
                    this.edge(this.nodeOf(source) ?? this.nodeOf(this.graph.byUrn(source.urn)), id, "flow-log");
                }
            }
            const destination = this.destinationOf(flowLog);
            if (destination.resource) {
                let node = this.nodeOf(destination.resource);
                if (!node) {
                    node = this.place(destination.resource, "log-destination", destinationLabel(destination.resource), {});
                }
                this.edge(id, node, "log-destination");
            } else if (destination.text) {
                let node = destinations.get(destination.text);
                if (!node) {
                    node = `d${destinations.size}`;
                    destinations.set(destination.text, node);
                    this.groupOf(flowLog).nodes.push({ id: node, kind: "log-destination", label: destination.text });
                }
                this.edge(id, node, "log-destination");
            }
        }
    }

    /** Where a flow log publishes: a log group or bucket of the stack, else the raw ARN or name. */
    private destinationOf(flowLog: RecordedResource): { resource?: RecordedResource; text?: string } {
        const p = props(flowLog);
        const arn = str(p.logDestination);
        if (arn) {
            const candidates = [arn, arn.replace(/:\*$/, ""), arn.replace(/^(arn:[^:]+:s3:::[^/]+)\/.*$/, "$1")];
            for (const candidate of candidates) {
                const found = this.graph.byValue(candidate);
                if (found && [T.logGroup, ...BUCKETS].includes(found.type)) {
                    return { resource: found };
                }
            }
            const [dependency] = this.graph.referenced(flowLog, "logDestination", [T.logGroup, ...BUCKETS]);
            return dependency ? { resource: dependency } : { text: lines(str(p.logDestinationType) ?? "destination", arn) };
        }
        const groupName = str(p.logGroupName);
        const group = groupName ? this.ofType(T.logGroup).find((g) => props(g).name === groupName) : undefined;
        return group ? { resource: group } : groupName ? { text: lines("log group", groupName) } : {};
    }

    private markPublicSubnets(): void {
        const publicTables = new Set(
            this.edges
                .filter((e) => e.kind === "route" && this.ofType(T.igw).some((igw) => this.nodeOf(igw) === e.to))
                .map((e) => e.from),
        );
        for (const edge of this.edges) {
            if (edge.kind === "association" && publicTables.has(edge.from)) {
                const subnet = [...this.subnets.values()].find((s) => s.anchor === edge.to);
                if (subnet) {
                    subnet.tier = "public";
                }
            }
        }
    }
}

function zonesOf(vpc: MutableVpc): TopologyZone[] {
    const zones = [...new Set(vpc.subnets.map((s) => s.zone))].sort();
    return zones.map((zone, i) => ({
        id: `${vpc.id}_z${i}`,
        label: zone,
        subnets: vpc.subnets.filter((s) => s.zone === zone).map(({ id, anchor, label, tier, nodes }) => ({ id, anchor, label, tier, nodes })),
    }));
}
