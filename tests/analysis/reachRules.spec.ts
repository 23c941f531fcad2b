import * as assert from "assert";
import { reach, ReachInputError } from "../../analysis/reach/analyze";
import { T } from "../../analysis/reach/types";
import { ALL_OUT, Net } from "../fixtures/reach";

/** Two instances in two subnets of one VPC, with a web server admitting tcp 80 from the client's group. */
function twoTier() {
    const net = new Net();
    const vpc = net.vpc("app", "10.0.0.0/16");
    const front = net.subnet("front", vpc, "10.0.1.0/24");
    const back = net.subnet("back", vpc, "10.0.2.0/24");
    const client = net.securityGroup("client", vpc, { egress: [ALL_OUT] });
    const web = net.securityGroup("web", vpc, { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, securityGroups: [client], cidrBlocks: [] }] });
    net.instance("client", front, "10.0.1.10", [client]);
    net.instance("web", back, "10.0.2.10", [web]);
    return { net, vpc, front, back, client, web };
}

describe("reachability rules", () => {
    describe("security groups", () => {
        it("let the reply of an admitted flow back although no rule admits it (stateful)", () => {
            const { net } = twoTier();
            const answer = reach(net.model(), { from: "client", to: "web", protocol: "tcp", port: 80 });
            assert.strictEqual(answer.reachable, true);
            // The web group has no egress rule at all, and the reply still gets out.
            assert.deepStrictEqual(
                answer.hops.filter((h) => h.type === "SecurityGroup").map((h) => [h.name, h.via]),
                [
                    ["client", "client outbound all traffic to 0.0.0.0/0"],
                    ["web", "web inbound tcp 80 from client (sg-client)"],
                ],
            );
            // One hop per ENI crossing carries the interface: where flow logs record the packet.
            assert.deepStrictEqual(
                answer.hops.filter((h) => h.interface).map((h) => [h.type, h.name, h.interface?.direction, h.interface?.address]),
                [
                    ["Instance", "client", "egress", "10.0.1.10"],
                    ["Instance", "web", "ingress", "10.0.2.10"],
                ],
            );
        });

        it("block a port no rule admits, naming the group and the interface", () => {
            const { net } = twoTier();
            const answer = reach(net.model(), { from: "client", to: "web", protocol: "tcp", port: 22 });
            assert.strictEqual(answer.reachable, false);
            assert.deepStrictEqual(answer.blockedBy, {
                type: "SecurityGroup",
                name: "web",
                urn: "urn:pulumi:test::reach::aws:ec2/securityGroup:SecurityGroup::web",
                explanationCode: "ENI_SG_RULES_MISMATCH",
                rule: "no inbound rule of web allows tcp 22 from client (10.0.1.10)",
                interface: { ownerUrn: "urn:pulumi:test::reach::aws:ec2/instance:Instance::web", subnetUrn: "urn:pulumi:test::reach::aws:ec2/subnet:Subnet::back", vpcUrn: "urn:pulumi:test::reach::aws:ec2/vpc:Vpc::app", address: "10.0.2.10", direction: "ingress" },
            });
        });

        it("read standalone ingress rules and fall back to the VPC's default group (members only) when an instance names none", () => {
            const { net, vpc, front } = twoTier();
            net.instance("bare", front, "10.0.1.20", []);
            const model = net.model();
            // The default group admits only its own members: the client (another group) is refused.
            assert.strictEqual(reach(model, { from: "client", to: "bare", protocol: "tcp", port: 80 }).blockedBy?.name, `default (sg-default-app)`);
            net.ingressRule("bare-http", `sg-default-app`, { ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: vpc === "vpc-app" ? "10.0.0.0/16" : "" });
            const opened = reach(net.model(), { from: "client", to: "bare", protocol: "tcp", port: 80 });
            assert.strictEqual(opened.reachable, true);
            assert.strictEqual(opened.hops.find((h) => h.name === "default (sg-default-app)")?.via, "default (sg-default-app) inbound tcp 80 from 10.0.0.0/16");
        });
    });

    describe("network ACLs", () => {
        it("drop the reply of an admitted request when no rule lets the ephemeral ports back in (stateless)", () => {
            const { net, vpc, front } = twoTier();
            // Inbound: only tcp 80 from anywhere; outbound: everything. The server's reply returns to the
            // client's ephemeral port, which the client subnet's inbound rules do not admit.
            net.nacl("front-acl", vpc, [front], [
                { ruleNumber: 100, egress: false, protocol: "tcp", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 80, toPort: 80 },
                { ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
            ]);
            const answer = reach(net.model(), { from: "client", to: "web", protocol: "tcp", port: 80 });
            assert.strictEqual(answer.reachable, false);
            assert.strictEqual(answer.blockedBy?.explanationCode, "ACL_RULES_MISMATCH");
            assert.strictEqual(answer.blockedBy?.rule, "reply tcp 32768-60999 from web (10.0.2.10): front-acl inbound rule * deny all traffic from 0.0.0.0/0 (no numbered rule matches)");
            assert.strictEqual(answer.blockedBy?.interface?.direction, "ingress");
            assert.strictEqual(answer.blockedBy?.interface?.address, "10.0.1.10");
        });

        it("apply rules in number order, first match wins, and use the default ACL (allow all) elsewhere", () => {
            const { net, vpc, back } = twoTier();
            net.nacl("back-acl", vpc, [back], [
                { ruleNumber: 200, egress: false, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
                { ruleNumber: 100, egress: false, protocol: "tcp", ruleAction: "deny", cidrBlock: "10.0.1.0/24", fromPort: 80, toPort: 80 },
                { ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
            ]);
            const answer = reach(net.model(), { from: "client", to: "web", protocol: "tcp", port: 80 });
            assert.strictEqual(answer.blockedBy?.rule, "tcp 80 from client (10.0.1.10): back-acl inbound rule 100 deny tcp 80-80 from 10.0.1.0/24");
            // The client's subnet keeps the VPC's default ACL, which let the request out.
            assert.deepStrictEqual(answer.hops.filter((h) => h.type === "NetworkAcl").map((h) => h.via), ["tcp 80 to web (10.0.2.10): outbound rule 100 allow all traffic to 0.0.0.0/0"]);
            assert.strictEqual(answer.hops.find((h) => h.type === "NetworkAcl")?.name, "default network ACL (acl-default-app)");
        });
    });

    describe("routing", () => {
        function internetVpc() {
            const net = new Net();
            const vpc = net.vpc("edge", "10.1.0.0/16");
            const subnet = net.subnet("edge-a", vpc, "10.1.1.0/24");
            const igw = net.igw("edge-igw", vpc);
            const sg = net.securityGroup("out", vpc, { egress: [ALL_OUT] });
            return { net, vpc, subnet, igw, sg };
        }

        it("uses the VPC's main route table for a subnet without an association", () => {
            const { net, subnet, sg, igw } = internetVpc();
            net.instance("host", subnet, "10.1.1.10", [sg], { publicIp: "203.0.113.9" });
            assert.strictEqual(reach(net.model(), { from: "host", to: "internet", protocol: "tcp", port: 443 }).blockedBy?.rule, "no route for internet");
            net.route("main-default", "rtb-main-edge", "0.0.0.0/0", { gatewayId: igw });
            const answer = reach(net.model(), { from: "host", to: "internet", protocol: "tcp", port: 443 });
            assert.strictEqual(answer.reachable, true);
            assert.deepStrictEqual(answer.hops.find((h) => h.type === "RouteTable")?.via, "0.0.0.0/0 -> igw-edge-igw (edge-igw) (the VPC's main route table: the subnet has no association)");
        });

        it("picks the longest matching prefix", () => {
            const { net, vpc, subnet, sg, igw } = internetVpc();
            const table = net.routeTable("edge-rt", vpc, [subnet]);
            net.route("default", table, "0.0.0.0/0", { gatewayId: igw });
            net.route("narrow", table, "198.51.100.0/24", { transitGatewayId: "tgw-1" });
            net.instance("host", subnet, "10.1.1.10", [sg], { publicIp: "203.0.113.9" });
            const model = net.model();
            const narrow = reach(model, { from: "host", to: "198.51.100.10", protocol: "tcp", port: 443 });
            assert.strictEqual(narrow.reachable, null);
            assert.strictEqual(narrow.unknownReason, "edge-rt sends 198.51.100.10 to 198.51.100.0/24 -> tgw-1, which the offline analysis does not follow");
            assert.strictEqual(reach(model, { from: "host", to: "192.0.2.10", protocol: "tcp", port: 443 }).reachable, true);
        });

        it("needs a public IP to use an internet gateway", () => {
            const { net, vpc, subnet, sg, igw } = internetVpc();
            net.route("default", net.routeTable("edge-rt", vpc, [subnet]), "0.0.0.0/0", { gatewayId: igw });
            net.instance("host", subnet, "10.1.1.10", [sg]);
            const answer = reach(net.model(), { from: "host", to: "internet", protocol: "tcp", port: 443 });
            assert.strictEqual(answer.blockedBy?.explanationCode, "NO_PUBLIC_ADDRESS");
        });

        it("sends S3 traffic over a gateway endpoint's prefix-list route, which beats the default route", () => {
            const { net, vpc, subnet, igw } = internetVpc();
            const table = net.routeTable("edge-rt", vpc, [subnet]);
            net.route("default", table, "0.0.0.0/0", { gatewayId: igw });
            net.add(T.vpcEndpoint, "s3-gw", { id: "vpce-s3", vpcId: vpc, serviceName: "com.amazonaws.ap-northeast-2.s3", vpcEndpointType: "Gateway", prefixListId: "pl-s3", routeTableIds: [table] });
            const sg = net.securityGroup("to-s3", vpc, { egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-s3"] }] });
            net.instance("host", subnet, "10.1.1.10", [sg]);
            const answer = reach(net.model(), { from: "host", to: "s3.ap-northeast-2.amazonaws.com", protocol: "tcp", port: 443 });
            assert.strictEqual(answer.reachable, true);
            assert.deepStrictEqual(answer.hops.map((h) => h.type), ["Instance", "SecurityGroup", "NetworkAcl", "RouteTable", "VpcEndpoint", "NetworkAcl", "AwsService"]);
            assert.strictEqual(answer.hops[3].via, "pl-s3 -> vpce-s3 (s3-gw)");
        });
    });

    describe("endpoints and PrivateLink", () => {
        function privateLink(state: "available" | "pendingAcceptance", withAccepter: boolean) {
            const net = new Net();
            const consumer = net.vpc("consumer", "10.0.0.0/16");
            const provider = net.vpc("provider", "172.20.0.0/16");
            const client = net.subnet("client", consumer, "10.0.0.0/24");
            const target = net.subnet("target", provider, "172.20.1.0/24");
            const clientSg = net.securityGroup("client", consumer, { egress: [ALL_OUT] });
            const endpointSg = net.securityGroup("endpoint", consumer, { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["10.0.0.0/16"] }] });
            const webSg = net.securityGroup("web", provider, { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["172.20.0.0/16"] }] });
            net.instance("client", client, "10.0.0.10", [clientSg]);
            net.instance("web", target, "172.20.1.10", [webSg]);
            const lbArn = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/nlb/1";
            const tgArn = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/tg/1";
            net.add(T.loadBalancer, "nlb", { id: lbArn, arn: lbArn, internal: true, loadBalancerType: "network", subnets: [target], dnsName: "internal-nlb-1.elb.ap-northeast-2.amazonaws.com" });
            net.add(T.targetGroup, "tg", { id: tgArn, arn: tgArn, port: 80, protocol: "TCP", targetType: "instance", vpcId: provider });
            net.add(T.listener, "listener", { loadBalancerArn: lbArn, port: 80, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: tgArn }] });
            net.add(T.targetGroupAttachment, "attach", { targetGroupArn: tgArn, targetId: "i-web", port: 80 });
            net.add(T.vpcEndpointService, "svc", { id: "vpce-svc-1", serviceName: "com.amazonaws.vpce.ap-northeast-2.vpce-svc-1", acceptanceRequired: true, networkLoadBalancerArns: [lbArn] });
            net.add(T.vpcEndpoint, "consumer-endpoint", {
                id: "vpce-1",
                vpcId: consumer,
                serviceName: "com.amazonaws.vpce.ap-northeast-2.vpce-svc-1",
                vpcEndpointType: "Interface",
                subnetIds: [client],
                securityGroupIds: [endpointSg],
                networkInterfaceIds: ["eni-endpoint"],
                state,
                dnsEntries: [{ dnsName: "vpce-1-abc.vpce-svc-1.ap-northeast-2.vpce.amazonaws.com" }],
            });
            if (withAccepter) {
                net.add(T.connectionAccepter, "accepter", { vpcEndpointId: "vpce-1", vpcEndpointServiceId: "vpce-svc-1", vpcEndpointState: "available" });
            }
            return net;
        }

        it("carries nothing over a pending connection", () => {
            const answer = reach(privateLink("pendingAcceptance", false).model(), { from: "client", to: "vpce-1-abc.vpce-svc-1.ap-northeast-2.vpce.amazonaws.com", protocol: "tcp", port: 80 });
            assert.strictEqual(answer.reachable, false);
            assert.strictEqual(answer.blockedBy?.explanationCode, "VPC_ENDPOINT_CONNECTION_NOT_ACCEPTED");
            assert.match(answer.blockedBy?.rule ?? "", /^the connection to svc is pendingAcceptance/);
            assert.deepStrictEqual(answer.dns, {
                name: "vpce-1-abc.vpce-svc-1.ap-northeast-2.vpce.amazonaws.com",
                addresses: [],
                private: true,
                interfaces: [{ id: "eni-endpoint", subnetCidr: "10.0.0.0/24" }],
                note: "the endpoint-specific name of consumer-endpoint",
            });
        });

        it("reaches the targets through an accepted connection; the targets see the NLB's private addresses", () => {
            const answer = reach(privateLink("pendingAcceptance", true).model(), { from: "client", to: "consumer-endpoint", protocol: "tcp", port: 80 });
            assert.strictEqual(answer.reachable, true);
            assert.deepStrictEqual(answer.hops.map((h) => `${h.type} ${h.name}`), [
                "Instance client",
                "SecurityGroup client",
                "RouteTable main route table rtb-main-consumer",
                "SecurityGroup endpoint",
                "VpcEndpoint consumer-endpoint",
                "VpcEndpointService svc",
                "LoadBalancer nlb",
                "TargetGroup tg",
                "RouteTable main route table rtb-main-provider",
                "SecurityGroup web",
                "Instance web",
            ]);
        });

        it("refuses the internal NLB's own name from another VPC", () => {
            const answer = reach(privateLink("available", true).model(), { from: "client", to: "internal-nlb-1.elb.ap-northeast-2.amazonaws.com", protocol: "tcp", port: 80 });
            assert.strictEqual(answer.reachable, false);
            assert.strictEqual(answer.blockedBy?.rule, "nlb is internal to provider: its addresses are private there, and no route leads to them from consumer");
        });

        it("resolves an AWS service to public addresses when private DNS is off, and to the endpoint's ENIs when it is on", () => {
            const build = (privateDnsEnabled: boolean, hostnames: boolean) => {
                const net = new Net();
                const vpc = net.vpc("v", "10.0.0.0/16", { enableDnsHostnames: hostnames });
                const subnet = net.subnet("s", vpc, "10.0.0.0/24");
                const sg = net.securityGroup("i", vpc, { egress: [ALL_OUT], ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }] });
                net.instance("host", subnet, "10.0.0.10", [sg]);
                net.add(T.vpcEndpoint, "ssm", { id: "vpce-ssm", vpcId: vpc, serviceName: "com.amazonaws.ap-northeast-2.ssm", vpcEndpointType: "Interface", privateDnsEnabled, subnetIds: [subnet], securityGroupIds: [sg], networkInterfaceIds: ["eni-ssm"] });
                return reach(net.model(), { from: "host", to: "ssm.ap-northeast-2.amazonaws.com", protocol: "tcp", port: 443 });
            };
            const off = build(false, true);
            assert.deepStrictEqual(off.dns, { name: "ssm.ap-northeast-2.amazonaws.com", addresses: [], private: false, note: "private DNS is off on ssm: the service's public addresses" });
            // Public addresses with no route out: the main route table has the local route only.
            assert.strictEqual(off.blockedBy?.explanationCode, "NO_ROUTE_TO_DESTINATION");
            assert.strictEqual(build(true, false).dns?.note, "ssm has private DNS on, but v has DNS hostnames off, so the private hosted zone does not answer: the service's public addresses");
            const on = build(true, true);
            assert.strictEqual(on.dns?.private, true);
            assert.strictEqual(on.reachable, true);
            assert.strictEqual(on.hops.at(-1)?.type, "AwsService");
        });
    });

    describe("ends", () => {
        it("refuses a name the stack does not have, and an address inside a VPC that nothing holds", () => {
            const model = twoTier().net.model();
            assert.throws(() => reach(model, { from: "nobody", to: "web", protocol: "tcp", port: 80 }), (e: unknown) => e instanceof ReachInputError && /"nobody" is not an instance/.test((e as Error).message));
            assert.throws(() => reach(model, { from: "client", to: "10.0.9.9", protocol: "tcp", port: 80 }), /10\.0\.9\.9 is inside app \(10\.0\.0\.0\/16\) but no instance or NAT gateway/);
            assert.throws(() => reach(model, { from: "client", to: "web", protocol: "tcp" }), /--port must be a port number/);
        });

        it("answers unknown for a subnet the records do not show, with the reason", () => {
            const net = new Net();
            const vpc = net.vpc("v", "10.0.0.0/16");
            const sg = net.securityGroup("i", vpc, { egress: [ALL_OUT] });
            net.instance("host", "subnet-elsewhere", "10.0.0.10", [sg]);
            const answer = reach(net.model(), { from: "host", to: "internet", protocol: "tcp", port: 443 });
            assert.strictEqual(answer.reachable, null);
            assert.strictEqual(answer.unknownReason, "host: subnet subnet-elsewhere is not in the stack (an existing VPC's subnet or an unknown ID): its route table and network ACL cannot be seen");
        });
    });
});
