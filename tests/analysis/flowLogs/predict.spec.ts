import * as assert from "assert";
import { ReachAnswer } from "../../../analysis/reach/answer";
import { formatPredictedRecords, PredictedRecord, predictRecords } from "../../../analysis/flowLogs/predict";
import { StackFlowLogView } from "../../../analysis/flowLogs/stackView";
import { RecordedResource } from "../../../lib/records";
import { runLabStack, urnByName, WORKSHOP_OVERRIDES } from "../../fixtures/flowLogStack";

const INSTANCE = "aws:ec2/instance:Instance";
const SUBNET = "aws:ec2/subnet:Subnet";
const VPC = "aws:ec2/vpc:Vpc";

/** What a test compares: the record without the flow log's URN, named by its Name tag. */
function summary(record: PredictedRecord) {
    return { log: record.flowLog.label, scope: record.flowLog.scope, leg: record.leg, on: record.interface.ownerName, action: record.action, direction: record.direction, values: record.values };
}

describe("predicted flow log records", () => {
    let resources: RecordedResource[];
    let view: StackFlowLogView;
    const urn = (name: string, type?: string) => urnByName(resources, name, type);
    const eni = (name: string) => view.interfaces.find((i) => i.ownerName === name)!;
    const id = (name: string, type: string) => resources.find((r) => r.urn === urn(name, type))!.id;
    before(async () => {
        ({ resources, view } = await runLabStack("lab", WORKSHOP_OVERRIDES));
    });

    it("NACL exercise: PUBLIC-02's ping is recorded leaving PUBLIC-02 and REJECTed at PRIVATE-01's ENI, in IMD-VPCFlow and the REJECT log of IMD-PRIVATE-A, not in the ACCEPT log of PRIVATE-01", () => {
        const vpcUrn = urn("IMD-VPC", VPC);
        const answer: ReachAnswer = {
            reachable: false,
            from: { query: "PUBLIC-02", type: "Instance", name: "PUBLIC-02", urn: urn("PUBLIC-02", INSTANCE), address: "10.1.2.10", vpcUrn },
            to: { query: "PRIVATE-01", type: "Instance", name: "PRIVATE-01", urn: urn("PRIVATE-01", INSTANCE), address: "10.1.11.10", vpcUrn },
            protocol: "icmp",
            dns: null,
            hops: [
                { type: "Instance", name: "PUBLIC-02", urn: urn("PUBLIC-02", INSTANCE), interface: { ownerUrn: urn("PUBLIC-02", INSTANCE), subnetUrn: urn("IMD-PUBLIC-B", SUBNET), vpcUrn, address: "10.1.2.10", direction: "egress" } },
                { type: "SecurityGroup", name: "IMD-PUB-SG", via: "egress: all traffic to 0.0.0.0/0" },
                { type: "RouteTable", name: "PUBLIC-RT", via: "10.1.0.0/16 -> local" },
            ],
            blockedBy: {
                type: "NetworkAcl",
                name: "IMD-PRIVATE-NACL",
                explanationCode: "ACL_RULES_MISMATCH",
                interface: { ownerUrn: urn("PRIVATE-01", INSTANCE), subnetUrn: urn("IMD-PRIVATE-A", SUBNET), vpcUrn, address: "10.1.11.10", direction: "ingress" },
            },
        };
        const common = { version: "5", "account-id": "123456789012", protocol: "1", srcport: "0", dstport: "0", "log-status": "OK", "vpc-id": id("IMD-VPC", VPC) };
        const leaving = { ...common, "interface-id": eni("PUBLIC-02").eniId!, srcaddr: "10.1.2.10", dstaddr: "10.1.11.10", "pkt-srcaddr": "10.1.2.10", "pkt-dstaddr": "10.1.11.10" };
        const rejected = { ...common, "interface-id": eni("PRIVATE-01").eniId!, srcaddr: "10.1.2.10", dstaddr: "10.1.11.10", "pkt-srcaddr": "10.1.2.10", "pkt-dstaddr": "10.1.11.10" };
        const records = predictRecords(answer, view);
        assert.deepStrictEqual(records.map(summary), [
            {
                log: "IMD-VPCFlow-vpc",
                scope: "vpc",
                leg: "request",
                on: "PUBLIC-02",
                action: "ACCEPT",
                direction: "egress",
                values: { ...leaving, "subnet-id": id("IMD-PUBLIC-B", SUBNET), "instance-id": id("PUBLIC-02", INSTANCE), action: "ACCEPT", "flow-direction": "egress", "traffic-path": "1" },
            },
            {
                log: "IMD-VPCFlow-vpc",
                scope: "vpc",
                leg: "request",
                on: "PRIVATE-01",
                action: "REJECT",
                direction: "ingress",
                values: { ...rejected, "subnet-id": id("IMD-PRIVATE-A", SUBNET), "instance-id": id("PRIVATE-01", INSTANCE), action: "REJECT", "flow-direction": "ingress", "traffic-path": "-" },
            },
            {
                log: "IMD-VPCFlow-subnet-IMD-PRIVATE-A",
                scope: "subnet",
                leg: "request",
                on: "PRIVATE-01",
                action: "REJECT",
                direction: "ingress",
                values: { ...rejected, "subnet-id": id("IMD-PRIVATE-A", SUBNET), "instance-id": id("PRIVATE-01", INSTANCE), action: "REJECT", "flow-direction": "ingress", "traffic-path": "-" },
            },
        ]);
        assert.ok(records[1].flowLog.logGroupName?.startsWith("/vpc-labs/flow-logs/IMD-VPCFlow-"), records[1].flowLog.logGroupName);
        assert.ok(records[2].flowLog.logGroupName?.startsWith("/vpc-labs/flow-logs/IMD-VPCFlow-subnet-"), records[2].flowLog.logGroupName);
        assert.strictEqual(
            formatPredictedRecords(records).split("\n")[2],
            `    request  on PRIVATE-01 (${eni("PRIVATE-01").eniId}): REJECT, ingress, 10.1.2.10 -> 10.1.11.10 in IMD-VPCFlow-vpc (vpc, ALL, ${records[1].flowLog.logGroupName})`,
        );
    });

    it("S3 from the private instance: egress through the gateway endpoint (traffic-path 7) to S3, and the answer back", () => {
        const vpcUrn = urn("CloudNeta-VPC", VPC);
        const privateEc2 = urn("CloudNeta-Private-EC2", INSTANCE);
        const port = { ownerUrn: privateEc2, subnetUrn: urn("CloudNeta-Private-SN", SUBNET), vpcUrn, address: "10.0.1.10" };
        const answer: ReachAnswer = {
            reachable: true,
            from: { query: "CloudNeta-Private-EC2", type: "Instance", name: "CloudNeta-Private-EC2", urn: privateEc2, address: "10.0.1.10", vpcUrn },
            to: { query: "s3://endpoints-s3-gateway-bucket-7c970bd6", type: "AwsService", name: "s3" },
            protocol: "tcp",
            port: 443,
            dns: { name: "s3.ap-northeast-2.amazonaws.com", addresses: [], private: false },
            hops: [
                { type: "Instance", name: "CloudNeta-Private-EC2", urn: privateEc2, interface: { ...port, direction: "egress" } },
                { type: "SecurityGroup", name: "CloudNeta-Private-EC2-SG", via: "egress tcp 443 to the S3 prefix list" },
                { type: "RouteTable", name: "CloudNeta-Private-RT", via: "pl-eb77ff6a -> vpce-cf35fab0246e1d858" },
                { type: "VpcEndpoint", name: "CloudNeta-S3-Gateway-Endpoint", via: "gateway endpoint" },
                { type: "AwsService", name: "s3" },
            ],
            blockedBy: null,
        };
        const common = { version: "5", "account-id": "123456789012", protocol: "6", "log-status": "OK", "vpc-id": id("CloudNeta-VPC", VPC), "subnet-id": id("CloudNeta-Private-SN", SUBNET), "instance-id": id("CloudNeta-Private-EC2", INSTANCE), "interface-id": eni("CloudNeta-Private-EC2").eniId!, action: "ACCEPT" };
        assert.deepStrictEqual(predictRecords(answer, view).map(summary), [
            {
                log: "CloudNeta-VPC-flow-vpc",
                scope: "vpc",
                leg: "request",
                on: "CloudNeta-Private-EC2",
                action: "ACCEPT",
                direction: "egress",
                values: { ...common, srcaddr: "10.0.1.10", dstport: "443", "pkt-srcaddr": "10.0.1.10", "pkt-dst-aws-service": "S3", "flow-direction": "egress", "traffic-path": "7" },
            },
            {
                log: "CloudNeta-VPC-flow-vpc",
                scope: "vpc",
                leg: "response",
                on: "CloudNeta-Private-EC2",
                action: "ACCEPT",
                direction: "ingress",
                values: { ...common, dstaddr: "10.0.1.10", srcport: "443", "pkt-dstaddr": "10.0.1.10", "pkt-src-aws-service": "S3", "flow-direction": "ingress", "traffic-path": "-" },
            },
        ]);
    });

    it("PrivateLink: My-EC2 to My-EPS-Endpoint on tcp 80 in MyVPC's log, the web server's side in CustomVPC's, the NLB's address unknown offline", () => {
        const myVpc = urn("MyVPC", VPC);
        const customVpc = urn("CustomVPC", VPC);
        const client = urn("My-EC2", INSTANCE);
        const endpoint = urn("My-EPS-Endpoint");
        const web = urn("Custom-WEB-1", INSTANCE);
        const clientIp = eni("My-EC2").address!;
        const webIp = eni("Custom-WEB-1").address!;
        const answer: ReachAnswer = {
            reachable: true,
            from: { query: "My-EC2", type: "Instance", name: "My-EC2", urn: client, address: clientIp, vpcUrn: myVpc },
            to: { query: "My-EPS-Endpoint", type: "VpcEndpoint", name: "My-EPS-Endpoint", urn: endpoint, address: "10.0.0.20", vpcUrn: myVpc },
            protocol: "tcp",
            port: 80,
            dns: { name: "vpce-27ecdae8e2603a937-90c83c84.vpce-svc-afb4f8725850f9bcf.ap-northeast-2.vpce.amazonaws.com", addresses: ["10.0.0.20", "10.0.1.20"], private: true },
            hops: [
                { type: "Instance", name: "My-EC2", urn: client, interface: { ownerUrn: client, subnetUrn: urn("My-Public-SN", SUBNET), vpcUrn: myVpc, address: clientIp, direction: "egress" } },
                { type: "RouteTable", name: "My-Public-RT", via: "10.0.0.0/16 -> local" },
                { type: "VpcEndpoint", name: "My-EPS-Endpoint", urn: endpoint, interface: { ownerUrn: endpoint, subnetUrn: urn("My-Public-SN", SUBNET), vpcUrn: myVpc, address: "10.0.0.20", direction: "ingress" } },
                { type: "VpcEndpointService", name: "Custom-EPS" },
                { type: "LoadBalancer", name: "Custom-NLB" },
                { type: "Instance", name: "Custom-WEB-1", urn: web, interface: { ownerUrn: web, subnetUrn: urn("Custom-Private-SN-1", SUBNET), vpcUrn: customVpc, address: webIp, direction: "ingress" } },
            ],
            blockedBy: null,
        };
        const records = predictRecords(answer, view).map((r) => [r.flowLog.label, r.leg, r.interface.ownerName, r.direction, r.values.srcaddr, r.values.dstaddr, r.values.srcport, r.values.dstport, r.values["traffic-path"]]);
        assert.deepStrictEqual(records, [
            ["MyVPC-flow-vpc", "request", "My-EC2", "egress", clientIp, "10.0.0.20", undefined, "80", "1"],
            ["MyVPC-flow-vpc", "request", "My-EPS-Endpoint", "ingress", clientIp, "10.0.0.20", undefined, "80", "-"],
            ["CustomVPC-flow-vpc", "request", "Custom-WEB-1", "ingress", undefined, webIp, undefined, "80", "-"],
            ["CustomVPC-flow-vpc", "response", "Custom-WEB-1", "egress", webIp, undefined, "80", undefined, "1"],
            ["MyVPC-flow-vpc", "response", "My-EPS-Endpoint", "egress", "10.0.0.20", clientIp, "80", undefined, "1"],
            ["MyVPC-flow-vpc", "response", "My-EC2", "ingress", "10.0.0.20", clientIp, "80", undefined, "-"],
        ]);
    });

    it("says so when no flow log records a flow", () => {
        assert.strictEqual(
            formatPredictedRecords([]),
            "  Flow logs: no flow log of the stack records this flow (no ENI crossed is covered, or its traffic type filters the action out)",
        );
    });
});
