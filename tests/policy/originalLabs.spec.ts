import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { OfflineEngine } from "../../offline/engine";
import { analyze, AnalysisReport, PolicyResourceRecord, recordsFromEngine } from "../../policy/analyzer";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../policy/policies";
import { buildOriginalLabs } from "../fixtures/policy/originalLabs";
import { analyzeWithPolicyServer } from "../fixtures/policy/policyServer";
import { asPreview } from "../fixtures/policy/records";

/** `policy resource-name` for each violation, sorted: the whole verdict in one comparable list. */
function verdict(report: AnalysisReport, records: readonly PolicyResourceRecord[]): string[] {
    const names = new Map(records.map((r) => [r.urn, r.name]));
    return report.violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn ? names.get(v.urn) : "(stack)"}`).sort();
}

const INSTANCES = ["BASTION", "CloudNeta-Private-EC2", "CloudNeta-Public-EC2", "Custom-WEB-1", "Custom-WEB-2", "My-EC2", "PRIVATE-01", "PRIVATE-02", "PUBLIC-01", "PUBLIC-02"];

describe("the original labs as written", () => {
    let records: PolicyResourceRecord[];
    let report: AnalysisReport;
    before(async () => {
        const engine = await OfflineEngine.start();
        buildOriginalLabs();
        await engine.settle();
        records = recordsFromEngine(engine.resources);
        report = await analyze(records);
    });

    it("are flagged by every rule that matches one of their unsafe patterns, and by no other", () => {
        assert.deepStrictEqual([...new Set(report.violations.map((v) => v.policyName))].sort(), [
            "default-security-group-closed",
            "endpoint-policy-not-full-access",
            "endpoint-service-load-balancer-internal-multi-az",
            "flow-log-group-retention",
            "flow-log-role-permissions",
            "flow-log-role-trust",
            "flow-log-traffic-type",
            "instance-imdsv2-required",
            "interface-endpoint-availability-zones",
            "interface-endpoint-own-security-group",
            "interface-endpoint-private-dns",
            "security-group-no-public-admin-ports",
            "user-data-no-passwords",
            "vpc-cidr-private",
            "vpc-has-flow-log",
        ]);
        assert.deepStrictEqual(report.summary, { mandatory: 33, advisory: 5 });
    });

    it("flag each unsafe part on the resource that has it", () => {
        const expected = [
            ...["CloudNeta-VPC", "Custom-VPC", "IMD-VPC", "My-VPC"].map((vpc) => `advisory default-security-group-closed ${vpc}`),
            "advisory endpoint-policy-not-full-access CloudNeta-S3-Endpoint",
            "mandatory endpoint-service-load-balancer-internal-multi-az Custom-NLB",
            "mandatory endpoint-service-load-balancer-internal-multi-az Custom-NLB",
            "mandatory flow-log-group-retention IMD-VPCFlow",
            "mandatory flow-log-role-permissions flowlogsRole",
            "mandatory flow-log-role-permissions flowlogsRole",
            "mandatory flow-log-role-trust flowlogsRole",
            "mandatory flow-log-traffic-type IMD-VPC-FlowLog",
            ...INSTANCES.map((instance) => `mandatory instance-imdsv2-required ${instance}`),
            "mandatory interface-endpoint-availability-zones My-EPS-Endpoint",
            "mandatory interface-endpoint-own-security-group CloudNeta-CFN-Endpoint",
            "mandatory interface-endpoint-own-security-group My-EPS-Endpoint",
            "mandatory interface-endpoint-private-dns CloudNeta-CFN-Endpoint",
            ...["CloudNeta-SG", "CustomWebSG", "IMD-PRI-SG", "IMD-PRI-SG", "IMD-PUB-SG", "IMD-PUB-SG", "WebSG"].map((group) => `mandatory security-group-no-public-admin-ports ${group}`),
            "mandatory user-data-no-passwords CloudNeta-Private-EC2",
            "mandatory vpc-cidr-private Custom-VPC",
            ...["CloudNeta-VPC", "Custom-VPC", "My-VPC"].map((vpc) => `mandatory vpc-has-flow-log ${vpc}`),
        ].sort();
        assert.deepStrictEqual(verdict(report, records), expected);
    });

    it("get the same verdict in a preview, where references are known only by property dependencies", async () => {
        const preview = asPreview(records);
        const subnetIds = preview.find((r) => r.name === "My-EPS-Endpoint")?.props.subnetIds as unknown[];
        assert.ok(subnetIds.length === 1 && pulumi.isUnknown(subnetIds[0]), "the preview knows no subnet IDs");
        assert.deepStrictEqual(verdict(await analyze(preview), preview), verdict(report, records));
    });

    it("get the same verdict from @pulumi/policy's own analyzer server", async () => {
        const fromServer = await analyzeWithPolicyServer(records, POLICIES, { name: PACK_NAME, version: "0.1.0", enforcementLevel: PACK_ENFORCEMENT_LEVEL });
        const ours = report.violations.map((v) => ({ policyName: v.policyName, enforcementLevel: v.enforcementLevel, urn: v.urn, message: `${v.description}\n${v.message}` }));
        const key = (d: { policyName: string; urn?: string; message: string }) => `${d.policyName} ${d.urn} ${d.message}`;
        assert.deepStrictEqual(fromServer.map(key).sort(), ours.map(key).sort());
        assert.deepStrictEqual(fromServer.map((d) => d.enforcementLevel).sort(), ours.map((d) => d.enforcementLevel).sort());
    });
});
