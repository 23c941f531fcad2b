import * as assert from "assert";
import { join } from "path";
import { OfflineEngine } from "../../offline/engine";
import { analyze, PolicyResourceRecord, recordsFromEngine } from "../../policy/analyzer";
import { loadPolicyConfigFile } from "../../policy/packConfig";
import { buildCompliantLab, CompliantLabOptions } from "../fixtures/policy/compliantLab";
import { asPreview } from "../fixtures/policy/records";

const devConfig = loadPolicyConfigFile(join(__dirname, "../../policy/config.dev.json"));
const labConfig = loadPolicyConfigFile(join(__dirname, "../../policy/config.lab.json"));

async function compliantLab(options: CompliantLabOptions = {}): Promise<PolicyResourceRecord[]> {
    const engine = await OfflineEngine.start();
    buildCompliantLab(options);
    await engine.settle();
    return recordsFromEngine(engine.resources);
}

async function findings(records: readonly PolicyResourceRecord[], config?: Parameters<typeof analyze>[1]): Promise<string[]> {
    return (await analyze(records, config)).violations.map((v) => `${v.enforcementLevel} ${v.policyName}: ${v.message}`);
}

describe("records from the offline engine", () => {
    let records: PolicyResourceRecord[];
    before(async () => {
        records = await compliantLab();
    });

    it("carry the property dependencies the pack follows", () => {
        const endpoint = records.find((r) => r.name === "safe-cfn");
        const subnets = records.filter((r) => r.name.startsWith("safe-private-") && r.type === "aws:ec2/subnet:Subnet");
        assert.deepStrictEqual(endpoint?.propertyDependencies.subnetIds, subnets.map((s) => s.urn));
        assert.deepStrictEqual(endpoint?.props.subnetIds, subnets.map((s) => s.id));
    });

    it("of a lab built as the project decided pass every policy, with the defaults and the lab config", async () => {
        assert.deepStrictEqual(await findings(records), []);
        assert.deepStrictEqual(await findings(records, labConfig), []);
    });

    it("pass in a preview too, where only property dependencies link resources", async () => {
        assert.deepStrictEqual(await findings(asPreview(records), labConfig), []);
    });

    it("of the lab shaped like the dev stack (one zone, three days) pass the dev config but for the NLB, and fail the lab config", async () => {
        const devShaped = await compliantLab({ zones: ["ap-northeast-2a"], retentionInDays: 3 });
        const loadBalancer =
            'mandatory endpoint-service-load-balancer-internal-multi-az: Load balancer "safe-nlb" behind endpoint service "safe-eps" must span at least 2 Availability Zones; it spans 1 zone (ap-northeast-2a): add a subnet in another zone.';
        assert.deepStrictEqual(await findings(devShaped, devConfig), [loadBalancer]);
        // In pack order: the endpoint rules, then the flow log rules.
        const underLabConfig = [
            'mandatory interface-endpoint-availability-zones: Interface endpoint "safe-cfn" must span at least 2 Availability Zones; it spans 1 zone (ap-northeast-2a): add a subnet in another zone to subnetIds.',
            loadBalancer,
            'mandatory flow-log-group-retention: Log group "safe-flow-logs" of flow log "safe-flow-log" must keep records between 30 and 90 days; it keeps them 3 days: set retentionInDays between 30 and 90 days.',
        ];
        assert.deepStrictEqual(await findings(devShaped, labConfig), underLabConfig);
        assert.deepStrictEqual(await findings(asPreview(devShaped), labConfig), underLabConfig);
    });
});
