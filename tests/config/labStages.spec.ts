import * as assert from "assert";
import { ConfigError, formatProblem } from "../../lib/errors";
import { OfflineEngine } from "../../offline/engine";
import { readStackConfig } from "../../config/stackFiles";
import { bastionSsmStageOf, endpointServiceStageOf, endpointsStageOf } from "../../labs/stageRules";
import program from "../../index";

/** Runs the program for the lab stack with overrides and returns the problems it refused, with nothing registered. */
async function refused(overrides: Record<string, string>): Promise<string[]> {
    const engine = await OfflineEngine.start({ stack: "lab", config: { ...readStackConfig("lab"), ...overrides } });
    let problems: string[] = [];
    await assert.rejects(program(), (e: unknown) => {
        assert.ok(ConfigError.isConfigError(e), String(e));
        problems = e.problems.map(formatProblem);
        return true;
    });
    await engine.settle();
    assert.deepStrictEqual(engine.resources, [], "nothing is registered");
    return problems;
}

describe("stage keys", () => {
    it("refuses a stage that is not one of the lab's, listing them in order", async () => {
        assert.deepStrictEqual(await refused({ "vpc-labs:endpointsStage": "gateways", "vpc-labs:bastionSsmStage": "nacl_off" }), [
            'vpc-labs:endpointsStage: "gateways" is not a stage of the endpoints lab (in order: network, gateway, interface); set it to one of network, gateway, interface, or leave it empty for the final stage',
            'vpc-labs:bastionSsmStage: "nacl_off" is not a stage of the bastion-ssm lab (in order: network, nat, ssm, nacl, nacl-off); set it to one of network, nat, ssm, nacl, nacl-off, or leave it empty for the final stage',
        ]);
    });

    it("refuses the NACL exercise switch with a stage other than nacl", async () => {
        const fix = "set bastionSsmNaclExercise: false and choose the stage with bastionSsmStage alone (nacl builds the NACL), or remove bastionSsmStage";
        assert.deepStrictEqual(await refused({ "vpc-labs:bastionSsmNaclExercise": "true", "vpc-labs:bastionSsmStage": "nacl-off" }), [
            `vpc-labs:bastionSsmNaclExercise: is true, but bastionSsmStage is "nacl-off", the stage that removes IMD-PRIVATE-NACL again; ${fix}`,
        ]);
        assert.deepStrictEqual(await refused({ "vpc-labs:bastionSsmNaclExercise": "true", "vpc-labs:bastionSsmStage": "nat" }), [
            `vpc-labs:bastionSsmNaclExercise: is true, but bastionSsmStage is "nat", before the NACL exercise (the stage nacl comes after ssm); ${fix}`,
        ]);
    });

    it("refuses the nat stage without NAT gateways, and the interface stage without interface services", async () => {
        assert.deepStrictEqual(await refused({ "vpc-labs:bastionSsmStage": "nat", "vpc-labs:bastionSsmNatGateways": "none" }), [
            'vpc-labs:bastionSsmStage: "nat" adds the NAT gateways bastionSsmNatGateways chooses, and it chooses none; set bastionSsmNatGateways: single (IMD-NATGW, as the original) or per-az, or go on to bastionSsmStage: ssm',
        ]);
        assert.deepStrictEqual(await refused({ "vpc-labs:endpointsStage": "interface", "vpc-labs:endpointsInterfaceServices": "[]" }), [
            'vpc-labs:endpointsStage: "interface" adds the interface endpoints of endpointsInterfaceServices, which lists none; list a service in endpointsInterfaceServices (e.g. cloudformation, as the book), or stay at endpointsStage: gateway',
        ]);
    });

    it("defaults to each lab's final stage; the exercise switch alone still means the nacl stage", () => {
        const endpoints = { vpcCidr: "", publicSubnetCidr: "", privateSubnetCidr: "", gatewayServices: ["s3"], gatewayRouteTables: ["public"], interfaceServices: [], privateInstanceAccess: "session-manager", bucketManagers: [] } as const;
        assert.strictEqual(endpointsStageOf(endpoints), "interface");
        assert.strictEqual(endpointsStageOf({ ...endpoints, stage: "network" }), "network");
        const service = { consumerVpcCidr: "", consumerSubnetCidrs: [], providerVpcCidr: "", providerSubnetCidrs: ["", ""], allowedPrincipals: [], autoAccept: false } as const;
        assert.strictEqual(endpointServiceStageOf(service), "accepted");
        const bastion = { vpcCidr: "", publicSubnetCidrs: ["", ""], privateSubnetCidrs: ["", ""], natGateways: "single", naclExercise: false } as const;
        assert.strictEqual(bastionSsmStageOf(bastion), "nacl-off");
        assert.strictEqual(bastionSsmStageOf({ ...bastion, naclExercise: true }), "nacl");
        assert.strictEqual(bastionSsmStageOf({ ...bastion, naclExercise: true, stage: "nacl" }), "nacl");
    });

    it("builds the same resources when the final stage is named as when it is left empty", async () => {
        const urns = async (overrides: Record<string, string>) => {
            const engine = await OfflineEngine.start({ stack: "lab", config: { ...readStackConfig("lab"), ...overrides } });
            await program();
            await engine.settle();
            return engine.resources.map((r) => `${r.urn} ${JSON.stringify(r.inputs)}`);
        };
        assert.deepStrictEqual(await urns({ "vpc-labs:endpointsStage": "interface", "vpc-labs:endpointServiceStage": "accepted", "vpc-labs:bastionSsmStage": "nacl-off" }), await urns({}));
    });
});
