import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { formatRecord } from "../../analysis/flowLogs/records";
import { BufferConsole } from "../../offline/plan/cli";
import { main, PACKET_ADDRESS_LEGEND } from "../../offline/flowLogs/parseCommand";
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
        assert.deepStrictEqual(lines[0].split(/\s{2,}/), [
            "line", "start", "interface", "instance", "source", "destination", "packet source", "packet destination", "protocol",
            "action", "direction", "traffic-path", "source service", "destination service", "packets", "bytes", "log-status",
        ]);
        assert.deepStrictEqual(lines[2].split(/\s{2,}/), [
            "2", "2024-06-10T06:13:20Z", `${ids["PRIVATE-01"].eni} (PRIVATE-01)`, `${ids["PRIVATE-01"].instance} (PRIVATE-01)`, "10.1.2.10 (PUBLIC-02)", "10.1.11.10 (PRIVATE-01)",
            "-", "-", "icmp", "REJECT", "ingress", "-", "-", "-", "3", "252", "OK",
        ]);
        assert.deepStrictEqual(lines.slice(3), ["", PACKET_ADDRESS_LEGEND]);
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

    /** The table's cells of each record line, split on the two-space column gaps. */
    const cells = (stdout: string) => stdout.split("\n").filter((line) => /^\d/.test(line)).map((line) => line.split(/\s{2,}/));
    const header = (stdout: string) => stdout.split("\n")[0].split(/\s{2,}/);

    // AWS's own sample records: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html
    it("writes an IPv6 address with its port in brackets (AWS's IPv6 example)", async () => {
        const sample = "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK\n";
        const result = await flowlogs(["parse", "-"], sample);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.deepStrictEqual(cells(result.stdout)[0].slice(3, 5), ["[2001:db8:1234:a100:8d6e:3477:df66:f105]:34892", "[2001:db8:1234:a102:3304:8879:34cf:4071]:22"]);
    });

    it("shows the packet's own addresses beside the NAT gateway interface's (AWS's NAT gateway example)", async () => {
        const sample = [
            "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5",
            "- eni-1235b8ca123456789 10.0.0.220 203.0.113.5 10.0.0.220 203.0.113.5",
            "- eni-1235b8ca123456789 203.0.113.5 10.0.0.220 203.0.113.5 10.0.0.220",
            "- eni-1235b8ca123456789 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5",
        ].join("\n");
        const result = await flowlogs(["parse", "-", "--format", "instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr"], sample);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.deepStrictEqual(header(result.stdout), ["line", "interface", "instance", "source", "destination", "packet source", "packet destination"]);
        assert.deepStrictEqual(cells(result.stdout), [
            // The instance's request reaches the NAT gateway's interface; the packet is for the internet host.
            ["1", "eni-1235b8ca123456789", "-", "10.0.1.5", "10.0.0.220", "same", "203.0.113.5"],
            ["2", "eni-1235b8ca123456789", "-", "10.0.0.220", "203.0.113.5", "same", "same"],
            ["3", "eni-1235b8ca123456789", "-", "203.0.113.5", "10.0.0.220", "same", "same"],
            // The answer leaves the NAT gateway's interface; the packet is from the internet host.
            ["4", "eni-1235b8ca123456789", "-", "10.0.0.220", "10.0.1.5", "203.0.113.5", "same"],
        ]);
        assert.ok(result.stdout.endsWith(`\n\n${PACKET_ADDRESS_LEGEND}`), result.stdout);
    });

    it("shows the AWS service at either end and the TCP flags decoded (AWS's version 5 S3 example)", async () => {
        const format =
            "version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id " +
            "sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status";
        const sample = [
            "5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71 S3 - - ingress OK",
            "5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK",
        ].join("\n");
        const result = await flowlogs(["parse", "-", "--format", format], sample);
        assert.strictEqual(result.code, 0, result.stderr);
        assert.deepStrictEqual(header(result.stdout), [
            "line", "start", "interface", "instance", "source", "destination", "packet source", "packet destination", "protocol", "tcp-flags",
            "action", "direction", "traffic-path", "source service", "destination service", "packets", "bytes", "log-status",
        ]);
        assert.deepStrictEqual(cells(result.stdout), [
            ["1", "2021-03-26T03:28:12Z", "eni-1235b8ca123456789", "i-0c50d5961bcb2d47b", "52.95.128.179:80", "10.0.0.71:34210", "same", "same", "tcp", "19 (SYN-ACK FIN)", "ACCEPT", "ingress", "-", "S3", "-", "14", "15044", "OK"],
            ["2", "2021-03-26T03:28:12Z", "eni-1235b8ca123456789", "i-0c50d5961bcb2d47b", "10.0.0.71:34210", "52.95.128.179:80", "same", "same", "tcp", "3 (SYN FIN)", "ACCEPT", "egress", "8", "-", "S3", "7", "471", "OK"],
        ]);
    });

    it("decodes each step of a TCP connection's flags (AWS's TCP flag sequence example)", async () => {
        const format = "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status";
        const sample = [
            "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK",
            "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43416 10.0.0.62 52.213.180.42 6 376 7 1566848875 1566848933 ACCEPT 18 OK",
            "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43418 10.0.0.62 52.213.180.42 6 63388 1219 1566848933 1566849113 ACCEPT 1 OK",
        ].join("\n");
        const result = await flowlogs(["parse", "-", "--format", format], sample);
        assert.strictEqual(result.code, 0, result.stderr);
        const flags = header(result.stdout).indexOf("tcp-flags");
        assert.deepStrictEqual(cells(result.stdout).map((row) => row[flags]), ["2 (SYN)", "18 (SYN-ACK)", "1 (FIN)"]);
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
