import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { EndpointServiceLab } from "../../components/labs/endpointServiceLab";
import { WEB_HEALTH_CHECK } from "../../components/labs/endpointServiceLab/service";
import { clientUserData, webServerUserData } from "../../components/labs/endpointServiceLab/userData";
import { OfflineEngine } from "../../offline/engine";
import { RecordedResource } from "../../lib/records";
import { endpointServiceConfig, endpointServiceEnvironment, valueOf } from "../fixtures/endpointService";

const TAGS = { Project: "vpc-labs", ManagedBy: "pulumi", Lab: "endpoint-service" };
const named = (name: string) => ({ ...TAGS, Name: name });

/** The lab as the `lab` stack builds it: zones a and c, endpoint in both zones, auto-accept. */
describe("EndpointServiceLab (lab stack layout)", () => {
    let engine: OfflineEngine;
    let lab: EndpointServiceLab;
    const byName = (type: Parameters<OfflineEngine["ofType"]>[0], nameTag: string): RecordedResource => {
        const found = engine.ofType(type).filter((r) => (r.inputs.tags as Record<string, string> | undefined)?.Name === nameTag);
        assert.strictEqual(found.length, 1, `one ${String(type)} tagged ${nameTag}`);
        return found[0];
    };

    before(async () => {
        engine = await OfflineEngine.start();
        lab = new EndpointServiceLab("endpoint-service", { environment: endpointServiceEnvironment(), config: endpointServiceConfig() });
        await engine.settle();
    });

    it("builds MyVPC and CustomVPC with the configured blocks, DNS on", () => {
        const vpcs = engine.ofType(aws.ec2.Vpc).map((r) => [r.inputs.tags, r.inputs.cidrBlock, r.inputs.enableDnsHostnames, r.inputs.enableDnsSupport]);
        assert.deepStrictEqual(vpcs, [
            [named("MyVPC"), "10.0.0.0/16", true, true],
            [named("CustomVPC"), "172.20.0.0/16", true, true],
        ]);
    });

    it("puts My-Public-SN and My-Public-SN-2 in zones 1 and 2 of MyVPC, without auto-assigned public IPs", () => {
        const consumer = byName(aws.ec2.Vpc, "MyVPC");
        const subnets = engine.ofType(aws.ec2.Subnet).filter((r) => r.inputs.vpcId === consumer.id);
        assert.deepStrictEqual(
            subnets.map((r) => [(r.inputs.tags as Record<string, string>).Name, r.inputs.cidrBlock, r.inputs.availabilityZone, r.inputs.mapPublicIpOnLaunch]),
            [
                ["My-Public-SN", "10.0.0.0/24", "ap-northeast-2a", false],
                ["My-Public-SN-2", "10.0.1.0/24", "ap-northeast-2c", false],
            ],
        );
    });

    it("puts Custom-Private-SN-1 and -2 in zones 1 and 2 of CustomVPC", () => {
        const provider = byName(aws.ec2.Vpc, "CustomVPC");
        const subnets = engine.ofType(aws.ec2.Subnet).filter((r) => r.inputs.vpcId === provider.id);
        assert.deepStrictEqual(
            subnets.map((r) => [(r.inputs.tags as Record<string, string>).Name, r.inputs.cidrBlock, r.inputs.availabilityZone]),
            [
                ["Custom-Private-SN-1", "172.20.1.0/24", "ap-northeast-2a"],
                ["Custom-Private-SN-2", "172.20.2.0/24", "ap-northeast-2c"],
            ],
        );
    });

    it("routes MyVPC to My-IGW and gives CustomVPC no internet gateway, no NAT and no default route", () => {
        const consumer = byName(aws.ec2.Vpc, "MyVPC");
        const igw = engine.one(aws.ec2.InternetGateway);
        assert.strictEqual(igw.inputs.vpcId, consumer.id);
        assert.deepStrictEqual(igw.inputs.tags, named("My-IGW"));
        assert.strictEqual(engine.ofType(aws.ec2.NatGateway).length, 0);
        assert.strictEqual(engine.ofType(aws.ec2.Eip).length, 0);
        const publicRt = byName(aws.ec2.RouteTable, "My-Public-RT");
        const privateRt = byName(aws.ec2.RouteTable, "Custom-Private-RT");
        assert.deepStrictEqual(
            engine.ofType(aws.ec2.Route).map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock, r.inputs.gatewayId]),
            [[publicRt.id, "0.0.0.0/0", igw.id]],
        );
        const associations = engine.ofType(aws.ec2.RouteTableAssociation).map((r) => r.inputs.routeTableId);
        assert.deepStrictEqual(associations, [publicRt.id, publicRt.id, privateRt.id, privateRt.id]);
    });

    it("gives both VPCs a flow log", () => {
        const vpcIds = engine.ofType(aws.ec2.Vpc).map((r) => r.id);
        assert.deepStrictEqual(engine.ofType(aws.ec2.FlowLog).map((r) => r.inputs.vpcId), vpcIds);
        assert.deepStrictEqual(engine.ofType(aws.ec2.FlowLog).map((r) => (r.inputs.tags as Record<string, string>).Name), ["MyVPC-flow-vpc", "CustomVPC-flow-vpc"]);
    });

    it("makes Custom-NLB an internal network load balancer across both provider subnets, cross-zone", () => {
        const nlb = engine.one(aws.lb.LoadBalancer);
        const providerSubnets = ["Custom-Private-SN-1", "Custom-Private-SN-2"].map((n) => byName(aws.ec2.Subnet, n));
        assert.deepStrictEqual(nlb.inputs, {
            loadBalancerType: "network",
            internal: true,
            ipAddressType: "ipv4",
            subnets: providerSubnets.map((s) => s.id),
            enableCrossZoneLoadBalancing: true,
            enableDeletionProtection: false,
            tags: named("Custom-NLB"),
        });
        assert.deepStrictEqual(new Set(providerSubnets.map((s) => s.inputs.availabilityZone)), new Set(["ap-northeast-2a", "ap-northeast-2c"]));
    });

    it("makes Custom-NLB-TG a TCP 80 instance target group with an HTTP / health check", () => {
        const tg = engine.one(aws.lb.TargetGroup);
        assert.deepStrictEqual(tg.inputs, {
            vpcId: byName(aws.ec2.Vpc, "CustomVPC").id,
            targetType: "instance",
            protocol: "TCP",
            port: 80,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                port: "traffic-port",
                path: "/",
                matcher: "200",
                interval: 10,
                timeout: 5,
                healthyThreshold: 3,
                unhealthyThreshold: 3,
            },
            deregistrationDelay: 30,
            tags: named("Custom-NLB-TG"),
        });
        assert.deepStrictEqual(tg.inputs.healthCheck, { ...WEB_HEALTH_CHECK });
    });

    it("attaches Custom-WEB-1 and Custom-WEB-2 to the target group on port 80", () => {
        const tg = engine.one(aws.lb.TargetGroup);
        const web = ["Custom-WEB-1", "Custom-WEB-2"].map((n) => byName(aws.ec2.Instance, n).id);
        assert.deepStrictEqual(
            engine.ofType(aws.lb.TargetGroupAttachment).map((r) => r.inputs),
            web.map((targetId) => ({ targetGroupArn: tg.outputs.arn, targetId, port: 80 })),
        );
    });

    it("listens on TCP 80 and forwards to the target group", () => {
        const listener = engine.one(aws.lb.Listener);
        assert.deepStrictEqual(listener.inputs, {
            loadBalancerArn: engine.one(aws.lb.LoadBalancer).outputs.arn,
            protocol: "TCP",
            port: 80,
            defaultActions: [{ type: "forward", targetGroupArn: engine.one(aws.lb.TargetGroup).outputs.arn }],
            tags: named("Custom-NLB-TCP80"),
        });
    });

    it("runs the web servers in the provider's private subnets, one per zone, with no public IP and IMDSv2 required", () => {
        const sg = byName(aws.ec2.SecurityGroup, "Custom-WEB-SG");
        const profile = engine.one(aws.iam.InstanceProfile);
        [1, 2].forEach((index) => {
            const web = byName(aws.ec2.Instance, `Custom-WEB-${index}`);
            assert.strictEqual(web.inputs.subnetId, byName(aws.ec2.Subnet, `Custom-Private-SN-${index}`).id);
            assert.strictEqual(web.inputs.associatePublicIpAddress, false);
            assert.deepStrictEqual(web.inputs.vpcSecurityGroupIds, [sg.id]);
            assert.strictEqual(web.inputs.iamInstanceProfile, profile.outputs.name);
            assert.deepStrictEqual(web.inputs.metadataOptions, { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 });
            assert.strictEqual(web.inputs.userData, webServerUserData(index, `Custom-WEB-${index}`));
        });
    });

    it("admits only tcp 80 from the provider VPC to the web servers and lets nothing out", () => {
        const sg = byName(aws.ec2.SecurityGroup, "Custom-WEB-SG");
        const rules = (type: typeof aws.vpc.SecurityGroupIngressRule | typeof aws.vpc.SecurityGroupEgressRule) =>
            engine.ofType(type).filter((r) => r.inputs.securityGroupId === sg.id).map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]);
        assert.deepStrictEqual(rules(aws.vpc.SecurityGroupIngressRule), [["tcp", 80, 80, "172.20.0.0/16"]]);
        assert.deepStrictEqual(rules(aws.vpc.SecurityGroupEgressRule), []);
        assert.strictEqual(sg.inputs.vpcId, byName(aws.ec2.Vpc, "CustomVPC").id);
    });

    it("puts My-EC2 in My-Public-SN with a public IP, the SSM instance profile and dig at boot", () => {
        const client = byName(aws.ec2.Instance, "My-EC2");
        assert.strictEqual(client.inputs.subnetId, byName(aws.ec2.Subnet, "My-Public-SN").id);
        assert.strictEqual(client.inputs.associatePublicIpAddress, true);
        assert.strictEqual(client.inputs.iamInstanceProfile, engine.one(aws.iam.InstanceProfile).outputs.name);
        assert.deepStrictEqual(client.inputs.vpcSecurityGroupIds, [byName(aws.ec2.SecurityGroup, "My-EC2-SG").id]);
        assert.strictEqual(client.inputs.userData, clientUserData("My-EC2"));
        assert.strictEqual(client.inputs.keyName, undefined);
        assert.deepStrictEqual(
            engine.ofType(aws.iam.RolePolicyAttachment).map((r) => r.inputs.policyArn),
            ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
        );
    });

    it("opens nothing inbound on My-EC2 and lets it out only to HTTPS and to HTTP inside MyVPC", () => {
        const sg = byName(aws.ec2.SecurityGroup, "My-EC2-SG");
        const mine = (type: typeof aws.vpc.SecurityGroupIngressRule | typeof aws.vpc.SecurityGroupEgressRule) =>
            engine.ofType(type).filter((r) => r.inputs.securityGroupId === sg.id).map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.cidrIpv4]);
        assert.deepStrictEqual(mine(aws.vpc.SecurityGroupIngressRule), []);
        assert.deepStrictEqual(mine(aws.vpc.SecurityGroupEgressRule), [
            ["tcp", 443, "0.0.0.0/0"],
            ["tcp", 80, "10.0.0.0/16"],
        ]);
    });

    it("publishes the NLB as Custom-EPS: acceptance required, the deploying account only, IPv4", () => {
        const service = engine.one(aws.ec2.VpcEndpointService);
        assert.deepStrictEqual(service.inputs, {
            acceptanceRequired: true,
            networkLoadBalancerArns: [engine.one(aws.lb.LoadBalancer).outputs.arn],
            allowedPrincipals: ["arn:aws:iam::123456789012:root"],
            supportedIpAddressTypes: ["ipv4"],
            tags: named("Custom-EPS"),
        });
    });

    it("connects an interface endpoint in MyVPC to the service's name, in both consumer subnets, private DNS off", () => {
        const endpoint = engine.one(aws.ec2.VpcEndpoint);
        const sg = byName(aws.ec2.SecurityGroup, "My-EPS-Endpoint-SG");
        assert.deepStrictEqual(endpoint.inputs, {
            vpcId: byName(aws.ec2.Vpc, "MyVPC").id,
            vpcEndpointType: "Interface",
            serviceName: engine.one(aws.ec2.VpcEndpointService).outputs.serviceName,
            subnetIds: ["My-Public-SN", "My-Public-SN-2"].map((n) => byName(aws.ec2.Subnet, n).id),
            securityGroupIds: [sg.id],
            privateDnsEnabled: false,
            ipAddressType: "ipv4",
            tags: named("My-EPS-Endpoint"),
        });
        assert.strictEqual(endpoint.inputs.serviceName, "com.amazonaws.vpce.ap-northeast-2." + engine.one(aws.ec2.VpcEndpointService).id);
    });

    it("gives the endpoint its own security group: tcp 80 from the consumer VPC, nothing out", () => {
        const sg = byName(aws.ec2.SecurityGroup, "My-EPS-Endpoint-SG");
        assert.strictEqual(sg.inputs.vpcId, byName(aws.ec2.Vpc, "MyVPC").id);
        const rules = engine.ofType(aws.vpc.SecurityGroupIngressRule).filter((r) => r.inputs.securityGroupId === sg.id);
        assert.deepStrictEqual(rules.map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]), [["tcp", 80, 80, "10.0.0.0/16"]]);
        assert.strictEqual(engine.ofType(aws.vpc.SecurityGroupEgressRule).filter((r) => r.inputs.securityGroupId === sg.id).length, 0);
    });

    it("accepts the connection with a connection accepter and reports it available", async () => {
        const accepter = engine.one(aws.ec2.VpcEndpointConnectionAccepter);
        assert.deepStrictEqual(accepter.inputs, {
            vpcEndpointServiceId: engine.one(aws.ec2.VpcEndpointService).id,
            vpcEndpointId: engine.one(aws.ec2.VpcEndpoint).id,
        });
        assert.strictEqual(await valueOf(lab.connectionState!), "available");
    });

    it("names every child after the component and parents it inside the lab", () => {
        const component = engine.one("vpc-labs:labs:EndpointServiceLab");
        const insideLab = (r: RecordedResource): boolean => r.parent === component.urn || (r.parent !== undefined && insideLab(engine.byUrn(r.parent)!));
        for (const resource of engine.resources.filter((r) => r !== component)) {
            assert.ok(resource.name.startsWith("endpoint-service-"), `${resource.type} ${resource.name}`);
            assert.ok(insideLab(resource), `${resource.type} ${resource.name} is inside the lab`);
        }
        assert.deepStrictEqual(
            engine.childrenOf(component.urn).map((r) => `${r.type} ${r.name}`).sort(),
            [
                "vpc-labs:network:LabNetwork endpoint-service-consumer",
                "vpc-labs:network:LabNetwork endpoint-service-provider",
                "vpc-labs:compute:SsmInstanceRole endpoint-service-ssm",
                "vpc-labs:network:LabSecurityGroup endpoint-service-client-sg",
                "vpc-labs:compute:LabInstance endpoint-service-client",
                "vpc-labs:network:LabSecurityGroup endpoint-service-web-sg",
                "vpc-labs:compute:LabInstance endpoint-service-web-1",
                "vpc-labs:compute:LabInstance endpoint-service-web-2",
                "aws:lb/loadBalancer:LoadBalancer endpoint-service-nlb",
                "aws:lb/targetGroup:TargetGroup endpoint-service-tg",
                "aws:lb/targetGroupAttachment:TargetGroupAttachment endpoint-service-tg-web-1",
                "aws:lb/targetGroupAttachment:TargetGroupAttachment endpoint-service-tg-web-2",
                "aws:lb/listener:Listener endpoint-service-listener",
                "aws:ec2/vpcEndpointService:VpcEndpointService endpoint-service-service",
                "vpc-labs:endpoints:InterfaceEndpoint endpoint-service-endpoint",
                "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter endpoint-service-accepter",
            ].sort(),
        );
    });

    it("tags every taggable resource with the environment's tags under its own Name", () => {
        for (const resource of engine.resources.filter((r) => r.custom && r.inputs.tags !== undefined)) {
            const tags = resource.inputs.tags as Record<string, string>;
            assert.deepStrictEqual({ ...tags, Name: undefined }, { ...TAGS, Name: undefined }, `${resource.type} ${resource.name}`);
            assert.ok(tags.Name, `${resource.type} ${resource.name} has a Name tag`);
        }
    });

    it("exports the service name, endpoint ID and DNS names, NLB DNS name and connection state", async () => {
        const service = engine.one(aws.ec2.VpcEndpointService);
        const endpoint = engine.one(aws.ec2.VpcEndpoint);
        const outputs = lab.outputs;
        assert.strictEqual(await valueOf(outputs.serviceName), service.outputs.serviceName);
        assert.strictEqual(await valueOf(outputs.serviceId), service.id);
        assert.strictEqual(await valueOf(outputs.endpointId), endpoint.id);
        assert.deepStrictEqual(await valueOf(outputs.endpointDnsNames), (endpoint.outputs.dnsEntries as { dnsName: string }[]).map((e) => e.dnsName));
        assert.strictEqual(await valueOf(outputs.loadBalancerDnsName), engine.one(aws.lb.LoadBalancer).outputs.dnsName);
        assert.strictEqual(await valueOf(outputs.connectionState), "available");
        assert.deepStrictEqual(outputs.allowedPrincipals, ["arn:aws:iam::123456789012:root"]);
        assert.strictEqual(outputs.autoAccept, true);
        assert.strictEqual(outputs.acceptCommand, undefined);
        assert.strictEqual(await valueOf(outputs.consumerVpcId), byName(aws.ec2.Vpc, "MyVPC").id);
        assert.strictEqual(await valueOf(outputs.providerVpcId), byName(aws.ec2.Vpc, "CustomVPC").id);
        assert.deepStrictEqual(
            await Promise.all(outputs.webServerInstanceIds.map(valueOf)),
            ["Custom-WEB-1", "Custom-WEB-2"].map((n) => byName(aws.ec2.Instance, n).id),
        );
    });

    it("exports the checks with their exact commands and expected results", async () => {
        const client = byName(aws.ec2.Instance, "My-EC2");
        const endpoint = engine.one(aws.ec2.VpcEndpoint);
        const dns = (endpoint.outputs.dnsEntries as { dnsName: string }[])[0].dnsName;
        const nlbDns = engine.one(aws.lb.LoadBalancer).outputs.dnsName;
        const checks = await valueOf(lab.outputs.checks);
        const steps = Object.fromEntries(checks.map((c) => [c.id, c]));
        assert.deepStrictEqual(Object.keys(steps), ["state", "session", "dig", "curl", "nlb-direct"]);
        assert.deepStrictEqual(steps.state, {
            id: "state",
            lab: "endpoint-service",
            stage: "accepted",
            where: "your computer",
            command: `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${endpoint.id} --query "VpcEndpoints[0].State" --output text --region ap-northeast-2`,
            expected: "available (the program accepted the connection)",
            hint: "pending: the endpoint needs a few minutes after pulumi up; pendingAcceptance with autoAccept: the accepter failed, run the accept command",
        });
        assert.strictEqual(steps.session.command, `aws ssm start-session --target ${client.id} --region ap-northeast-2`);
        assert.deepStrictEqual(steps.dig, {
            id: "dig",
            lab: "endpoint-service",
            stage: "accepted",
            where: "My-EC2 (Session Manager shell)",
            command: `dig +short ${dns}`,
            expected: "2 private IPs, one in each endpoint subnet (10.0.0.0/24, 10.0.1.0/24): the endpoint's ENIs in the consumer VPC",
            note: "A DNS answer, not a flow: the curl check below probes the path",
        });
        assert.strictEqual(steps.curl.command, `curl http://${dns}`);
        assert.match(steps.curl.expected, /^the page "Endpoint Service Lab - Web Server 1" or "Endpoint Service Lab - Web Server 2"/);
        assert.deepStrictEqual(steps.curl.probe, { from: "My-EC2", to: dns, protocol: "tcp", port: 80, expectReachable: true });
        assert.strictEqual(steps["nlb-direct"].command, `curl --max-time 5 http://${nlbDns}`);
        assert.match(steps["nlb-direct"].expected, /^a timeout: Custom-NLB is internal/);
        assert.deepStrictEqual(steps["nlb-direct"].probe, { from: "My-EC2", to: nlbDns, protocol: "tcp", port: 80, expectReachable: false });
        assert.match(dns, /^vpce-[0-9a-f]{17}-[0-9a-f]{8}\.vpce-svc-[0-9a-f]{17}\.ap-northeast-2\.vpce\.amazonaws\.com$/);
    });

    it("registers the student outputs on the component", () => {
        const component = engine.one("vpc-labs:labs:EndpointServiceLab");
        assert.strictEqual(component.outputs.serviceName, engine.one(aws.ec2.VpcEndpointService).outputs.serviceName);
        assert.strictEqual(component.outputs.connectionState, "available");
    });
});
