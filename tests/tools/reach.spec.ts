import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { ReachAnswer } from "../../analysis/reach/answer";
import { BufferConsole, EXIT } from "../../offline/plan/cli";
import { configOverrides } from "../../offline/plan/configOverrides";
import { main as reachMain } from "../../offline/plan/reachCommand";
import { CommandResult, plan, scratchDir } from "./helpers";

async function reach(argv: string[]): Promise<CommandResult> {
    const io = new BufferConsole();
    const code = await reachMain(argv, io);
    return { code, stdout: io.outText, stderr: io.errText, json: <T>() => JSON.parse(io.outText) as T };
}

describe("reach command", function () {
    this.timeout(60000);
    let exportFile: string;
    before(async () => {
        exportFile = join(scratchDir(), "lab.json");
        assert.strictEqual((await plan(["--stack", "lab", "--export", exportFile], {})).code, EXIT.ok);
    });

    it("prints the path like a traceroute, one line per hop, and exits 0", async () => {
        const run = await reach(["--export", exportFile, "--from", "PRIVATE-01", "--to", "198.51.100.10", "--protocol", "tcp", "--port", "443"]);
        assert.strictEqual(run.code, EXIT.ok, run.stderr);
        const lines = run.stdout.split("\n");
        assert.strictEqual(lines[0], "reach PRIVATE-01 -> 198.51.100.10 (tcp 443)");
        assert.match(lines[1], /^ {3}1 {2}Instance PRIVATE-01 \[out 10\.1\.11\.10\] {2}source 10\.1\.11\.10$/);
        assert.ok(lines.some((l) => /NatGateway IMD-NATGW \[in 10\.1\.1\.\d+\] {2}translates 10\.1\.11\.10 to 203\.0\.113\.\d+$/.test(l)));
        assert.ok(lines.includes("  => reachable"));
    });

    it("quotes the blocking rule, with --set for this run only", async () => {
        const run = await reach(["--stack", "lab", "--set", "bastionSsmNaclExercise=true", "--from", "PUBLIC-02", "--to", "PRIVATE-01", "--protocol", "icmp"]);
        assert.strictEqual(run.code, EXIT.ok, run.stderr);
        const lines = run.stdout.split("\n");
        const verdict = lines.findIndex((l) => l.startsWith("  => "));
        assert.deepStrictEqual(lines.slice(verdict, verdict + 2), [
            "  => blocked at NetworkAcl IMD-PRIVATE-NACL [in 10.1.11.10]: ACL_RULES_MISMATCH",
            '     "icmp echo from PUBLIC-02 (10.1.2.10): IMD-PRIVATE-NACL inbound rule * deny all traffic from 0.0.0.0/0 (no numbered rule matches)"',
        ]);
        // Under the path: the records the flow leaves, the REJECT on PRIVATE-01's ENI among them.
        assert.strictEqual(lines[verdict + 2], "  Flow logs (records appear 1-10 minutes after the traffic, by the aggregation interval):");
        assert.match(lines[verdict + 3], /^ {4}request {2}on PUBLIC-02 \(eni-[0-9a-f]+\): ACCEPT, egress, 10\.1\.2\.10 -> 10\.1\.11\.10, traffic-path 1 .* in IMD-VPCFlow-vpc \(vpc, ALL, /);
        assert.match(lines[verdict + 4], /^ {4}request {2}on PRIVATE-01 \(eni-[0-9a-f]+\): REJECT, ingress, 10\.1\.2\.10 -> 10\.1\.11\.10 in IMD-VPCFlow-vpc \(vpc, ALL, /);
        assert.strictEqual(lines.length, verdict + 5);
        const without = await reach(["--export", exportFile, "--from", "PUBLIC-02", "--to", "PRIVATE-01", "--protocol", "icmp"]);
        assert.ok(without.stdout.split("\n").includes("  => reachable"));
    });

    it("answers in JSON with the answer's fields", async () => {
        const run = await reach(["--export", exportFile, "--from", "My-EC2", "--to", "My-EPS-Endpoint", "--protocol", "tcp", "--port", "80", "--json"]);
        assert.strictEqual(run.code, EXIT.ok, run.stderr);
        const answer = run.json<ReachAnswer>();
        assert.deepStrictEqual(Object.keys(answer), ["reachable", "from", "to", "protocol", "port", "dns", "hops", "blockedBy", "flowLogRecords"]);
        assert.strictEqual(answer.reachable, true);
        assert.deepStrictEqual([answer.from.type, answer.from.name, answer.to.type, answer.to.name], ["Instance", "My-EC2", "VpcEndpoint", "My-EPS-Endpoint"]);
        assert.deepStrictEqual(answer.hops.map((h) => h.type), [
            "Instance",
            "SecurityGroup",
            "RouteTable",
            "SecurityGroup",
            "VpcEndpoint",
            "VpcEndpointService",
            "LoadBalancer",
            "TargetGroup",
            "RouteTable",
            "SecurityGroup",
            "Instance",
        ]);
        assert.ok(answer.hops[4].interface?.subnetUrn?.endsWith("endpoint-service-consumer-public-1"));
    });

    it("prints stated vs analysed for every check and exits 0 when all agree, 1 when one differs", async () => {
        const run = await reach(["--export", exportFile, "--checks"]);
        assert.strictEqual(run.code, EXIT.ok, run.stdout);
        const lines = run.stdout.split("\n");
        assert.match(lines[0], /^check +stated +analysed +path$/);
        assert.match(lines.find((l) => l.startsWith("endpoint-service/nlb-direct")) ?? "", /^endpoint-service\/nlb-direct +blocked +blocked +My-EC2 x LoadBalancer Custom-NLB: Custom-NLB is internal to CustomVPC/);
        assert.strictEqual(lines.at(-1), "20 checks: 20 agree, 0 differ, 0 unknown offline");
        const tampered = JSON.parse(readFileSync(exportFile, "utf8"));
        tampered.deployment.resources = tampered.deployment.resources.filter((r: { type: string }) => !r.type.endsWith("VpcEndpointConnectionAccepter"));
        const tamperedFile = join(scratchDir(), "tampered.json");
        writeFileSync(tamperedFile, JSON.stringify(tampered));
        const differs = await reach(["--export", tamperedFile, "--checks", "--json"]);
        assert.strictEqual(differs.code, EXIT.mandatoryViolation);
        const rows = differs.json<{ checks: { id: string; differs: boolean }[] }>().checks;
        assert.deepStrictEqual(rows.filter((r) => r.differs).map((r) => r.id), ["curl"]);
    });

    it("gives each check, in --checks --json, the records its flow leaves and the query that finds them", async () => {
        const run = await reach(["--stack", "lab", "--set", "bastionSsmNaclExercise=true", "--checks", "--json"]);
        assert.strictEqual(run.code, EXIT.ok, run.stderr);
        type Row = { id: string; flowLogRecords: { action: string; direction: string; flowLog: { label: string } }[]; flowLogQueries: { flowLog: string; language: string; query: string }[] };
        const row = run.json<{ checks: Row[] }>().checks.find((r) => r.id === "nacl-ping-public-b-to-private")!;
        assert.deepStrictEqual(
            row.flowLogRecords.map((r) => [r.action, r.direction, r.flowLog.label]),
            [
                ["ACCEPT", "egress", "IMD-VPCFlow-vpc"],
                ["REJECT", "ingress", "IMD-VPCFlow-vpc"],
            ],
        );
        assert.deepStrictEqual(row.flowLogQueries.map((q) => [q.flowLog, q.language]), [["IMD-VPCFlow-vpc", "logs-insights"]]);
        assert.match(row.flowLogQueries[0].query, /\| filter protocol = "1" and \(\(srcaddr = "10\.1\.2\.10" and dstaddr = "10\.1\.11\.10"\)/);
    });

    it("exits 2 with the usual message for bad input", async () => {
        const cases: [string[], RegExp][] = [
            [["--stack", "lab", "--set", "nope=1", "--checks"], /vpc-labs:nope: is not a config key of this project/],
            [["--stack", "lab", "--set", "bastionSsmNaclExercise=maybe", "--checks"], /vpc-labs:bastionSsmNaclExercise: "maybe" is not a boolean; set it to true or false/],
            [["--stack", "lab", "--set", "novalue", "--checks"], /--set novalue: write it as key=value/],
            [["--export", "nowhere.json", "--checks"], /stack export nowhere.json does not exist/],
            [["--checks"], /name either --stack or --export/],
            [["--export", "x.json", "--from", "PRIVATE-01", "--to", "internet"], /^reach: say which traffic to test: --port N for tcp \(22 for SSH, 443 for HTTPS\), --protocol udp --port N, or --protocol icmp \(ping, no port\)$/m],
            [["--export", "x.json", "--from", "PRIVATE-01", "--to", "internet", "--protocol", "udp"], /^reach: --port is required for udp \(e\.g\. --port 443\); for ping, use --protocol icmp, which has no port$/m],
            [["--export", "x.json", "--from", "a", "--to", "b", "--protocol", "icpm"], /^reach: --protocol must be tcp, udp or icmp; got icpm; did you mean icmp\?$/m],
            [["--export", "x.json", "--from", "a", "--to", "b", "--protocol", "icmp", "--port", "1"], /icmp has no ports/],
            [["--export", "x.json", "--from", "a", "--to", "b", "--checks"], /leave out --from and --to/],
            [["--export", "x.json", "--set", "a=b", "--checks"], /--set changes the program's config; it needs --stack/],
        ];
        for (const [argv, message] of cases) {
            const run = await reach(argv);
            assert.strictEqual(run.code, EXIT.badInput, argv.join(" "));
            assert.match(run.stderr, message, argv.join(" "));
        }
        const unknownName = await reach(["--export", exportFile, "--from", "PRIVATE-99", "--to", "internet", "--port", "443"]);
        assert.strictEqual(unknownName.code, EXIT.badInput);
        assert.match(unknownName.stderr, /^reach: "PRIVATE-99" is not an instance, endpoint, load balancer, NAT gateway or endpoint service of the stack/);
    });

    it("finds names as AWS does, suggests the closest, and says which config key builds a missing one", async () => {
        const ask = (from: string, to: string, port = "443") => reach(["--export", exportFile, "--from", from, "--to", to, "--port", port]);
        const nameError = /^reach: "(.*)" is not an instance, endpoint, load balancer, NAT gateway or endpoint service of the stack, an IPv4 address, internet, a DNS name or s3:\/\/<bucket>(.*)$/m;
        const suffix = async (from: string) => {
            const run = await ask(from, "internet");
            assert.strictEqual(run.code, EXIT.badInput, run.stdout);
            return nameError.exec(run.stderr)?.[2];
        };
        assert.strictEqual(await suffix("private-01"), "; did you mean PRIVATE-01? (Name tags are case-sensitive)");
        assert.strictEqual(await suffix("PRIVAT-01"), "; did you mean PRIVATE-01 or PRIVATE-02?");
        assert.strictEqual(await suffix("BASTION"), "; the bastion-ssm lab builds BASTION only when vpc-labs:bastionSsmOperatorCidr is set (e.g. --set bastionSsmOperatorCidr=203.0.113.7/32)");
        assert.match((await suffix("zzzz"))!, /^; the stack has [A-Za-z0-9-]+(, [A-Za-z0-9-]+)+/);
        // An instance ID in capitals is still the instance.
        const privateId = (JSON.parse(readFileSync(exportFile, "utf8")) as { deployment: { resources: { type: string; id?: string; outputs?: { tags?: { Name?: string } } }[] } }).deployment.resources.find(
            (r) => r.type === "aws:ec2/instance:Instance" && r.outputs?.tags?.Name === "PRIVATE-01",
        )!.id!;
        const upper = await ask(privateId.toUpperCase(), "198.51.100.10");
        assert.strictEqual(upper.code, EXIT.ok, upper.stderr);
        assert.match(upper.stdout, /^reach PRIVATE-01 -> 198\.51\.100\.10 \(tcp 443\)/);
        // The S3 request by the bucket's Name tag, as --from takes Name tags: the bucket of the stack, judged by its policy.
        const byTag = await reach(["--export", exportFile, "--from", "PRIVATE-01", "--to", "s3://CloudNeta-Endpoint-Locked-Bucket", "--json"]);
        assert.strictEqual(byTag.code, EXIT.ok, byTag.stderr);
        const answer = byTag.json<ReachAnswer>();
        assert.doesNotMatch(JSON.stringify(answer), /is not in the stack/);
        assert.ok(JSON.stringify(answer).includes("BucketPolicy"), "the bucket's policy is evaluated");
    });

    it("reads --set values as the stack file would hold them", () => {
        assert.deepStrictEqual(configOverrides(["bastionSsmNaclExercise=true", "endpointsGatewayRouteTables=[public]", "aws:region=ap-northeast-2", "bastionSsmOperatorCidr=203.0.113.7/32"]), {
            "vpc-labs:bastionSsmNaclExercise": "true",
            "vpc-labs:endpointsGatewayRouteTables": '["public"]',
            "aws:region": "ap-northeast-2",
            "vpc-labs:bastionSsmOperatorCidr": "203.0.113.7/32",
        });
    });

    it("plan takes --set too and refuses a bad key with exit 2", async () => {
        const run = await plan(["--stack", "lab", "--set", "bastionSsmNatGateways=two"], {});
        assert.strictEqual(run.code, EXIT.badInput);
        assert.match(run.stderr, /vpc-labs:bastionSsmNatGateways: "two" is not one of none, single, per-az/);
    });
});
