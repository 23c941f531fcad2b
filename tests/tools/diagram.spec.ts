import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { toDot } from "../../offline/plan/diagram/dot";
import { renderSvg } from "../../offline/plan/diagram/render";
import { buildTopology, serviceShortName, Topology, TopologyNode } from "../../offline/plan/diagram/topology";
import { runProgram } from "../../offline/plan/programRunner";
import { RecordedResource } from "../../lib/records";
import { readStackExport } from "../../offline/plan/stackExport";
import { EXPORTS } from "./helpers";
import { networkProgram } from "./programs";

/** Every node of a topology, wherever it sits, with the anchors of VPCs and subnets by label. */
function index(topology: Topology) {
    const nodes: TopologyNode[] = [];
    const anchors = new Map<string, string>();
    const where = new Map<string, string>();
    for (const group of topology.groups) {
        nodes.push(...group.nodes);
        group.nodes.forEach((n) => where.set(n.id, group.label));
        for (const vpc of group.vpcs) {
            anchors.set(vpc.label.split("\n")[0], vpc.anchor);
            nodes.push(...vpc.nodes);
            vpc.nodes.forEach((n) => where.set(n.id, vpc.label.split("\n")[0]));
            for (const zone of vpc.zones) {
                for (const subnet of zone.subnets) {
                    anchors.set(subnet.label.split("\n")[0], subnet.anchor);
                    nodes.push(...subnet.nodes);
                    subnet.nodes.forEach((n) => where.set(n.id, subnet.label.split("\n")[0]));
                }
            }
        }
    }
    const id = (label: string) => {
        const found = nodes.find((n) => n.label.split("\n")[0] === label)?.id ?? anchors.get(label);
        assert.ok(found, `no node or cluster labelled ${label}`);
        return found;
    };
    const edges = (kind: string) =>
        topology.edges
            .filter((e) => e.kind === kind)
            .map((e) => [labelOf(e.from), labelOf(e.to), e.label ?? ""])
            .sort();
    const labelOf = (nodeId: string) =>
        nodes.find((n) => n.id === nodeId)?.label.split("\n")[0] ?? [...anchors].find(([, anchor]) => anchor === nodeId)?.[0] ?? nodeId;
    return { id, edges, where: (label: string) => where.get(id(label)) };
}

describe("topology diagram", () => {
    let topology: Topology;
    before(async () => {
        const run = await runProgram(networkProgram, { stack: "net" });
        topology = buildTopology(run.resources, "net");
    });

    it("clusters each VPC by zone and subnet, with CIDRs, public or private by their routes", () => {
        const [group] = topology.groups;
        assert.strictEqual(topology.groups.length, 1);
        assert.strictEqual(group.label, "resources outside components");
        assert.deepStrictEqual(
            group.vpcs.map((v) => [v.label, v.zones.map((z) => [z.label, z.subnets.map((s) => [s.label, s.tier])])]),
            [
                [
                    "Net-VPC\nVPC 10.8.0.0/16",
                    [
                        ["ap-northeast-2a", [["Net-Public\n10.8.1.0/24", "public"]]],
                        ["ap-northeast-2c", [["Net-Private\n10.8.11.0/24", "private"]]],
                    ],
                ],
                ["Use-VPC\nVPC 10.9.0.0/16", [["ap-northeast-2a", [["Use-Subnet\n10.9.1.0/24", "private"]]]]],
            ],
        );
    });

    it("puts instances and NAT gateways in their subnet; gateways, route tables, endpoints and load balancers in their VPC", () => {
        const { where } = index(topology);
        assert.strictEqual(where("Net-Web"), "Net-Private");
        assert.strictEqual(where("Net-NAT"), "Net-Public");
        for (const label of ["Net-IGW", "Net-Public-RT", "Net-Private-RT", "Net-S3", "Net-STS", "Net-NLB", "Net-EPS"]) {
            assert.strictEqual(where(label), "Net-VPC", label);
        }
        assert.strictEqual(where("Use-Endpoint"), "Use-VPC");
        assert.strictEqual(where("Net-Flow"), "resources outside components");
        assert.strictEqual(where("Net-Flow-Group"), "resources outside components");
    });

    it("links route tables to their subnets and to each route's target, labelled with the destination", () => {
        const { edges } = index(topology);
        assert.deepStrictEqual(edges("association"), [
            ["Net-Private-RT", "Net-Private", ""],
            ["Net-Public-RT", "Net-Public", ""],
        ]);
        assert.deepStrictEqual(edges("route"), [
            ["Net-Private-RT", "Net-NAT", "0.0.0.0/0"],
            ["Net-Private-RT", "Net-S3", "s3"],
            ["Net-Public-RT", "Net-IGW", "0.0.0.0/0"],
            ["Net-Public-RT", "Net-S3", "s3"],
        ]);
    });

    it("links interface endpoints and load balancers to their subnets, and the load balancer to its targets", () => {
        const { edges } = index(topology);
        assert.deepStrictEqual(edges("eni"), [
            ["Net-NLB", "Net-Private", ""],
            ["Net-NLB", "Net-Public", ""],
            ["Net-STS", "Net-Private", ""],
            ["Net-STS", "Net-Public", ""],
            ["Use-Endpoint", "Use-Subnet", ""],
        ]);
        assert.deepStrictEqual(edges("target"), [["Net-NLB", "Net-Web", "tcp 80"]]);
    });

    it("links the endpoint service to its load balancer and, across VPCs, to the consumer's endpoint", () => {
        const { edges } = index(topology);
        assert.deepStrictEqual(edges("service"), [["Net-NLB", "Net-EPS", ""]]);
        assert.deepStrictEqual(edges("privatelink"), [["Use-Endpoint", "Net-EPS", "PrivateLink (accepted)"]]);
    });

    it("links the VPC to its flow log and the flow log to its log group", () => {
        const { edges } = index(topology);
        assert.deepStrictEqual(edges("flow-log"), [["Net-VPC", "Net-Flow", ""]]);
        assert.deepStrictEqual(edges("log-destination"), [["Net-Flow", "Net-Flow-Group", ""]]);
    });

    it("writes DOT with a cluster per VPC, zone and subnet, and edges clipped to the clusters they mean", () => {
        const dot = toDot(topology);
        const { id } = index(topology);
        assert.match(dot, /^digraph topology \{/);
        assert.match(dot, /compound=true/);
        assert.strictEqual(dot.match(/subgraph cluster_v\d+ \{/g)?.length, 2);
        assert.strictEqual(dot.match(/subgraph cluster_v\d+_z\d+ \{/g)?.length, 3);
        assert.strictEqual(dot.match(/subgraph cluster_s\d+ \{/g)?.length, 3);
        assert.match(dot, new RegExp(`${id("Net-Public-RT")} -> ${id("Net-Public")} \\[.*lhead=cluster_s\\d+`));
        assert.match(dot, new RegExp(`${id("Net-VPC")} -> ${id("Net-Flow")} \\[.*ltail=cluster_v\\d+`));
        // Drawn upward, so the internet gateway sits above the route table: written reversed.
        assert.match(dot, new RegExp(`${id("Net-IGW")} -> ${id("Net-Public-RT")} \\[.*dir=back, label="0\\.0\\.0\\.0/0"`));
    });

    it("renders the DOT as SVG with Graphviz", async () => {
        const svg = await renderSvg(toDot(topology));
        assert.match(svg, /^<\?xml[\s\S]*<svg width="\d+pt" height="\d+pt"/);
        for (const text of ["Net&#45;VPC", "VPC 10.8.0.0/16", "Net&#45;Private", "PrivateLink (accepted)", "Legend"]) {
            assert.ok(svg.includes(text), text);
        }
    });

    it("draws a deployed stack's export the same way: inline routes, IDs as references", () => {
        const read = readStackExport(readFileSync(join(EXPORTS, "legacy-prod.json"), "utf8"));
        const legacy = buildTopology(read.resources, "legacy");
        const { edges, where } = index(legacy);
        assert.deepStrictEqual(edges("route"), [["Legacy-Public-RT", "Legacy-IGW", "0.0.0.0/0"]]);
        assert.deepStrictEqual(edges("association"), [["Legacy-Public-RT", "Legacy-Public-A", ""]]);
        assert.strictEqual(where("Legacy-Web"), "Legacy-Public-A");
        assert.strictEqual(legacy.groups[0].vpcs[0].zones[0].subnets[0].tier, "public");
    });

    it("draws the network inside an awsx VPC from its outputs when its parts are not resources of their own", () => {
        const awsxVpc: RecordedResource = {
            urn: "urn:pulumi:dev::vpc-labs::lab:index:Lab$awsx:ec2:Vpc::x-vpc",
            type: "awsx:ec2:Vpc",
            name: "x-vpc",
            custom: false,
            id: "",
            inputs: { cidrBlock: "10.5.0.0/16", tags: { Name: "X-VPC" } },
            outputs: {
                vpcId: "vpc-x",
                vpc: { id: "vpc-x", cidrBlock: "10.5.0.0/16" },
                subnets: [
                    { id: "subnet-pub", vpcId: "vpc-x", cidrBlock: "10.5.1.0/24", availabilityZone: "ap-northeast-2a", tags: { Name: "x-public-1" } },
                    { id: "subnet-iso", vpcId: "vpc-x", cidrBlock: "10.5.11.0/24", availabilityZone: "ap-northeast-2a", tags: { Name: "x-isolated-1" } },
                ],
                publicSubnetIds: ["subnet-pub"],
                routeTables: [{ id: "rtb-pub", vpcId: "vpc-x" }, { id: "rtb-iso", vpcId: "vpc-x" }],
                routeTableAssociations: [
                    { id: "rtbassoc-1", subnetId: "subnet-pub", routeTableId: "rtb-pub" },
                    { id: "rtbassoc-2", subnetId: "subnet-iso", routeTableId: "rtb-iso" },
                ],
                routes: [{ routeTableId: "rtb-pub", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-x" }],
                internetGateway: { id: "igw-x", vpcId: "vpc-x" },
            },
            parent: "urn:pulumi:dev::vpc-labs::lab:index:Lab::x",
            dependencies: [],
            propertyDependencies: {},
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
        };
        const lab: RecordedResource = { ...awsxVpc, urn: "urn:pulumi:dev::vpc-labs::lab:index:Lab::x", type: "lab:index:Lab", name: "x", inputs: {}, outputs: {}, parent: undefined };
        const drawn = buildTopology([lab, awsxVpc], "awsx");
        assert.deepStrictEqual(
            drawn.groups.map((g) => [g.label, g.vpcs.map((v) => [v.label, v.zones.flatMap((z) => z.subnets.map((sn) => [sn.label, sn.tier]))])]),
            [["x  (Lab)", [["X-VPC\nVPC 10.5.0.0/16", [["x-public-1\n10.5.1.0/24", "public"], ["x-isolated-1\n10.5.11.0/24", "private"]]]]]],
        );
        const { edges } = index(drawn);
        assert.deepStrictEqual(edges("route"), [["x-public-1", "X-VPC-IGW", "0.0.0.0/0"]]);
        assert.deepStrictEqual(edges("association"), [
            ["x-isolated-1", "x-isolated-1", ""],
            ["x-public-1", "x-public-1", ""],
        ]);
    });

    it("names services by their short name", () => {
        assert.strictEqual(serviceShortName("com.amazonaws.ap-northeast-2.s3"), "s3");
        assert.strictEqual(serviceShortName("com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123"), "vpce-svc-0123");
    });
});
