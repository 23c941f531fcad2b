import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { LAB_DEFINITIONS } from "../components/labs/registry";
import { join } from "path";
import { ConfigError } from "../lib/errors";
import { analyze, recordsFromEngine } from "../policy/analyzer";
import { loadPolicyConfigFile } from "../policy/packConfig";
import { OfflineEngine } from "../offline/engine";
import { readStackConfig } from "../config/stackFiles";
import program from "../index";

/** Runs the program as `pulumi up` would for a stack's committed config, offline. */
async function runStack(stack: string, overrides: Record<string, string> = {}) {
    const engine = await OfflineEngine.start({ stack, config: { ...readStackConfig(stack), ...overrides } });
    const outputs = await program();
    await engine.settle();
    return { engine, outputs };
}

describe("the program", () => {
    for (const stack of ["dev", "lab"]) {
        describe(`with Pulumi.${stack}.yaml`, () => {
            let run: Awaited<ReturnType<typeof runStack>>;
            before(async () => {
                run = await runStack(stack);
            });

            it("builds every chosen lab that is available, each as one component", () => {
                const labTypes = run.engine.resources.filter((r) => r.type.startsWith("vpc-labs:labs:")).map((r) => r.name);
                assert.deepStrictEqual(labTypes, LAB_DEFINITIONS.map((d) => d.name));
                assert.deepStrictEqual(run.outputs.labs, ["endpoints", "endpoint-service", "bastion-ssm"]);
                assert.strictEqual(run.outputs.region, "ap-northeast-2");
            });

            it("gives every VPC a flow log of its own", () => {
                // awsx's VPCs are children of their awsx:ec2:Vpc components, as in a deployed stack.
                const vpcIds = run.engine.ofType(aws.ec2.Vpc).map((v) => v.id);
                assert.strictEqual(vpcIds.length, 4, "four lab VPCs");
                const awsxVpcIds = run.engine.ofType("awsx:ec2:Vpc").map((v) => (v.outputs as { vpcId: string }).vpcId);
                assert.deepStrictEqual(awsxVpcIds.filter((id) => !vpcIds.includes(id)), []);
                const logged = run.engine.ofType(aws.ec2.FlowLog).map((f) => f.inputs.vpcId);
                assert.deepStrictEqual(vpcIds.filter((id) => !logged.includes(id)), []);
            });

            it(`passes the policy pack with policy/config.${stack}.json: no violation at all`, async () => {
                const config = loadPolicyConfigFile(join(__dirname, "..", "policy", `config.${stack}.json`));
                const report = await analyze(recordsFromEngine(run.engine.resources), config);
                assert.deepStrictEqual(report.violations.map((v) => `${v.policyName} (${v.enforcementLevel}) ${v.urn}: ${v.message}`), []);
            });

            it("requires IMDSv2 on every instance and opens SSH to the internet nowhere", () => {
                for (const instance of run.engine.ofType(aws.ec2.Instance)) {
                    assert.strictEqual((instance.inputs.metadataOptions as { httpTokens: string }).httpTokens, "required", instance.name);
                }
                const openSsh = run.engine
                    .ofType(aws.vpc.SecurityGroupIngressRule)
                    .filter((r) => ["0.0.0.0/0"].includes(r.inputs.cidrIpv4 as string) || r.inputs.cidrIpv6 === "::/0")
                    .filter((r) => r.inputs.ipProtocol === "-1" || ((r.inputs.fromPort as number) <= 22 && 22 <= (r.inputs.toPort as number)));
                assert.deepStrictEqual(openSsh.map((r) => r.name), []);
            });
        });
    }

    it("refuses a bad config with every problem listed and registers zero resources", async () => {
        const engine = await OfflineEngine.start({
            stack: "lab",
            config: {
                ...readStackConfig("lab"),
                "vpc-labs:labs": '["endpoints","transit-gateway"]',
                "vpc-labs:endpointServiceProviderVpcCidr": "20.0.0.0/16",
                "vpc-labs:bastionSsmOperatorCidr": "0.0.0.0/0",
            },
        });
        await assert.rejects(program(), (e: unknown) => ConfigError.isConfigError(e) && e.problems.length >= 4);
        await engine.settle();
        assert.deepStrictEqual(engine.resources, []);
    });
});
