import * as assert from "assert";
import { assumedExistingVpcs } from "../../offline/assumedExistingVpcs";
import { loadProgram, runProgram, runStack } from "../../offline/plan/programRunner";
import { ExportedResource, StackExport, toStackExport } from "../../offline/plan/stackExport";
import { readStackConfig } from "../../config/stackFiles";
import { deploymentSchemaErrors } from "./apitypeSchema";
import { cleanProgram, networkProgram } from "./programs";

/** A stack's committed config with some keys changed, run the way `plan` runs it. */
async function variant(stack: string, overrides: Record<string, string>) {
    const config = { ...readStackConfig(stack), ...overrides };
    return runProgram(loadProgram(), { stack, config, existingVpcs: assumedExistingVpcs(config) });
}

/** Every export the package writes, by name: the committed stacks, variants that reach other code paths, test programs. */
const EXPORTS: Record<string, () => Promise<StackExport>> = {
    lab: async () => toStackExport(await runStack("lab")),
    dev: async () => toStackExport(await runStack("dev")),
    "dev with a NAT gateway per zone in the awsx IMD-VPC": async () => toStackExport(await variant("dev", { "vpc-labs:bastionSsmNatGateways": "per-az" })),
    "lab on an existing IMD-VPC, connection left pending": async () =>
        toStackExport(
            await variant("lab", {
                "vpc-labs:endpointServiceAutoAccept": "false",
                "vpc-labs:bastionSsmNetworkSource": "existing",
                "vpc-labs:bastionSsmExistingVpcId": "vpc-0e1d2c3b4a5968778",
                "vpc-labs:bastionSsmExistingSubnetIds": JSON.stringify(["subnet-0a00000000000001a", "subnet-0a00000000000002b", "subnet-0a00000000000011a", "subnet-0a00000000000012b"]),
            }),
        ),
    "a program with a secret output": async () => toStackExport(await runProgram(cleanProgram, { stack: "small" })),
    "a program with every network part the diagram draws": async () => toStackExport(await runProgram(networkProgram, { stack: "net" })),
};

describe("stack exports against Pulumi's apitype deployment schema", () => {
    const written = new Map<string, StackExport>();
    before(async function () {
        this.timeout(120_000);
        for (const [name, make] of Object.entries(EXPORTS)) {
            written.set(name, await make());
        }
    });

    for (const name of Object.keys(EXPORTS)) {
        it(`${name}: valid (deployments.json, resources.json, property-values.json)`, () => {
            const document = JSON.parse(JSON.stringify(written.get(name)));
            assert.deepStrictEqual(deploymentSchemaErrors(document), []);
        });
    }

    it("writes a property with no dependencies as [] as the engine does, never null", () => {
        const resources = written.get("lab")?.deployment.resources ?? [];
        const entries = resources.flatMap((r) => Object.values(r.propertyDependencies ?? {}));
        assert.ok(entries.filter((urns) => Array.isArray(urns) && urns.length === 0).length > 100, "the lab stack has hundreds of inputs with no dependencies");
        assert.deepStrictEqual(entries.filter((urns) => !Array.isArray(urns)), []);
    });

    it("rejects a broken export, naming where: a null dependency list, a missing manifest field, an unknown resource field", () => {
        const broken = JSON.parse(JSON.stringify(written.get("lab"))) as { deployment: { manifest: Record<string, unknown>; resources: ExportedResource[] } };
        const index = broken.deployment.resources.findIndex((r) => r.propertyDependencies && "vpcId" in r.propertyDependencies);
        (broken.deployment.resources[index].propertyDependencies as Record<string, unknown>).vpcId = null;
        delete broken.deployment.manifest.magic;
        (broken.deployment.resources[0] as unknown as Record<string, unknown>).parentUrn = "urn:pulumi:lab::vpc-labs::x::y";
        const errors = deploymentSchemaErrors(broken, 100);
        assert.ok(errors.includes(`/deployment/resources/${index}/propertyDependencies/vpcId: must be array`), errors.join("\n"));
        assert.ok(errors.includes("/deployment/manifest: must have required property 'magic'"), errors.join("\n"));
        assert.ok(errors.includes("/deployment/resources/0: must NOT have additional properties (parentUrn)"), errors.join("\n"));
    });

    it("rejects a deployment version 3 document whose resources are not a list", () => {
        assert.notDeepStrictEqual(deploymentSchemaErrors({ version: 3, deployment: { manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3" }, resources: {} } }), []);
    });
});
