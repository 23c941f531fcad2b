import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { formatRecord } from "../../analysis/flowLogs/records";
import { BufferConsole } from "../../offline/plan/cli";
import { main } from "../../offline/flowLogs/parseCommand";
import { PROJECT_DIR } from "../../config/stackFiles";
import { readStackExport } from "../../offline/plan/stackExport";
import { plan, scratchDir } from "./helpers";

async function flowlogs(argv: string[], stdin = "") {
    const io = new BufferConsole();
    const code = await main(argv, io, { projectDir: PROJECT_DIR, stdin: () => stdin });
    return { code, stdout: io.outText, stderr: io.errText };
}

describe("npm run flowlogs -- parse", () => {
    let exportFile: string;
    let ids: Record<string, { eni: string; ip: string; instance: string }>;
    let fields: string[];
    before(async function () {
        this.timeout(60000);
        exportFile = join(scratchDir(), "lab.json");
        const result = await plan(["--stack", "lab", "--export", exportFile], { projectDir: PROJECT_DIR });
        assert.strictEqual(result.code, 0, result.stderr);
        const resources = readStackExport(readFileSync(exportFile, "utf8")).resources;
        ids = Object.fromEntries(
            resources
                .filter((r) => r.type === "aws:ec2/instance:Instance")
                .map((r) => [(r.outputs.tags as Record<string, string>).Name, { eni: r.outputs.primaryNetworkInterfaceId as string, ip: r.outputs.privateIp as string, instance: r.id }]),
        );
        fields = String(resources.find((r) => r.type === "aws:ec2/flowLog:FlowLog")!.outputs.logFormat).replace(/\$\{|\}/g, "").split(" ");
    });

    /** The NACL exercise's records as the lab's format writes them: PUBLIC-02's ping leaving, and rejected at PRIVATE-01. */
    const naclRecords = () => {
        const common = { version: "5", "account-id": "123456789012", protocol: "1", srcport: "0", dstport: "0", packets: "3", bytes: "252", start: "1718000000", end: "1718000060", "log-status": "OK" };
        return [
            formatRecord({ ...common, "interface-id": ids["PUBLIC-02"].eni, srcaddr: "10.1.2.10", dstaddr: "10.1.11.10", action: "ACCEPT", "flow-direction": "egress", "traffic-path": "1", "instance-id": ids["PUBLIC-02"].instance }, fields),
            formatRecord({ ...common, "interface-id": ids["PRIVATE-01"].eni, srcaddr: "10.1.2.10", dstaddr: "10.1.11.10", action: "REJECT", "flow-direction": "ingress", "instance-id": ids["PRIVATE-01"].instance }, fields),
        ];
    };

    it("prints the lab format's records from aws logs tail with the stack's names for ENIs and addresses", async () => {
        const [leaving, rejected] = naclRecords();
        const tail = `2024-06-10T06:13:20.000000+00:00 ${ids["PUBLIC-02"].eni}-all ${leaving}\n2024-06-10T06:13:21.000000+00:00 ${ids["PRIVATE-01"].eni}-all ${rejected}\n`;
        const result = await flowlogs(["parse", "-", "--export", exportFile], tail);
        assert.strictEqual(result.code, 0, result.stderr);
        const lines = result.stdout.split("\n");
        assert.deepStrictEqual(lines[0].split(/\s{2,}/), ["line", "start", "interface", "source", "destination", "protocol", "action", "direction", "traffic-path", "pkt-dst-aws-service", "packets", "bytes", "log-status"]);
        assert.deepStrictEqual(lines[2].split(/\s{2,}/), ["2", "2024-06-10T06:13:20Z", `${ids["PRIVATE-01"].eni} (PRIVATE-01)`, "10.1.2.10 (PUBLIC-02)", "10.1.11.10 (PRIVATE-01)", "icmp", "REJECT", "ingress", "-", "-", "3", "252", "OK"]);
        assert.strictEqual(lines.length, 3);
    });

    it("gives --json with the names and the traffic path's meaning, reading the format from the offline plan", async function () {
        this.timeout(60000);
        const [leaving] = naclRecords();
        const result = await flowlogs(["parse", "-", "--stack", "lab", "--json"], `${leaving}\n`);
        assert.strictEqual(result.code, 0, result.stderr);
        const report = JSON.parse(result.stdout) as { fields: string[]; records: Record<string, unknown>[] };
        assert.deepStrictEqual(report.fields, fields);
        assert.deepStrictEqual(report.records[0].names, { "interface-id": "PUBLIC-02", srcaddr: "PUBLIC-02", dstaddr: "PRIVATE-01", "instance-id": "PUBLIC-02" });
        assert.strictEqual(report.records[0].trafficPath, "through another resource in the same VPC, including resources that create a network interface in the VPC");
        assert.strictEqual((report.records[0].values as Record<string, string>).action, "ACCEPT");
    });

    it("reads the default format from a file without a stack", async () => {
        const file = join(scratchDir(), "records.log");
        writeFileSync(file, "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n");
        const result = await flowlogs(["parse", file]);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.deepStrictEqual(result.stdout.split("\n")[1].split(/\s{2,}/), ["1", "2014-12-14T04:06:50Z", "eni-1235b8ca123456789", "172.31.16.139:20641", "172.31.16.21:22", "tcp", "ACCEPT", "20", "4249", "OK"]);
    });

    it("rejects malformed lines with their line numbers and exit code 2, printing nothing", async () => {
        const result = await flowlogs(["parse", "-", "--format", "version srcaddr action"], "5 10.0.0.1 ACCEPT\n\n5 10.0.0.1\n5 10.0.0.1 DROP\n");
        assert.deepStrictEqual([result.code, result.stdout], [2, ""]);
        assert.strictEqual(
            result.stderr,
            'stdin:3: has 2 fields; the format has 3 (version srcaddr action)\nstdin:4: action must be one of ACCEPT, REJECT or -, not "DROP"\nflowlogs: 2 malformed lines; nothing printed',
        );
    });

    it("refuses a bad command line, format or export with exit code 2", async () => {
        assert.strictEqual((await flowlogs(["tail", "-"])).code, 2);
        assert.match((await flowlogs(["parse"])).stderr, /name the file of records, or - for standard input/);
        const badFormat = await flowlogs(["parse", "-", "--format", "version trafic-path"]);
        assert.deepStrictEqual([badFormat.code, badFormat.stderr], [2, 'flowlogs: --format: "trafic-path" is not a documented flow log field (see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html)']);
        const missing = await flowlogs(["parse", "-", "--export", "nowhere.json"]);
        assert.deepStrictEqual([missing.code, missing.stderr], [2, "flowlogs: stack export nowhere.json does not exist"]);
        assert.strictEqual((await flowlogs(["parse", "-", "--stack", "lab", "--export", exportFile])).code, 2);
    });
});
