import * as assert from "assert";
import { STARTUP } from "../../../analysis/deployTime/createTimes";
import { criticalPath, estimateDeployTime, schedule } from "../../../analysis/deployTime/estimate";
import { deploySteps, GraphResource } from "../../../analysis/deployTime/graph";
import { duration, renderDeployTime } from "../../../analysis/deployTime/render";

/** A resource of the hand-built graph, waiting for the named ones. */
function r(name: string, type: string, after: readonly string[] = [], extra: Partial<GraphResource> = {}): GraphResource {
    return { urn: `urn:${name}`, type, name, custom: true, dependencies: after.map((n) => `urn:${n}`), ...extra };
}

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const NLB = "aws:lb/loadBalancer:LoadBalancer";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const INSTANCE = "aws:ec2/instance:Instance";
const LISTENER = "aws:lb/listener:Listener";

/**
 * vpc(5) → subnet(3) → nlb(180) → listener(2); subnet + sg(3) → endpoint(120, interface);
 * subnet + sg → web(40) inside component "tier"; gateway(8) → vpc; "attach" waits for the
 * component, so for web. Longest chain: vpc, subnet, nlb, listener = 190 s.
 */
const GRAPH: GraphResource[] = [
    { urn: "urn:stack", type: "pulumi:pulumi:Stack", name: "stack", custom: false, dependencies: [] },
    { urn: "urn:provider", type: "pulumi:providers:aws", name: "default", custom: true, dependencies: [] },
    r("vpc", VPC, ["provider"]),
    r("subnet", SUBNET, ["vpc"]),
    r("sg", SG, ["vpc"]),
    r("nlb", NLB, ["subnet"]),
    r("endpoint", ENDPOINT, ["subnet", "sg"], { props: { vpcEndpointType: "Interface" } }),
    r("gateway", ENDPOINT, ["vpc"], { props: { vpcEndpointType: "Gateway" } }),
    { urn: "urn:tier", type: "test:Tier", name: "tier", custom: false, dependencies: [] },
    r("web", INSTANCE, ["subnet", "sg"], { parent: "urn:tier" }),
    r("listener", LISTENER, ["nlb"]),
    r("attach", "aws:lb/targetGroupAttachment:TargetGroupAttachment", ["tier"]),
];

describe("the deploy time estimate", () => {
    it("makes one step per create, not for providers or components, and expands a dependency on a component to its children", () => {
        const steps = deploySteps(GRAPH);
        assert.deepStrictEqual(
            steps.map((s) => [s.name, s.seconds, s.after.map((i) => steps[i].name)]),
            [
                ["vpc", 5, []],
                ["subnet", 3, ["vpc"]],
                ["sg", 3, ["vpc"]],
                ["nlb", 180, ["subnet"]],
                ["endpoint", 120, ["subnet", "sg"]],
                ["gateway", 8, ["vpc"]],
                ["web", 40, ["subnet", "sg"]],
                ["listener", 2, ["nlb"]],
                ["attach", 2, ["web"]],
            ],
        );
    });

    it("finds the critical path and the expected duration with the CLI's unbounded parallelism", () => {
        const estimate = estimateDeployTime(GRAPH);
        assert.deepStrictEqual(
            estimate.criticalPath.map((s) => [s.name, s.startSeconds, s.seconds]),
            [
                ["vpc", 0, 5],
                ["subnet", 5, 3],
                ["nlb", 8, 180],
                ["listener", 188, 2],
            ],
        );
        assert.strictEqual(estimate.criticalPathSeconds, 190);
        assert.strictEqual(estimate.createSeconds, 190);
        assert.strictEqual(estimate.totalSeconds, 190 + STARTUP.seconds);
        assert.strictEqual(estimate.parallelism, null);
        assert.strictEqual(estimate.steps, 9);
        assert.deepStrictEqual(estimate.defaultTimeTypes, []);
    });

    it("schedules at most --parallel creates at once, in registration order, so a narrow limit lengthens the run", () => {
        const steps = deploySteps(GRAPH);
        const serial = schedule(steps, 1);
        assert.strictEqual(Math.max(...serial.finish), steps.reduce((sum, s) => sum + s.seconds, 0));
        const two = schedule(steps, 2);
        assert.deepStrictEqual(
            steps.map((s, i) => `${s.name} ${two.start[i]}-${two.finish[i]}`),
            ["vpc 0-5", "subnet 5-8", "sg 5-8", "nlb 8-188", "endpoint 8-128", "gateway 128-136", "web 136-176", "listener 188-190", "attach 176-178"],
        );
        assert.strictEqual(estimateDeployTime(GRAPH, 2).createSeconds, 190);
        assert.strictEqual(estimateDeployTime(GRAPH, 1).createSeconds, 363);
        assert.throws(() => schedule(steps, 0), /parallelism must be at least 1, got 0/);
    });

    it("gives an opaque awsx VPC the time of what it creates inside, with its NAT gateway when it has one", () => {
        const bare = { urn: "urn:a", type: "awsx:ec2:Vpc", name: "a", custom: false, dependencies: [], props: { natGateways: [] } };
        const natted = { ...bare, urn: "urn:b", name: "b", props: { natGateways: [{ id: "nat-1" }] } };
        const expanded = { ...bare, urn: "urn:c", name: "c" };
        const child = r("c-vpc", VPC, [], { parent: "urn:c" });
        assert.deepStrictEqual(
            deploySteps([bare, natted, expanded, child]).map((s) => [s.name, s.seconds]),
            [
                ["a", 13],
                ["b", 110],
                ["c-vpc", 5],
            ],
        );
    });

    it("takes a default for a type without a figure and says which types did", () => {
        const estimate = estimateDeployTime([r("odd", "aws:sns/topic:Topic")]);
        assert.strictEqual(estimate.createSeconds, 2);
        assert.deepStrictEqual(estimate.defaultTimeTypes, ["aws:sns/topic:Topic"]);
    });

    it("refuses a cycle instead of hanging", () => {
        const steps = deploySteps([r("a", VPC, ["b"]), r("b", VPC, ["a"])]);
        assert.throws(() => schedule(steps, Number.POSITIVE_INFINITY), /the deploy graph has a cycle among a, b/);
        assert.throws(() => criticalPath(steps), /the deploy graph has a cycle/);
    });

    it("prints the duration and the critical path in three lines", () => {
        assert.deepStrictEqual(renderDeployTime(estimateDeployTime(GRAPH)), [
            "Deploy time (pulumi up from scratch; typical create times in analysis/deployTime/createTimes.ts):",
            "  about 3m 40s: 30 s to start and preview, then 3m 10s for 9 creates (--parallel unbounded, the CLI's default)",
            "  critical path (3m 10s): vpc (Vpc 5 s) → subnet (Subnet 3 s) → nlb (LoadBalancer 3m 00s) → listener (Listener 2 s)",
        ]);
        assert.deepStrictEqual([duration(0), duration(59.6), duration(60), duration(383)], ["0 s", "1m 00s", "1m 00s", "6m 23s"]);
    });
});
