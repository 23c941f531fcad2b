import * as assert from "assert";
import { join } from "path";
import { LabName } from "../../config/keys";
import { LAB_STAGES, LabStage } from "../../config/stages";
import { RecordedResource } from "../../lib/records";
import { StageRun } from "../../offline/guide/stageRuns";
import { analyze, recordsFromEngine } from "../../policy/analyzer";
import { loadPolicyConfigFile } from "../../policy/packConfig";
import { stackStageRuns } from "../fixtures/stageRuns";

/** Resources that hold data: what a stage change must never replace or delete. */
const DATA_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:cloudwatch/logGroup:LogGroup", "aws:kms/key:Key"];

/**
 * The policy pack's expected verdict per stage: every stage of both stacks passes with no
 * violation at all. A stage with a deliberate gap would be listed here with its reason.
 */
const EXPECTED_VIOLATIONS: Readonly<Record<string, readonly string[]>> = {};

const count = (run: StageRun, type: string, where: (r: RecordedResource) => boolean = () => true) => run.run.resources.filter((r) => r.type === type && where(r)).length;
const data = (run: StageRun) => run.run.resources.filter((r) => DATA_TYPES.includes(r.type));

function runOf(runs: readonly StageRun[], lab: LabName, stage: LabStage): StageRun {
    const run = runs.find((r) => r.lab === lab && r.stage === stage);
    assert.ok(run, `${lab} ${stage} was built`);
    return run;
}

describe("lab stages", () => {
    for (const stack of ["lab", "dev"] as const) {
        describe(`of stack ${stack}`, () => {
            let runs: readonly StageRun[];
            before(async () => {
                runs = (await stackStageRuns(stack)).runs;
            });

            it("builds every stage of every lab (dev skips the nat stage: it has no NAT gateway)", () => {
                const built = runs.map((r) => `${r.lab}:${r.stage}`);
                const expected = (Object.keys(LAB_STAGES) as LabName[]).flatMap((lab) => (LAB_STAGES[lab] as readonly string[]).map((s) => `${lab}:${s}`));
                assert.deepStrictEqual(built, stack === "dev" ? expected.filter((s) => s !== "bastion-ssm:nat") : expected);
                for (const run of runs) {
                    assert.strictEqual(count(run, `vpc-labs:labs:${{ endpoints: "EndpointsLab", "endpoint-service": "EndpointServiceLab", "bastion-ssm": "BastionSsmLab" }[run.lab]}`), 1, `${run.lab} ${run.stage}`);
                }
            });

            it("endpoints: no gateway endpoint or bucket before gateway, no CloudFormation endpoint before interface; DNS hostnames as the access needs", () => {
                const endpoint = (type: string) => (r: RecordedResource) => r.inputs.vpcEndpointType === type;
                const cloudformation = (r: RecordedResource) => String(r.inputs.serviceName).endsWith(".cloudformation");
                const gateways = stack === "lab" ? 2 : 1;
                const facts = (["network", "gateway", "interface"] as const).map((stage) => {
                    const run = runOf(runs, "endpoints", stage);
                    const vpc = run.run.resources.find((r) => r.type === "aws:ec2/vpc:Vpc")!;
                    return [stage, count(run, "aws:ec2/vpcEndpoint:VpcEndpoint", endpoint("Gateway")), count(run, "aws:s3/bucket:Bucket"), count(run, "aws:ec2/vpcEndpoint:VpcEndpoint", cloudformation), vpc.inputs.enableDnsHostnames];
                });
                // lab reaches the private instance with Session Manager (its endpoints need DNS hostnames); dev with EC2 Instance Connect.
                const early = stack === "lab";
                assert.deepStrictEqual(facts, [
                    ["network", 0, 0, 0, early],
                    ["gateway", gateways, 1, 0, early],
                    ["interface", gateways, 1, 1, true],
                ]);
            });

            it("endpoint-service: the service and the endpoint from service on, the accepter only at accepted", () => {
                const facts = (["provider", "service", "accepted"] as const).map((stage) => {
                    const run = runOf(runs, "endpoint-service", stage);
                    return [stage, count(run, "aws:lb/loadBalancer:LoadBalancer"), count(run, "aws:ec2/vpcEndpointService:VpcEndpointService"), count(run, "aws:ec2/vpcEndpoint:VpcEndpoint"), count(run, "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter")];
                });
                assert.deepStrictEqual(facts, [
                    ["provider", 1, 0, 0, 0],
                    ["service", 1, 1, 1, 0],
                    ["accepted", 1, 1, 1, 1],
                ]);
            });

            it("bastion-ssm: NAT from nat on, the SSM endpoints from ssm on, the NACL at nacl only", () => {
                const stages = stack === "dev" ? (["network", "ssm", "nacl", "nacl-off"] as const) : (["network", "nat", "ssm", "nacl", "nacl-off"] as const);
                const natType = stack === "dev" ? "awsx:ec2:Vpc" : "aws:ec2/natGateway:NatGateway";
                const facts = stages.map((stage) => {
                    const run = runOf(runs, "bastion-ssm", stage);
                    return [stage, stack === "dev" ? 0 : count(run, natType), count(run, "aws:ec2/vpcEndpoint:VpcEndpoint"), count(run, "aws:ec2/networkAcl:NetworkAcl")];
                });
                const expected: Record<string, [number, number, number]> = { network: [0, 0, 0], nat: [1, 0, 0], ssm: [1, 3, 0], nacl: [1, 3, 1], "nacl-off": [1, 3, 0] };
                assert.deepStrictEqual(
                    facts,
                    stages.map((s) => [s, stack === "dev" ? 0 : expected[s][0], expected[s][1], expected[s][2]]),
                );
            });

            it("passes the policy pack at every stage, with the expected violations per stage (none)", async () => {
                const config = loadPolicyConfigFile(join(__dirname, "..", "..", "policy", `config.${stack}.json`));
                for (const run of runs) {
                    const report = await analyze(recordsFromEngine(run.run.resources), config);
                    const key = `${stack} ${run.lab} ${run.stage}`;
                    assert.deepStrictEqual(report.violations.map((v) => `${v.policyName} (${v.enforcementLevel}): ${v.message}`), EXPECTED_VIOLATIONS[key] ?? [], key);
                }
            });

            it("moving to the next stage replaces no data-holding resource, and going back keeps in AWS what it removes", () => {
                assertAdjacentStagesKeepData(runs);
            });

            it("exports the checks of the stage built, in the one shape of every lab, at every stage", () => {
                for (const run of runs) {
                    const key = { endpoints: "endpoints", "endpoint-service": "endpointService", "bastion-ssm": "bastionSsm" }[run.lab];
                    const outputs = run.run.outputs[key] as Record<string, unknown>;
                    const final = ["interface", "accepted", "nacl", "nacl-off"].includes(run.stage);
                    assert.ok(!("verification" in outputs), `${run.lab} ${run.stage}: no old verification list`);
                    const checks = outputs.checks as { id: string; stage: string; ko?: unknown }[];
                    assert.ok(checks.length >= 3, `${run.lab} ${run.stage} has checks`);
                    assert.deepStrictEqual([...new Set(checks.map((c) => c.stage))], [run.stage]);
                    assert.strictEqual(new Set(checks.map((c) => c.id)).size, checks.length, "ids are unique");
                    if (!final) {
                        assert.deepStrictEqual(checks.filter((c) => !c.ko).map((c) => c.id), [], "every stage check has its Korean text");
                    }
                }
            });
        });
    }

    it("keeps data across stages with KMS-encrypted flow logs in S3 too (buckets, keys)", async () => {
        const { runs } = await stackStageRuns("lab", { "vpc-labs:flowLogDestination": "s3", "vpc-labs:flowLogKmsKey": "true" });
        assert.ok(runs.every((r) => r.run.resources.some((x) => x.type === "aws:kms/key:Key")), "every stage has its KMS keys");
        assertAdjacentStagesKeepData(runs);
    });
});

function assertAdjacentStagesKeepData(runs: readonly StageRun[]): void {
    for (const lab of Object.keys(LAB_STAGES) as LabName[]) {
        const stages = runs.filter((r) => r.lab === lab);
        for (let i = 1; i < stages.length; i++) {
            const [before, after] = [stages[i - 1], stages[i]];
            const label = `${lab} ${before.stage} -> ${after.stage}`;
            const afterByUrn = new Map(data(after).map((r) => [r.urn, r]));
            for (const kept of data(before)) {
                const same = afterByUrn.get(kept.urn);
                assert.ok(same, `${label}: ${kept.urn} stays in the stack`);
                assert.deepStrictEqual(same.inputs, kept.inputs, `${label}: ${kept.urn} keeps its inputs (no replacement)`);
            }
            const beforeUrns = new Set(data(before).map((r) => r.urn));
            for (const added of data(after).filter((r) => !beforeUrns.has(r.urn))) {
                assert.strictEqual(added.retainOnDelete, true, `${label}: ${added.urn} is kept in AWS when going back removes it`);
            }
        }
    }
}
