import * as assert from "assert";
import { checkQueries, flowMatchOf } from "../../../analysis/flowLogs/checkQueries";
import { fieldKind } from "../../../labs/flowLogs/fields";
import { predictRecords } from "../../../analysis/flowLogs/predict";
import { athenaCreateTable, athenaQuery, FlowLogTarget, insightsQuery } from "../../../labs/flowLogs/queries";
import { formatRecord } from "../../../analysis/flowLogs/records";
import { StackFlowLogView } from "../../../analysis/flowLogs/stackView";
import { ReachAnswer } from "../../../analysis/reach/answer";
import { ConnectivityProbe } from "../../../labs/labCheck";
import { RecordedResource } from "../../../lib/records";
import { runLabStack, urnByName, WORKSHOP_OVERRIDES } from "../../fixtures/flowLogStack";

/**
 * What Logs Insights discovers by itself in a default-format record: the AWS page's list of
 * discovered fields, in the default format's order, typed (the numbers are numbers).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
 */
const AWS_DISCOVERED_DEFAULT_FIELDS = ["version", "accountId", "interfaceId", "srcAddr", "dstAddr", "srcPort", "dstPort", "protocol", "packets", "bytes", "startTime", "endTime", "action", "logStatus"];
const AWS_DISCOVERED_NUMBERS = new Set(["version", "srcPort", "dstPort", "protocol", "packets", "bytes", "startTime", "endTime"]);

/**
 * A small Logs Insights interpreter for what the generator writes (`parse @message "* *" as
 * a, b`, or the discovered fields of the default format; `filter` with =, in [...], and, or,
 * parentheses): the test runs each query over sample records, so a query that names a field
 * out of order, a field Logs Insights does not have, or mistypes a value fails.
 */
function runInsights(query: string, lines: readonly string[]): string[] {
    const commands = query.split("\n| ");
    const parse = commands.find((c) => c.startsWith("parse @message "));
    const filter = commands.find((c) => c.startsWith("filter "))?.slice("filter ".length);
    const display = commands.find((c) => c.startsWith("display "))!.slice("display ".length).split(", ");
    let extract: (line: string) => Record<string, string | number> | undefined;
    if (parse) {
        const [, pattern, names] = /^parse @message "(.*)" as (.*)$/.exec(parse)!;
        const stars = pattern.split("*").length - 1;
        const regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.?+^$[\]\\(){}|-]/g, "\\$&")).join("(.*?)")}$`.replace(/\(\.\*\?\)\$$/, "(.*)$"));
        const columns = names.split(", ");
        assert.strictEqual(columns.length, stars, "one column per *");
        extract = (line) => {
            const m = regex.exec(line);
            return m ? Object.fromEntries(columns.map((c, i) => [c, m[i + 1]])) : undefined;
        };
    } else {
        extract = (line) => {
            const values = line.split(" ");
            if (values.length !== AWS_DISCOVERED_DEFAULT_FIELDS.length) {
                return undefined;
            }
            return Object.fromEntries(AWS_DISCOVERED_DEFAULT_FIELDS.map((c, i) => [c, AWS_DISCOVERED_NUMBERS.has(c) && /^\d+$/.test(values[i]) ? Number(values[i]) : values[i]]));
        };
    }
    return lines.filter((line) => {
        const row = extract(line);
        if (!row) {
            return false;
        }
        for (const column of display.filter((c) => !c.startsWith("@"))) {
            assert.ok(column in row, `the query displays ${column}, which Logs Insights does not have`);
        }
        return filter === undefined || evaluate(filter, row);
    });
}

function evaluate(expression: string, row: Record<string, string | number>): boolean {
    const tokens = expression.match(/"(?:[^"\\]|\\.)*"|\d+|\[|\]|\(|\)|,|=|[A-Za-z_@][A-Za-z0-9_]*/g)!;
    let i = 0;
    const value = () => JSON.parse(tokens[i++]) as string | number;
    const primary = (): boolean => {
        if (tokens[i] === "(") {
            i++;
            const result = disjunction();
            assert.strictEqual(tokens[i++], ")");
            return result;
        }
        const column = tokens[i++];
        assert.ok(column in row, `the query filters on ${column}, which the parse does not extract`);
        const op = tokens[i++];
        if (op === "=") {
            return row[column] === value();
        }
        assert.strictEqual(op, "in");
        assert.strictEqual(tokens[i++], "[");
        const values: (string | number)[] = [value()];
        while (tokens[i] === ",") {
            i++;
            values.push(value());
        }
        assert.strictEqual(tokens[i++], "]");
        return values.includes(row[column]);
    };
    const conjunction = (): boolean => {
        let result = primary();
        while (tokens[i] === "and") {
            i++;
            result = primary() && result;
        }
        return result;
    };
    const disjunction = (): boolean => {
        let result = conjunction();
        while (tokens[i] === "or") {
            i++;
            result = conjunction() || result;
        }
        return result;
    };
    const result = disjunction();
    assert.strictEqual(i, tokens.length, `unread tokens in ${expression}`);
    return result;
}

/** A whole record from predicted values: what is not known beforehand gets plausible values. */
function sampleLine(values: Readonly<Record<string, string>>, fields: readonly string[]): string {
    const filler: Record<string, string> = { packets: "3", bytes: "252", start: "1718000000", end: "1718000060", srcport: "48211", dstport: "48211", srcaddr: "52.219.60.10", dstaddr: "52.219.60.10", "pkt-srcaddr": "52.219.60.10", "pkt-dstaddr": "52.219.60.10" };
    return formatRecord(Object.fromEntries(fields.map((f) => [f, values[f] ?? filler[f] ?? (fieldKind(f).type === "int" ? "0" : "-")])), fields);
}

describe("flow log queries", () => {
    let resources: RecordedResource[];
    let view: StackFlowLogView;
    const urn = (name: string, type?: string) => urnByName(resources, name, type);
    before(async () => {
        ({ resources, view } = await runLabStack("lab", WORKSHOP_OVERRIDES));
    });
    const fields = () => view.flowLogs[0].fields;

    it("finds the NACL exercise's records in each log that sees PUBLIC-02 or PRIVATE-01, and nothing else", () => {
        const probe: ConnectivityProbe = { from: "PUBLIC-02", to: "PRIVATE-01", protocol: "icmp", expectReachable: false };
        const queries = checkQueries({ id: "nacl-ping-public-02", probe }, view);
        assert.deepStrictEqual(
            queries.map((q) => [q.flowLog, q.scope, q.language]),
            [
                ["IMD-VPCFlow-vpc", "vpc", "logs-insights"],
                ["IMD-VPCFlow-subnet-IMD-PRIVATE-A", "subnet", "logs-insights"],
                ["IMD-VPCFlow-eni-PRIVATE-01", "eni", "logs-insights"],
            ],
        );
        const vpcUrn = urn("IMD-VPC", "aws:ec2/vpc:Vpc");
        const port = (name: string, subnet: string, address: string, direction: "ingress" | "egress") => ({
            ownerUrn: urn(name, "aws:ec2/instance:Instance"),
            subnetUrn: urn(subnet, "aws:ec2/subnet:Subnet"),
            vpcUrn,
            address,
            direction,
        });
        const answer = (from: string, subnet: string, address: string): ReachAnswer => ({
            reachable: from === "PUBLIC-01",
            from: { query: from, type: "Instance", name: from, address, vpcUrn },
            to: { query: "PRIVATE-01", type: "Instance", name: "PRIVATE-01", address: "10.1.11.10", vpcUrn },
            protocol: "icmp",
            dns: null,
            hops: [
                { type: "Instance", name: from, interface: port(from, subnet, address, "egress") },
                ...(from === "PUBLIC-01" ? [{ type: "Instance" as const, name: "PRIVATE-01", interface: port("PRIVATE-01", "IMD-PRIVATE-A", "10.1.11.10", "ingress") }] : []),
            ],
            blockedBy: from === "PUBLIC-01" ? null : { type: "NetworkAcl", name: "IMD-PRIVATE-NACL", explanationCode: "ACL_RULES_MISMATCH", interface: port("PRIVATE-01", "IMD-PRIVATE-A", "10.1.11.10", "ingress") },
        });
        const vpcLog = (records: ReturnType<typeof predictRecords>) => records.filter((r) => r.flowLog.scope === "vpc").map((r) => sampleLine(r.values, fields()));
        const failing = vpcLog(predictRecords(answer("PUBLIC-02", "IMD-PUBLIC-B", "10.1.2.10"), view));
        const working = vpcLog(predictRecords(answer("PUBLIC-01", "IMD-PUBLIC-A", "10.1.1.11"), view));
        assert.deepStrictEqual([failing.length, working.length], [2, 4]);
        assert.deepStrictEqual(runInsights(queries[0].query, [...working, ...failing]), failing);
    });

    it("finds a private instance's S3 request and its answer by the S3 service code, in the default and the lab format", () => {
        const probe: ConnectivityProbe = { from: "CloudNeta-Private-EC2", to: "s3://endpoints-s3-gateway-bucket-7c970bd6", protocol: "tcp", port: 443, expectReachable: true };
        const match = flowMatchOf(probe, view);
        assert.deepStrictEqual(match, {
            protocol: "tcp",
            port: 443,
            sourceAddresses: ["10.0.1.10"],
            destinationAddresses: [],
            destinationService: "S3",
            interfaceIds: [view.interfaces.find((i) => i.ownerName === "CloudNeta-Private-EC2")!.eniId],
        });
        const query = insightsQuery(fields(), match);
        assert.ok(query.includes('(srcaddr = "10.0.1.10" and pkt_dst_aws_service = "S3" and dstport = "443") or (pkt_src_aws_service = "S3" and srcport = "443" and dstaddr = "10.0.1.10")'), query);
        const request = { srcaddr: "10.0.1.10", dstaddr: "52.219.60.10", srcport: "48211", dstport: "443", protocol: "6", "pkt-dst-aws-service": "S3", "flow-direction": "egress", "traffic-path": "7", action: "ACCEPT" };
        const answerBack = { srcaddr: "52.219.60.10", dstaddr: "10.0.1.10", srcport: "443", dstport: "48211", protocol: "6", "pkt-src-aws-service": "S3", "flow-direction": "ingress", action: "ACCEPT" };
        const other = { ...request, "pkt-dst-aws-service": "DYNAMODB" };
        const lines = [request, answerBack, other].map((v) => sampleLine(v, fields()));
        assert.deepStrictEqual(runInsights(query, lines), lines.slice(0, 2));
        // The default format has no service field: the query keeps to the source and the port.
        const defaults = insightsQuery([], match);
        const defaultLines = [request, answerBack].map((v) => sampleLine(v, ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status"]));
        assert.deepStrictEqual(runInsights(defaults, defaultLines), defaultLines);
        assert.ok(!defaults.includes("pkt_"), defaults);
    });

    it("finds My-EC2's PrivateLink requests to port 80 in MyVPC's log, the endpoint's addresses unknown offline", () => {
        const probe: ConnectivityProbe = { from: "My-EC2", to: "My-EPS-Endpoint", protocol: "tcp", port: 80, expectReachable: true };
        const [query, ...rest] = checkQueries({ id: "privatelink-curl", probe }, view);
        assert.deepStrictEqual([query.flowLog, rest.length], ["MyVPC-flow-vpc", 0]);
        const client = view.interfaces.find((i) => i.ownerName === "My-EC2")!.address!;
        const lines = ([
            { srcaddr: client, dstaddr: "10.0.0.20", dstport: "80", protocol: "6" },
            { srcaddr: "10.0.0.20", dstaddr: client, srcport: "80", protocol: "6" },
            { srcaddr: client, dstaddr: "10.0.0.20", dstport: "443", protocol: "6" },
        ] as Record<string, string>[]).map((v) => sampleLine(v, fields()));
        assert.deepStrictEqual(runInsights(query.query, lines), lines.slice(0, 2));
    });

    it("queries the default format by the fields Logs Insights discovers, so AWS's sample queries read the same", () => {
        const match = { protocol: "tcp" as const, port: 22, sourceAddresses: ["172.31.16.139"], destinationAddresses: ["172.31.16.21"] };
        assert.strictEqual(
            insightsQuery([], match),
            [
                "fields @timestamp, @logStream",
                'filter protocol = 6 and ((srcAddr = "172.31.16.139" and dstAddr = "172.31.16.21" and dstPort = 22) or (srcAddr = "172.31.16.21" and srcPort = 22 and dstAddr = "172.31.16.139"))',
                "display @timestamp, interfaceId, srcAddr, dstAddr, srcPort, dstPort, protocol, action, logStatus",
                "sort @timestamp desc",
                "limit 100",
            ].join("\n| "),
        );
        assert.strictEqual(insightsQuery([], undefined, { rejectsOnly: true }).split("\n| ")[1], 'filter action = "REJECT"');
        // AWS's own accepted record, read the way Logs Insights reads it.
        const accepted = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        const rejected = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";
        assert.deepStrictEqual(runInsights(insightsQuery([], match), [accepted, rejected]), [accepted]);
    });

    it("shows the packet addresses, the AWS service at either end, the TCP flags and the instance where the format has them", () => {
        const format = ["version", "interface-id", "instance-id", "srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr", "protocol", "tcp-flags", "action", "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction"];
        const display = insightsQuery(format).split("\n| ").find((c) => c.startsWith("display "));
        assert.strictEqual(display, "display @timestamp, interface_id, instance_id, srcaddr, dstaddr, pkt_srcaddr, pkt_dstaddr, protocol, tcp_flags, action, flow_direction, pkt_src_aws_service, pkt_dst_aws_service");
        assert.deepStrictEqual(insightsQuery(fields()).split("\n| ").find((c) => c.startsWith("display "))!.split(", ").filter((c) => c.startsWith("pkt_")), ["pkt_srcaddr", "pkt_dstaddr", "pkt_src_aws_service", "pkt_dst_aws_service"]);
    });

    const s3Target = (layout: FlowLogTarget["s3"]): FlowLogTarget => ({
        flowLogId: "fl-0123456789abcdef0",
        label: "IMD-VPCFlow-vpc",
        destination: "s3",
        fields: ["version", "srcaddr", "dstaddr", "dstport", "protocol", "start", "action", "flow-direction", "traffic-path"],
        bucket: "vpc-labs-flow-logs-abc",
        accountId: "123456789012",
        region: "ap-northeast-2",
        s3: layout,
        retentionDays: 30,
    });

    it("writes CREATE TABLE for plain-text daily files, columns in format order, partitions projected", () => {
        assert.strictEqual(
            athenaCreateTable(s3Target({ fileFormat: "plain-text", hiveCompatiblePartitions: false, perHourPartition: false })),
            [
                "CREATE EXTERNAL TABLE IF NOT EXISTS `vpc_flow_logs_imd_vpcflow_vpc` (",
                "  `version` int,",
                "  `srcaddr` string,",
                "  `dstaddr` string,",
                "  `dstport` int,",
                "  `protocol` int,",
                "  `start` bigint,",
                "  `action` string,",
                "  `flow_direction` string,",
                "  `traffic_path` int",
                ")",
                "PARTITIONED BY (`day` string)",
                "ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '",
                "LOCATION 's3://vpc-labs-flow-logs-abc/AWSLogs/123456789012/vpcflowlogs/ap-northeast-2/'",
                "TBLPROPERTIES (",
                "  'skip.header.line.count' = '1',",
                "  'projection.enabled' = 'true',",
                "  'projection.day.type' = 'date',",
                "  'projection.day.format' = 'yyyy/MM/dd',",
                "  'projection.day.range' = 'NOW-30DAYS,NOW',",
                "  'projection.day.interval' = '1',",
                "  'projection.day.interval.unit' = 'DAYS',",
                "  'storage.location.template' = 's3://vpc-labs-flow-logs-abc/AWSLogs/123456789012/vpcflowlogs/ap-northeast-2/${day}'",
                ");",
            ].join("\n"),
        );
    });

    it("names the partition of hourly plain prefixes for what it holds: the hour", () => {
        const target = s3Target({ fileFormat: "plain-text", hiveCompatiblePartitions: false, perHourPartition: true });
        const sql = athenaCreateTable(target);
        assert.ok(sql.includes("PARTITIONED BY (`hour` string)"), sql);
        assert.ok(sql.includes("'projection.hour.format' = 'yyyy/MM/dd/HH'"), sql);
        assert.ok(sql.includes("'projection.hour.interval.unit' = 'HOURS'"), sql);
        assert.ok(sql.endsWith("vpcflowlogs/ap-northeast-2/${hour}'\n);"), sql);
        assert.ok(!/\bday\b/.test(sql.replace("NOW-30DAYS", "")), sql);
        assert.ok(athenaQuery(target).includes("WHERE \"hour\" >= date_format(current_timestamp - interval '1' day, '%Y/%m/%d/%H')"));
    });

    it("writes CREATE TABLE for Parquet files under hourly Hive-compatible prefixes", () => {
        const sql = athenaCreateTable(s3Target({ fileFormat: "parquet", hiveCompatiblePartitions: true, perHourPartition: true }));
        assert.ok(sql.includes("PARTITIONED BY (`year` string, `month` string, `day` string, `hour` string)"), sql);
        assert.ok(sql.includes("ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'"), sql);
        assert.ok(!sql.includes("skip.header.line.count"), sql);
        assert.ok(
            sql.includes(
                "'storage.location.template' = 's3://vpc-labs-flow-logs-abc/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=ap-northeast-2/year=${year}/month=${month}/day=${day}/hour=${hour}'",
            ),
            sql,
        );
    });

    it("queries a flow in Athena by the flow log's objects, the last day's partitions and both directions", () => {
        const match = { protocol: "icmp" as const, sourceAddresses: ["10.1.2.10"], destinationAddresses: ["10.1.11.10"] };
        assert.strictEqual(
            athenaQuery(s3Target(undefined), match),
            [
                'SELECT from_unixtime("start") AS start_time, "srcaddr", "dstaddr", "dstport", "protocol", "action", "flow_direction", "traffic_path"',
                'FROM "vpc_flow_logs_imd_vpcflow_vpc"',
                "WHERE \"day\" >= date_format(current_date - interval '1' day, '%Y/%m/%d')",
                "  AND \"$path\" LIKE '%\\_fl-0123456789abcdef0\\_%' ESCAPE '\\'",
                '  AND "protocol" = 1',
                "  AND ((\"srcaddr\" = '10.1.2.10' AND \"dstaddr\" = '10.1.11.10') OR (\"srcaddr\" = '10.1.11.10' AND \"dstaddr\" = '10.1.2.10'))",
                'ORDER BY "start" DESC',
                "LIMIT 100;",
            ].join("\n"),
        );
    });
});
