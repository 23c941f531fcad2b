import * as assert from "assert";
import { FLOW_LOG_FIELDS } from "../../../lib/flowLogFields";
import { DEFAULT_FORMAT_FIELDS, valueProblem } from "../../../labs/flowLogs/fields";
import { formatRecord, parseFormat, parseRecords } from "../../../analysis/flowLogs/records";

/** A valid value of every field AWS documents up to version 5 (the AWS examples' values where they give one). */
const SAMPLE: Readonly<Record<string, string>> = {
    version: "5",
    "account-id": "123456789010",
    "interface-id": "eni-1235b8ca123456789",
    srcaddr: "172.31.16.139",
    dstaddr: "172.31.16.21",
    srcport: "20641",
    dstport: "22",
    protocol: "6",
    packets: "20",
    bytes: "4249",
    start: "1418530010",
    end: "1418530070",
    action: "ACCEPT",
    "log-status": "OK",
    "vpc-id": "vpc-abcdefab012345678",
    "subnet-id": "subnet-aaaaaaaa012345678",
    "instance-id": "i-0c50d5961bcb2d47b",
    "tcp-flags": "19",
    type: "IPv4",
    "pkt-srcaddr": "10.40.1.175",
    "pkt-dstaddr": "10.40.2.236",
    region: "ap-northeast-2",
    "az-id": "apne2-az1",
    "sublocation-type": "-",
    "sublocation-id": "-",
    "pkt-src-aws-service": "S3",
    "pkt-dst-aws-service": "-",
    "flow-direction": "ingress",
    "traffic-path": "7",
};

describe("flow log records", () => {
    for (const version of [2, 3, 4, 5]) {
        it(`round-trips every documented field of versions 2 to ${version}`, () => {
            const fields = Object.keys(FLOW_LOG_FIELDS).filter((field) => FLOW_LOG_FIELDS[field] <= version);
            assert.deepStrictEqual(fields.filter((f) => SAMPLE[f] === undefined), [], "a sample value for every field");
            const values = Object.fromEntries(fields.map((f) => [f, f === "version" ? String(version) : SAMPLE[f]]));
            const line = formatRecord(values, fields);
            const parsed = parseRecords(`${line}\n${line}\n`, fields);
            assert.deepStrictEqual(parsed.problems, []);
            assert.deepStrictEqual(parsed.records, [
                { line: 1, values },
                { line: 2, values },
            ]);
        });
    }

    it("reads the default format, the AWS documentation's examples", () => {
        assert.deepStrictEqual(DEFAULT_FORMAT_FIELDS, ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status"]);
        const parsed = parseRecords(
            "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK\n" +
                "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n",
            DEFAULT_FORMAT_FIELDS,
        );
        assert.deepStrictEqual(parsed.problems, []);
        assert.deepStrictEqual(parsed.records.map((r) => [r.values.action, r.values["log-status"], r.values.dstport]), [["REJECT", "OK", "3389"], ["-", "NODATA", "-"]]);
    });

    it("takes the aws logs tail line shape: event time and log stream first", () => {
        const line = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        const parsed = parseRecords(`2024-05-01T10:00:03.123000+00:00 eni-1235b8ca123456789-all ${line}\n2024-05-01T10:00:04Z ${line}`, DEFAULT_FORMAT_FIELDS);
        assert.deepStrictEqual(parsed.problems, []);
        assert.deepStrictEqual(
            parsed.records.map((r) => [r.line, r.timestamp, r.stream, r.values.srcaddr]),
            [
                [1, "2024-05-01T10:00:03.123000+00:00", "eni-1235b8ca123456789-all", "172.31.16.139"],
                [2, "2024-05-01T10:00:04Z", undefined, "172.31.16.139"],
            ],
        );
    });

    it("takes the header line of an S3 log file as the field order", () => {
        const parsed = parseRecords("version srcaddr action flow-direction\n5 10.0.1.10 ACCEPT egress\n\n", DEFAULT_FORMAT_FIELDS);
        assert.deepStrictEqual(parsed.fields, ["version", "srcaddr", "action", "flow-direction"]);
        assert.deepStrictEqual(parsed.records, [{ line: 2, values: { version: "5", srcaddr: "10.0.1.10", action: "ACCEPT", "flow-direction": "egress" } }]);
    });

    it("rejects malformed lines with their line numbers, skipping blank ones", () => {
        const fields = ["version", "srcaddr", "dstport", "action", "flow-direction", "traffic-path"];
        const parsed = parseRecords(
            ["5 10.0.1.10 443 ACCEPT egress 7", "", "5 10.0.1.10 443 ACCEPT egress", "5 10.0.1.10 http ALLOW sideways 9", "5 not-an-ip 70000 REJECT ingress -"].join("\n"),
            fields,
        );
        assert.strictEqual(parsed.records.length, 1);
        assert.deepStrictEqual(parsed.problems, [
            { line: 3, message: "has 5 fields; the format has 6 (version srcaddr dstport action flow-direction traffic-path)" },
            {
                line: 4,
                message:
                    'dstport must be a whole number or -, not "http"; action must be one of ACCEPT, REJECT or -, not "ALLOW"; flow-direction must be one of ingress, egress or -, not "sideways"; traffic-path must be between 1 and 8, not 9',
            },
            { line: 5, message: 'srcaddr has an unexpected value "not-an-ip"; dstport must be between 0 and 65535, not 70000' },
        ]);
    });

    it("reads formats as logFormat strings or field lists, and refuses unknown or repeated fields", () => {
        assert.deepStrictEqual(parseFormat("${version} ${traffic-path}"), ["version", "traffic-path"]);
        assert.deepStrictEqual(parseFormat("version, srcaddr  flow-direction"), ["version", "srcaddr", "flow-direction"]);
        assert.throws(() => parseFormat("version trafic-path"), /"trafic-path" is not a documented flow log field/);
        assert.throws(() => parseFormat("version version"), /"version" is listed twice/);
        assert.throws(() => parseFormat("  "), /lists no field/);
    });

    it("accepts - in every field and IPv6 addresses", () => {
        assert.strictEqual(valueProblem("traffic-path", "-"), undefined);
        assert.strictEqual(valueProblem("srcaddr", "2001:db8::1"), undefined);
        assert.strictEqual(valueProblem("account-id", "unknown"), undefined);
    });
});
