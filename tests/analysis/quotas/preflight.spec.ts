import * as assert from "assert";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { initClass } from "../../../classroom/init";
import { PROJECT_DIR } from "../../../config/stackFiles";
import { checkQuotas, stacksThatFit } from "../../../analysis/quotas/check";
import { quotaDemand } from "../../../analysis/quotas/demand";
import { figuresOf } from "../../../analysis/quotas/figures";
import { quotaPreflight } from "../../../analysis/quotas/preflight";
import { loadStack } from "../../../config/load";
import { StackConfig } from "../../../config/stackConfig";
import { ConfigError } from "../../../lib/errors";
import { OfflineEngine } from "../../../offline/engine";
import { DEFAULT_ACCOUNT, FakeAccount } from "../../../offline/fakeCloud";
import { combineInUse, defaultInUse, FAKE_APPLIED_QUOTAS, FakeInUse, inUseOfStack } from "../../../offline/fakeQuotas";
import { readStackConfig } from "../../../config/stackFiles";
import { offlineStackConfig } from "../../../offline/validatedStack";

/** What a deployed stack holds in the account, tagged with its name. */
function deployed(stack: string): FakeInUse {
    const figures = figuresOf(quotaDemand(offlineStackConfig(stack)));
    return inUseOfStack(stack, { ...figures, securityGroups: Object.values(figures.securityGroupsByVpc).reduce((a, b) => a + b, 0) });
}

/** Loads a committed stack the way the program does, in a fake account; resolves or rejects with the program's error. */
async function load(stack: string, account: Partial<FakeAccount>): Promise<{ engine: OfflineEngine; error?: unknown }> {
    const engine = await OfflineEngine.start({ stack, config: readStackConfig(stack), account });
    try {
        await loadStack({ quotaPreflight });
        return { engine };
    } catch (error) {
        return { engine, error };
    }
}

async function preflight(
    stack: string,
    account: Partial<FakeAccount>,
    config: StackConfig = offlineStackConfig(stack),
    projectDir = PROJECT_DIR,
): Promise<{ warnings: string[]; error?: unknown }> {
    await OfflineEngine.start({ stack, config: readStackConfig(stack, projectDir), account });
    const warnings: string[] = [];
    try {
        await quotaPreflight(config, stack, { warn: (message) => warnings.push(message), projectDir });
        return { warnings };
    } catch (error) {
        return { warnings, error };
    }
}

describe("quota preflight", () => {
    it("lets the lab stack into a new account (default VPC only, default quotas, 32 vCPUs applied) without a warning", async () => {
        const { warnings, error } = await preflight("lab", {});
        assert.strictEqual(error, undefined);
        assert.deepStrictEqual(warnings, []);
    });

    it("refuses lab beside a deployed dev stack in one Region, before any resource, naming the quota, usage, addition and fix", async () => {
        const { engine, error } = await load("lab", { inUse: combineInUse(defaultInUse(DEFAULT_ACCOUNT), deployed("dev")) });
        assert.ok(ConfigError.isConfigError(error), String(error));
        assert.strictEqual(engine.resources.length, 0, "nothing is registered");
        assert.strictEqual(
            error.message,
            [
                "Quota preflight of stack lab in ap-northeast-2 has 2 problems:",
                "  - quota VPCs per Region (vpc L-F678F1CE): the account's quota is 5, 5 in use and this stack adds 4: 9 > 5; " +
                    "request more with `aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-F678F1CE --desired-value 9 --region ap-northeast-2`, " +
                    "or use fewer labs per stack (vpc-labs:labs), or deploy into another Region",
                "  - quota Internet gateways per Region (vpc L-A4707A72): the account's quota is 5, 5 in use and this stack adds 3: 8 > 5; " +
                    "request more with `aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-A4707A72 --desired-value 8 --region ap-northeast-2`, " +
                    "or use fewer labs per stack (vpc-labs:labs), or deploy into another Region",
            ].join("\n"),
        );
    });

    it("does not count a stack's own deployed resources against it: updating lab passes", async () => {
        const { error } = await load("lab", { inUse: combineInUse(defaultInUse(DEFAULT_ACCOUNT), deployed("lab")) });
        assert.strictEqual(error, undefined);
    });

    it("checks NAT gateways per zone: five in ap-northeast-2a refuse lab's sixth there, five in 2c do not", async () => {
        const nats = (zone: string) => Array.from({ length: 5 }, (_, i) => ({ id: `nat-${zone}${i}`, availabilityZone: zone }));
        const full = await preflight("lab", { inUse: { ...defaultInUse(DEFAULT_ACCOUNT), natGateways: nats("ap-northeast-2a") } });
        assert.ok(ConfigError.isConfigError(full.error));
        assert.match(full.error.message, /NAT gateways per Availability Zone \(vpc L-FE5A380F\): the account's quota is 5 in ap-northeast-2a, 5 in use and this stack adds 1: 6 > 5/);
        const elsewhere = await preflight("lab", { inUse: { ...defaultInUse(DEFAULT_ACCOUNT), natGateways: nats("ap-northeast-2c") } });
        assert.strictEqual(elsewhere.error, undefined);
    });

    it("uses the applied quota values: an account at 5 vCPUs refuses the 18 of lab", async () => {
        const { error } = await preflight("lab", { appliedQuotas: { ...FAKE_APPLIED_QUOTAS, "L-1216C47A": 5 } });
        assert.ok(ConfigError.isConfigError(error));
        assert.match(error.message, /Running On-Demand Standard .* instances \(ec2 L-1216C47A\): the account's quota is 5 vCPUs, this stack adds 18: 18 > 5; .*--service-code ec2 --quota-code L-1216C47A --desired-value 18 .*smaller instanceType/);
    });

    it("turns a Service Quotas lookup it may not make into warnings, comparing with the AWS defaults instead of refusing", async () => {
        const { warnings, error } = await preflight("lab", { deniedLookups: ["servicequotas"], inUse: combineInUse(defaultInUse(DEFAULT_ACCOUNT), deployed("dev")) });
        assert.strictEqual(error, undefined, "an unknown applied quota never refuses");
        assert.match(warnings[0], /^quota preflight: some lookups failed.*servicequotas:GetServiceQuota/);
        assert.match(warnings[0], /Service Quotas vpc L-F678F1CE: not permitted \(AccessDeniedException: .*servicequotas:GetServiceQuota\)/);
        assert.ok(warnings.some((w) => /VPCs per Region .*AWS default quota is 5, 5 in use and this stack adds 4: 9 > 5.*could not be read; it may be higher/.test(w)), warnings.join("\n"));
        assert.ok(warnings.some((w) => /L-1216C47A\).*AWS default quota is 5 vCPUs/.test(w)), "18 vCPUs exceed the AWS default of 5");
    });

    it("turns EC2 describe calls it may not make into a warning and checks what the stack adds alone", async () => {
        const { warnings, error } = await preflight("lab", { deniedLookups: ["ec2"] });
        assert.strictEqual(error, undefined);
        assert.strictEqual(warnings.length, 1);
        assert.match(warnings[0], /ec2 DescribeVpcs: not permitted \(UnauthorizedOperation: .*ec2:DescribeVpcs\)/);
    });

    it("says how many stacks fit: one lab per new account (VPCs), four endpoints-only stacks", () => {
        const usage = { vpcs: 1, internetGateways: 1, elasticIps: 0, securityGroups: 1, natGatewaysByZone: {} };
        const applied = { onDemandStandardVcpus: 32 };
        assert.deepStrictEqual(stacksThatFit(quotaDemand(offlineStackConfig("lab")), applied, usage), { count: 1, limitedBy: "vpcs" });
        const endpointsOnly = quotaDemand({ ...offlineStackConfig("lab"), labs: ["endpoints"] });
        assert.deepStrictEqual(stacksThatFit(endpointsOnly, applied, usage), { count: 4, limitedBy: "vpcs" });
        const class3 = checkQuotas(endpointsOnly, applied, usage, 5).find((row) => row.key === "vpcs")!;
        assert.deepStrictEqual([class3.adds, class3.total, class3.exceeds], [5, 6, true]);
    });

    describe("in a classroom", () => {
        let dir: string;
        before(() => {
            dir = mkdtempSync(join(tmpdir(), "vpc-labs-preflight-"));
            mkdirSync(join(dir, "policy"));
            for (const file of ["Pulumi.yaml", "Pulumi.lab.yaml", "policy/config.lab.json"]) {
                copyFileSync(join(PROJECT_DIR, file), join(dir, file));
            }
            initClass({ projectDir: dir, from: "lab", students: 3, prefix: "s" });
        });
        after(() => rmSync(dir, { recursive: true, force: true }));

        const raised = (vpcs: number) => ({ ...FAKE_APPLIED_QUOTAS, "L-F678F1CE": vpcs, "L-A4707A72": vpcs, "L-1216C47A": 64 });
        const student = (stack: string, account: Partial<FakeAccount>) => preflight(stack, account, offlineStackConfig(stack, dir), dir);

        it("holds room for the classmates not deployed yet, so the class fits as a whole or the first stack says so", async () => {
            const { error } = await student("s-01", { appliedQuotas: raised(10) });
            assert.ok(ConfigError.isConfigError(error));
            assert.match(
                error.message,
                /quota VPCs per Region \(vpc L-F678F1CE\): the account's quota is 10, 1 in use, 8 held for the class's 2 other stacks not deployed yet and this stack adds 4: 13 > 10; request more with `aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-F678F1CE --desired-value 13 --region ap-northeast-2`/,
            );
            assert.strictEqual((await student("s-01", { appliedQuotas: raised(13) })).error, undefined);
        });

        it("does not hold room twice for a classmate that is deployed: its resources count as in use instead", async () => {
            const inUse = combineInUse(defaultInUse(DEFAULT_ACCOUNT), inUseOfStack("s-02", { vpcs: 4, internetGateways: 3, elasticIps: 1, securityGroups: 15, natGatewaysByZone: { "ap-northeast-2a": 1 } }));
            const { error } = await student("s-01", { appliedQuotas: raised(10), inUse });
            assert.ok(ConfigError.isConfigError(error));
            assert.match(error.message, /the account's quota is 10, 5 in use, 4 held for the class's 2 other stacks not deployed yet and this stack adds 4: 13 > 10/);
            assert.strictEqual((await student("s-01", { appliedQuotas: raised(13), inUse })).error, undefined);
        });

        it("counts the classmates' vCPUs in full: running instances are not looked up", async () => {
            const { error } = await student("s-03", { appliedQuotas: { ...raised(13), "L-1216C47A": 32 } });
            assert.ok(ConfigError.isConfigError(error));
            assert.match(error.message, /\(ec2 L-1216C47A\): the account's quota is 32 vCPUs, 36 held for the class's 2 other stacks not deployed yet and this stack adds 18: 54 > 32/);
        });
    });
});
