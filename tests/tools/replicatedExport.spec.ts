import * as assert from "assert";
import { runStack } from "../../offline/plan/programRunner";
import { replicatedExport } from "../../offline/plan/replicatedExport";
import { readStackExport, StackExport, toStackExport } from "../../offline/plan/stackExport";
import { analyze } from "../../policy/analyzer";
import { recordsFromEngine } from "../../analysis/stack/policyRecords";

// The bench's lab-shaped exports: copies of the lab stack that refer only to themselves, so the
// pack judges each copy as it judges the lab stack.
describe("replicated exports (copies of a stack's own resources)", () => {
    let lab: StackExport;
    before(async function () {
        this.timeout(60000);
        lab = toStackExport(await runStack("lab"));
    });

    it("copies every resource but the stack and its providers, with URNs and IDs unique per copy, and passes the export checks", () => {
        const base = lab.deployment.resources!;
        const shared = base.filter((r) => r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")).length;
        const copies = 3;
        const count = shared + copies * (base.length - shared);
        const big = replicatedExport(lab, count);
        const read = readStackExport(JSON.stringify(big));
        assert.strictEqual(read.resources.length, count);
        assert.strictEqual(new Set(big.deployment.resources!.map((r) => r.urn)).size, count);
        const ids = big.deployment.resources!.filter((r) => r.custom && r.id && /^[a-z]+-[0-9a-f]+$/.test(r.id)).map((r) => r.id);
        assert.strictEqual(new Set(ids).size, ids.length, "every AWS ID once");
        const vpcIdsOfCopy1 = big.deployment.resources!.filter((r) => r.urn.endsWith("-c1") && r.type === "aws:ec2/vpc:Vpc").map((r) => r.id);
        const subnetsOfCopy1 = big.deployment.resources!.filter((r) => r.urn.endsWith("-c1") && r.type === "aws:ec2/subnet:Subnet");
        assert.ok(subnetsOfCopy1.length > 0 && subnetsOfCopy1.every((s) => vpcIdsOfCopy1.includes(s.outputs!.vpcId as string)), "a copy's subnets are in the copy's VPCs");
    });

    it("gets the lab stack's verdicts once per copy: an opened SSH rule is reported in each", async function () {
        this.timeout(60000);
        const base = lab.deployment.resources!;
        // The lab's HTTP-from-anywhere rule, widened to SSH: a mandatory violation per copy.
        const opened: StackExport = {
            ...lab,
            deployment: {
                ...lab.deployment,
                resources: base.map((r) =>
                    r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.inputs?.fromPort === 80 && r.inputs?.cidrIpv4 === "0.0.0.0/0"
                        ? { ...r, inputs: { ...r.inputs, fromPort: 22, toPort: 22 }, outputs: { ...r.outputs, fromPort: 22, toPort: 22 } }
                        : r,
                ),
            },
        };
        const shared = base.filter((r) => r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")).length;
        const ssh = async (exported: StackExport) =>
            (await analyze(recordsFromEngine(readStackExport(JSON.stringify(exported)).resources))).violations.filter((v) => v.policyName === "security-group-no-public-admin-ports").length;
        const once = await ssh(opened);
        assert.ok(once >= 1, "the opened rule is reported");
        assert.strictEqual(await ssh(replicatedExport(opened, shared + 3 * (base.length - shared))), 3 * once);
    });
});
