import * as assert from "assert";
import { networkModel, NetworkModel } from "../../analysis/reach/analyze";
import { AnalysedCheck, analyseChecks } from "../../analysis/reach/checks";
import { runStack } from "../../offline/plan/programRunner";
import { policyResourcesOf } from "../../offline/plan/reachModel";
import { exportedResources } from "../../offline/plan/stackExport";
import { RecordedResource } from "../../lib/records";
import { evaluatePolicy, recordsFromEngine } from "../../policy/analyzer";
import { labConnectivityIntents } from "../../policy/rules/labConnectivityIntents";

/** A committed stack run offline (with config overrides, as `--set` gives them), read back from its export. */
async function stackResources(stack: string, overrides: Record<string, string> = {}): Promise<RecordedResource[]> {
    const run = await runStack(stack, undefined, undefined, { overrides });
    return exportedResources(run);
}

const verdicts = (rows: readonly AnalysedCheck[]) => Object.fromEntries(rows.map((r) => [`${r.lab}/${r.id}`, r.analysed]));
const disagreeing = (rows: readonly AnalysedCheck[]) => rows.filter((r) => !r.agrees).map((r) => `${r.lab}/${r.id}: stated ${r.stated}, analysed ${r.analysed} (${r.path})`);

describe("reachability of the committed stacks' checks", function () {
    this.timeout(60000);

    describe("lab stack", () => {
        let resources: RecordedResource[];
        let model: NetworkModel;
        let rows: AnalysedCheck[];
        before(async () => {
            resources = await stackResources("lab");
            model = networkModel(policyResourcesOf(resources));
            rows = analyseChecks(model);
        });

        it("answers every check with a probe as the lab states it", () => {
            assert.strictEqual(rows.length, 20);
            assert.deepStrictEqual(disagreeing(rows), []);
        });

        it("blocks the internal NLB's own name and outside reads of the bucket, with the blocking resource", () => {
            const byId = Object.fromEntries(rows.map((r) => [r.id, r.answer!]));
            assert.deepStrictEqual(byId["nlb-direct"].blockedBy && [byId["nlb-direct"].blockedBy.type, byId["nlb-direct"].blockedBy.explanationCode], ["LoadBalancer", "NO_ROUTE_TO_DESTINATION"]);
            assert.strictEqual(byId["s3-object-outside"].blockedBy?.type, "BucketPolicy");
            assert.match(byId["s3-object-outside"].blockedBy?.rule ?? "", /^DenyObjectDataOutsideTheEndpoint: Deny/);
            assert.deepStrictEqual(byId["s3-bucket-private"].hops.map((h) => h.type), ["Instance", "SecurityGroup", "NetworkAcl", "RouteTable", "VpcEndpoint", "NetworkAcl", "AwsService", "EndpointPolicy", "BucketPolicy"]);
            assert.deepStrictEqual(byId.curl.hops.filter((h) => h.type === "Instance").map((h) => h.name), ["My-EC2", "Custom-WEB-1"]);
        });

        it("reports no lab-connectivity-intents violation", async () => {
            assert.deepStrictEqual(await evaluatePolicy(labConnectivityIntents, recordsFromEngine(resources)), []);
        });

        it("flags a check the resources no longer meet: without the connection accepter, curl through PrivateLink gets nothing", async () => {
            const tampered = resources.filter((r) => r.type !== "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter");
            const violations = await evaluatePolicy(labConnectivityIntents, recordsFromEngine(tampered));
            assert.deepStrictEqual(
                violations.map((v) => [v.enforcementLevel, v.urn?.split("::").pop(), v.message.split(": ")[0]]),
                [["advisory", "endpoint-service", 'Lab check "endpoint-service/curl" states the flow is reachable, but the resources make it blocked']],
            );
            assert.strictEqual(
                (await evaluatePolicy(labConnectivityIntents, recordsFromEngine(tampered), { "lab-connectivity-intents": { ignoreChecks: ["endpoint-service/curl"] } })).length,
                0,
            );
            await assert.rejects(
                evaluatePolicy(labConnectivityIntents, recordsFromEngine(tampered), { "lab-connectivity-intents": { ignoreChecks: "endpoint-service/curl" } }),
                /lab-connectivity-intents\.ignoreChecks/,
            );
        });
    });

    it("agrees with the NACL exercise: the stateless NACL drops PUBLIC-02's ping and PRIVATE-01's replies from IMD-PUBLIC-B", async () => {
        const rows = analyseChecks(networkModel(policyResourcesOf(await stackResources("lab", { "vpc-labs:bastionSsmNaclExercise": "true" }))));
        assert.deepStrictEqual(disagreeing(rows), []);
        const answer = (id: string) => rows.find((r) => r.id === id)!.answer!;
        assert.deepStrictEqual(
            ["nacl-ping-public-a-to-private", "nacl-ping-private-to-public-a", "nacl-ping-public-b-to-private", "nacl-ping-private-to-public-b", "private-internet"].map((id) => answer(id).reachable),
            [true, true, false, false, false],
        );
        assert.strictEqual(answer("nacl-ping-public-b-to-private").blockedBy?.rule, "icmp echo from PUBLIC-02 (10.1.2.10): IMD-PRIVATE-NACL inbound rule * deny all traffic from 0.0.0.0/0 (no numbered rule matches)");
        assert.strictEqual(answer("nacl-ping-private-to-public-b").blockedBy?.rule, "reply icmp echo reply from PUBLIC-02 (10.1.2.10): IMD-PRIVATE-NACL inbound rule * deny all traffic from 0.0.0.0/0 (no numbered rule matches)");
        assert.match(answer("private-internet").blockedBy?.rule ?? "", /^reply tcp 32768-60999 from internet: IMD-PRIVATE-NACL inbound rule \*/);
    });

    it("agrees with the bastion variant: SSH reaches PRIVATE-01 from BASTION only, and BASTION from the operator", async () => {
        const rows = analyseChecks(networkModel(policyResourcesOf(await stackResources("lab", { "vpc-labs:bastionSsmOperatorCidr": "198.51.100.7/32" }))));
        assert.deepStrictEqual(disagreeing(rows), []);
        const jump = rows.find((r) => r.id === "bastion-ssh-jump")!.answer!;
        assert.match(jump.hops.find((h) => h.name === "IMD-PRI-SG")?.via ?? "", /^IMD-PRI-SG inbound tcp 22 from IMD-BASTION-SG \(sg-[0-9a-f]{17}\)/);
        assert.deepStrictEqual(verdicts(rows.filter((r) => ["operator-ping", "bastion-tunnel", "bastion-ssh-jump"].includes(r.id))), {
            "bastion-ssm/operator-ping": true,
            "bastion-ssm/bastion-ssh-jump": true,
            "bastion-ssm/bastion-tunnel": true,
        });
    });

    it("flips the stated and the analysed result together when the gateway endpoints sit on the public route table only", async () => {
        const rows = analyseChecks(networkModel(policyResourcesOf(await stackResources("lab", { "vpc-labs:endpointsGatewayRouteTables": '["public"]' }))));
        assert.deepStrictEqual(disagreeing(rows), []);
        const flipped = rows.filter((r) => ["s3-ping-private", "s3-bucket-private", "dynamodb-private", "s3-bucket-public"].includes(r.id));
        assert.deepStrictEqual(Object.fromEntries(flipped.map((r) => [r.id, [r.stated, r.answer?.blockedBy?.explanationCode ?? null]])), {
            "s3-ping-private": [false, "NO_ROUTE_TO_DESTINATION"],
            "s3-bucket-private": [false, "NO_ROUTE_TO_DESTINATION"],
            "s3-bucket-public": [true, null],
            "dynamodb-private": [false, "NO_ROUTE_TO_DESTINATION"],
        });
    });

    it("dev stack: every check agrees, through the awsx VPCs' children the offline engine lists", async () => {
        const rows = analyseChecks(networkModel(policyResourcesOf(await stackResources("dev"))));
        assert.deepStrictEqual(rows.filter((r) => !r.agrees).map((r) => `${r.lab}/${r.id}`), []);
        assert.deepStrictEqual(rows.map((r) => `${r.lab}/${r.id}`), [
            "endpoints/session-manager-public",
            "endpoints/instance-connect-private",
            "endpoints/s3-ping-private",
            "endpoints/s3-bucket-private",
            "endpoints/s3-bucket-public",
            "endpoints/s3-object-outside",
            "endpoints/interface-dns-cloudformation",
            "endpoint-service/session",
            "endpoint-service/curl",
            "endpoint-service/nlb-direct",
            "bastion-ssm/session-manager-private-01",
            "bastion-ssm/session-manager-private-02",
            "bastion-ssm/ssm-private-dns",
            "bastion-ssm/public-page-public-01",
            "bastion-ssm/public-page-public-02",
            "bastion-ssm/private-page-from-public",
            "bastion-ssm/private-internet",
        ]);
        // The web servers sit in an awsx subnet: the path goes through awsx's own route table.
        assert.match(rows.find((r) => r.id === "curl")!.path, /endpoint-service-provider-vpc-isolated-1 > Custom-WEB-SG > Custom-WEB-1/);
    });
});
