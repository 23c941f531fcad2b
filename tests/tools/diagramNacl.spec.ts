import * as assert from "assert";
import { toDot } from "../../offline/plan/diagram/dot";
import { buildTopology, Topology, TopologyNode } from "../../offline/plan/diagram/topology";
import { exportedResources } from "../../offline/plan/stackExport";
import { stackStageRuns } from "../fixtures/stageRuns";

/** Every node of a topology and the label of each subnet anchor. */
function nodesOf(topology: Topology): { nodes: TopologyNode[]; subnetLabel: Map<string, string> } {
    const nodes: TopologyNode[] = [];
    const subnetLabel = new Map<string, string>();
    for (const group of topology.groups) {
        nodes.push(...group.nodes);
        for (const vpc of group.vpcs) {
            nodes.push(...vpc.nodes);
            for (const subnet of vpc.zones.flatMap((z) => z.subnets)) {
                nodes.push(...subnet.nodes);
                subnetLabel.set(subnet.anchor, subnet.label.split("\n")[0]);
            }
        }
    }
    return { nodes, subnetLabel };
}

describe("topology diagram: network ACLs", () => {
    let stages: Map<string, Topology>;
    before(async function () {
        this.timeout(120000);
        const runs = await stackStageRuns("lab");
        stages = new Map(runs.runs.filter((r) => r.lab === "bastion-ssm").map((r) => [r.stage, buildTopology(exportedResources(r.run), `bastion-ssm · ${r.stage}`)]));
    });

    it("draws the nacl stage's IMD-PRIVATE-NACL with its rules, dotted to the two private subnets it guards", () => {
        const { nodes, subnetLabel } = nodesOf(stages.get("nacl")!);
        const nacls = nodes.filter((n) => n.kind === "network-acl");
        assert.deepStrictEqual(
            nacls.map((n) => n.label.split("\n")),
            [["IMD-PRIVATE-NACL", "network ACL", "in 10 allow all traffic from 10.1.1.0/24", "out 10 allow all traffic to 0.0.0.0/0", "* deny the rest (stateless: replies too)"]],
        );
        const guarded = stages
            .get("nacl")!
            .edges.filter((e) => e.kind === "nacl" && e.from === nacls[0].id)
            .map((e) => subnetLabel.get(e.to))
            .sort();
        assert.deepStrictEqual(guarded, ["IMD-PRIVATE-A", "IMD-PRIVATE-B"]);
        assert.match(toDot(stages.get("nacl")!), /network ACL ┄ subnet it guards/);
    });

    it("has no NACL in the stage before it or after it is removed", () => {
        for (const stage of ["ssm", "nacl-off"]) {
            assert.deepStrictEqual(nodesOf(stages.get(stage)!).nodes.filter((n) => n.kind === "network-acl"), [], stage);
            assert.deepStrictEqual(stages.get(stage)!.edges.filter((e) => e.kind === "nacl"), [], stage);
        }
    });

    it("writes the rules and the legend in Korean for the Korean guide", async () => {
        const runs = await stackStageRuns("lab");
        const nacl = runs.runs.find((r) => r.lab === "bastion-ssm" && r.stage === "nacl")!;
        const korean = buildTopology(exportedResources(nacl.run), "bastion-ssm · nacl", "ko");
        const label = nodesOf(korean).nodes.find((n) => n.kind === "network-acl")!.label.split("\n");
        assert.deepStrictEqual(label, ["IMD-PRIVATE-NACL", "네트워크 ACL", "인바운드 10: 10.1.1.0/24 에서 모든 트래픽 허용", "아웃바운드 10: 0.0.0.0/0 (으)로 모든 트래픽 허용", "*: 나머지는 모두 거부 (상태 비저장: 응답도)"]);
        const dot = toDot(korean, "ko");
        assert.match(dot, /<B>범례<\/B>/);
        assert.match(dot, /프라이빗 서브넷/);
        assert.doesNotMatch(dot, /Legend|subnet it serves|private subnet/);
    });
});
