import { ProbeProtocol } from "../labCheck";
import { columnName, DEFAULT_FORMAT_FIELDS, effectiveFields, fieldKind } from "./fields";

/**
 * The queries that find a flow's records: CloudWatch Logs Insights for log groups, Athena SQL
 * over the S3 layout for buckets. Both are generated from the flow log's own field list, so a
 * format change changes the queries with it. Logs Insights discovers the fields of the default
 * format only, under its own camelCase names (`srcAddr`, `logStatus`): default-format queries use
 * those, so AWS's sample queries can be pasted beside them. Custom formats (traffic-path,
 * flow-direction) need `parse`, so their queries parse the message by the format's field order.
 */

/** IANA protocol numbers, as flow logs record them. */
export const PROTOCOL_NUMBERS: Readonly<Record<ProbeProtocol, number>> = { icmp: 1, tcp: 6, udp: 17 };

/** Where a flow log's records are and how they are written. */
export interface FlowLogTarget {
    /** The flow log's ID (fl-...), when known: S3 objects carry it in their names. */
    readonly flowLogId?: string;
    readonly label: string;
    readonly destination: "cloud-watch-logs" | "s3";
    /** The record fields in order; empty: the default format. */
    readonly fields: readonly string[];
    readonly logGroupName?: string;
    readonly bucket?: string;
    readonly accountId: string;
    readonly region: string;
    /** S3 only. @default plain-text, not hive-compatible, daily prefixes */
    readonly s3?: S3Layout;
    /** How many days of records exist (S3 object expiry): the partition range. @default 30 */
    readonly retentionDays?: number;
}

/** The S3 `destinationOptions` of a flow log. */
export interface S3Layout {
    readonly fileFormat: "plain-text" | "parquet";
    readonly hiveCompatiblePartitions: boolean;
    readonly perHourPartition: boolean;
}

export const DEFAULT_S3_LAYOUT: S3Layout = { fileFormat: "plain-text", hiveCompatiblePartitions: false, perHourPartition: false };

/** The flow to look for, resolved to what records show. */
export interface FlowMatch {
    readonly protocol: ProbeProtocol;
    readonly port?: number;
    /** Addresses the flow leaves from (private IPs of the source ENIs). */
    readonly sourceAddresses: readonly string[];
    /** Addresses it goes to, as records show them (the endpoint ENIs' IPs for PrivateLink). */
    readonly destinationAddresses: readonly string[];
    /** The `pkt-dst-aws-service` code when the destination is an AWS service (S3 ...). */
    readonly destinationService?: string;
    /** ENIs to restrict to when no address is known. */
    readonly interfaceIds?: readonly string[];
}

/** A condition over parsed fields: the field equals one of the values. */
interface Condition {
    readonly field: string;
    readonly values: readonly string[];
}

/** A disjunction of conjunctions of conditions: the records of either direction of the flow. */
export interface MatchExpression {
    readonly all: readonly Condition[];
    readonly anyOf: readonly (readonly Condition[])[];
}

/**
 * The conditions that find both directions of a flow in a format: the request (source to
 * destination, to the port) and the response (back, from the port). Fields the format lacks
 * are left out, so a query never names a column that does not exist.
 */
export function matchExpression(match: FlowMatch, fields: readonly string[]): MatchExpression {
    const has = (field: string) => fields.includes(field);
    const all: Condition[] = [];
    if (has("protocol")) {
        all.push({ field: "protocol", values: [String(PROTOCOL_NUMBERS[match.protocol])] });
    }
    if (match.sourceAddresses.length === 0 && match.interfaceIds && match.interfaceIds.length > 0 && has("interface-id")) {
        all.push({ field: "interface-id", values: match.interfaceIds });
    }
    const port = match.port === undefined || match.protocol === "icmp" ? undefined : String(match.port);
    const side = (addressField: string, portField: string, serviceField: string, addresses: readonly string[], service: string | undefined, withPort: boolean): Condition[] => {
        const conditions: Condition[] = [];
        if (addresses.length > 0 && has(addressField)) {
            conditions.push({ field: addressField, values: addresses });
        } else if (service && has(serviceField)) {
            conditions.push({ field: serviceField, values: [service] });
        }
        if (withPort && port !== undefined && has(portField)) {
            conditions.push({ field: portField, values: [port] });
        }
        return conditions;
    };
    const request = [
        ...side("srcaddr", "srcport", "pkt-src-aws-service", match.sourceAddresses, undefined, false),
        ...side("dstaddr", "dstport", "pkt-dst-aws-service", match.destinationAddresses, match.destinationService, true),
    ];
    const response = [
        ...side("srcaddr", "srcport", "pkt-src-aws-service", match.destinationAddresses, match.destinationService, true),
        ...side("dstaddr", "dstport", "pkt-dst-aws-service", match.sourceAddresses, undefined, false),
    ];
    return { all, anyOf: [request, response].filter((c) => c.length > 0) };
}

/**
 * The columns a query shows, in this order, when the format has them: where (interface,
 * instance), who (the interface's addresses and ports, then the packet's own where a NAT or
 * transit gateway rewrites them), what (protocol, TCP flags), the verdict, the path and the
 * AWS service at either end.
 */
const SHOWN = [
    "interface-id", "instance-id", "srcaddr", "dstaddr", "srcport", "dstport", "pkt-srcaddr", "pkt-dstaddr", "protocol", "tcp-flags",
    "action", "flow-direction", "traffic-path", "pkt-src-aws-service", "pkt-dst-aws-service", "log-status",
];

/**
 * The names Logs Insights gives the fields of a default-format record by itself, without a
 * `parse` ("Supported logs and discovered fields", Amazon VPC flow logs).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
 */
export const DISCOVERED_FIELD_NAMES: Readonly<Record<string, string>> = {
    version: "version",
    "account-id": "accountId",
    "interface-id": "interfaceId",
    srcaddr: "srcAddr",
    dstaddr: "dstAddr",
    srcport: "srcPort",
    dstport: "dstPort",
    protocol: "protocol",
    packets: "packets",
    bytes: "bytes",
    start: "startTime",
    end: "endTime",
    action: "action",
    "log-status": "logStatus",
};

/** True when records are written in the AWS default format, which Logs Insights discovers by itself. */
export function isDefaultFormat(fields: readonly string[]): boolean {
    const order = effectiveFields(fields);
    return order.length === DEFAULT_FORMAT_FIELDS.length && order.every((field, i) => field === DEFAULT_FORMAT_FIELDS[i]);
}

/** How a query names a field's column, and writes a value of it. */
interface InsightsColumns {
    name(field: string): string;
    literal(field: string, value: string): string;
}

/** Discovered fields are typed (numbers stay numbers); parsed ones are strings. */
function insightsColumns(order: readonly string[]): InsightsColumns {
    return isDefaultFormat(order)
        ? { name: (field) => DISCOVERED_FIELD_NAMES[field], literal: (field, value) => (fieldKind(field).type === "int" && /^\d+$/.test(value) ? value : JSON.stringify(value)) }
        : { name: columnName, literal: (_field, value) => JSON.stringify(value) };
}

function shownFields(fields: readonly string[]): string[] {
    return SHOWN.filter((field) => fields.includes(field));
}

function insightsCondition(condition: Condition, columns: InsightsColumns): string {
    const column = columns.name(condition.field);
    const values = condition.values.map((v) => columns.literal(condition.field, v));
    return values.length === 1 ? `${column} = ${values[0]}` : `${column} in [${values.join(", ")}]`;
}

function insightsFilter(expression: MatchExpression, columns: InsightsColumns): string | undefined {
    const terms = expression.all.map((c) => insightsCondition(c, columns));
    if (expression.anyOf.length > 0) {
        const branches = expression.anyOf.map((conditions) => `(${conditions.map((c) => insightsCondition(c, columns)).join(" and ")})`);
        terms.push(branches.length === 1 ? branches[0] : `(${branches.join(" or ")})`);
    }
    return terms.length > 0 ? terms.join(" and ") : undefined;
}

/** The `parse` command that splits a record into the format's fields (as strings). */
export function insightsParse(fields: readonly string[]): string {
    const order = effectiveFields(fields);
    return `parse @message "${order.map(() => "*").join(" ")}" as ${order.map(columnName).join(", ")}`;
}

/**
 * A Logs Insights query over the flow log's group for the records of a flow (or, with no
 * flow, its most recent records; with `rejectsOnly`, its REJECTs).
 */
export function insightsQuery(fields: readonly string[], match?: FlowMatch, options: { readonly rejectsOnly?: boolean; readonly limit?: number } = {}): string {
    const order = effectiveFields(fields);
    const columns = insightsColumns(order);
    const filter = match ? insightsFilter(matchExpression(match, order), columns) : undefined;
    const rejects = options.rejectsOnly && order.includes("action") ? `${columns.name("action")} = "REJECT"` : undefined;
    const terms = [filter, rejects].filter((t): t is string => t !== undefined);
    return [
        "fields @timestamp, @logStream",
        ...(isDefaultFormat(order) ? [] : [insightsParse(order)]),
        ...(terms.length > 0 ? [`filter ${terms.join(" and ")}`] : []),
        `display @timestamp, ${shownFields(order).map(columns.name).join(", ")}`,
        "sort @timestamp desc",
        `limit ${options.limit ?? 100}`,
    ].join("\n| ");
}

/** `aws logs start-query` for a query over the last hour, then where to read the result. */
export function insightsCommand(target: FlowLogTarget, query: string): string {
    return (
        `aws logs start-query --region ${target.region} --log-group-name ${target.logGroupName ?? "<log group>"} ` +
        `--start-time $(date -d '-1 hour' +%s) --end-time $(date +%s) --query-string '${query.replace(/'/g, "'\\''").replace(/\n/g, " ")}'` +
        ` # then: aws logs get-query-results --region ${target.region} --query-id <queryId>`
    );
}

// Athena

/** The S3 prefix the flow log writes under (the bucket's root, as the stack creates it). */
export function s3Prefix(target: FlowLogTarget): string {
    const layout = target.s3 ?? DEFAULT_S3_LAYOUT;
    return layout.hiveCompatiblePartitions
        ? `AWSLogs/aws-account-id=${target.accountId}/aws-service=vpcflowlogs/aws-region=${target.region}/`
        : `AWSLogs/${target.accountId}/vpcflowlogs/${target.region}/`;
}

/** The Athena table for a flow log's records. */
export function athenaTableName(target: FlowLogTarget): string {
    return `vpc_flow_logs_${target.label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "")}`;
}

function athenaColumns(fields: readonly string[]): string[] {
    return effectiveFields(fields).map((field) => {
        const kind = fieldKind(field);
        return `\`${columnName(field)}\` ${kind.type === "int" ? kind.athena : "string"}`;
    });
}

/**
 * `CREATE EXTERNAL TABLE` for the flow log's exact layout: its columns in format order, its
 * file format (plain text with a header line, or Parquet), and partition projection over its
 * prefixes (daily or hourly, hive-compatible or not), so no partitions are ever added by hand.
 * https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs.html
 */
export function athenaCreateTable(target: FlowLogTarget): string {
    const layout = target.s3 ?? DEFAULT_S3_LAYOUT;
    const location = `s3://${target.bucket ?? "<bucket>"}/${s3Prefix(target)}`;
    const days = target.retentionDays ?? 30;
    let partitions: string[];
    let projection: [string, string][];
    if (layout.hiveCompatiblePartitions) {
        const keys = layout.perHourPartition ? ["year", "month", "day", "hour"] : ["year", "month", "day"];
        const ranges: Record<string, string> = { year: "2020,2100", month: "1,12", day: "1,31", hour: "0,23" };
        partitions = keys.map((key) => `\`${key}\` string`);
        projection = keys.flatMap((key): [string, string][] => [
            [`projection.${key}.type`, "integer"],
            [`projection.${key}.range`, ranges[key]],
            ...(key === "year" ? [] : [[`projection.${key}.digits`, "2"] as [string, string]]),
        ]);
        projection.push(["storage.location.template", `${location}${keys.map((key) => `${key}=\${${key}}`).join("/")}`]);
    } else {
        // The column holds the prefix's date (yyyy/MM/dd), or its date and hour with hourly prefixes.
        const column = layout.perHourPartition ? "hour" : "day";
        partitions = [`\`${column}\` string`];
        projection = [
            [`projection.${column}.type`, "date"],
            [`projection.${column}.format`, layout.perHourPartition ? "yyyy/MM/dd/HH" : "yyyy/MM/dd"],
            [`projection.${column}.range`, `NOW-${days}DAYS,NOW`],
            [`projection.${column}.interval`, "1"],
            [`projection.${column}.interval.unit`, layout.perHourPartition ? "HOURS" : "DAYS"],
            ["storage.location.template", `${location}\${${column}}`],
        ];
    }
    const storage =
        layout.fileFormat === "parquet"
            ? [
                  "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'",
                  "STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'",
                  "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'",
              ]
            : ["ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '"];
    const properties: [string, string][] = [
        // Plain-text log files start with a header line naming the fields.
        ...(layout.fileFormat === "plain-text" ? [["skip.header.line.count", "1"] as [string, string]] : []),
        ["projection.enabled", "true"],
        ...projection,
    ];
    return [
        `CREATE EXTERNAL TABLE IF NOT EXISTS \`${athenaTableName(target)}\` (`,
        athenaColumns(target.fields).map((c) => `  ${c}`).join(",\n"),
        `)`,
        `PARTITIONED BY (${partitions.join(", ")})`,
        ...storage,
        `LOCATION '${location}'`,
        `TBLPROPERTIES (`,
        properties.map(([key, value]) => `  '${key}' = '${value}'`).join(",\n"),
        `);`,
    ].join("\n");
}

function athenaLiteral(field: string, value: string): string {
    return fieldKind(field).type === "int" ? value : `'${value.replace(/'/g, "''")}'`;
}

function athenaCondition(condition: Condition): string {
    const column = `"${columnName(condition.field)}"`;
    const values = condition.values.map((v) => athenaLiteral(condition.field, v));
    return values.length === 1 ? `${column} = ${values[0]}` : `${column} IN (${values.join(", ")})`;
}

/** The partition filter for the last day, so a query reads one or two days of objects. */
function recentPartitions(layout: S3Layout): string {
    if (layout.hiveCompatiblePartitions) {
        return "concat(\"year\", \"month\", \"day\") >= date_format(current_date - interval '1' day, '%Y%m%d')";
    }
    return layout.perHourPartition
        ? "\"hour\" >= date_format(current_timestamp - interval '1' day, '%Y/%m/%d/%H')"
        : "\"day\" >= date_format(current_date - interval '1' day, '%Y/%m/%d')";
}

/** The Athena query for a flow's records over the last day (or the most recent, or the REJECTs). */
export function athenaQuery(target: FlowLogTarget, match?: FlowMatch, options: { readonly rejectsOnly?: boolean; readonly limit?: number } = {}): string {
    const order = effectiveFields(target.fields);
    const layout = target.s3 ?? DEFAULT_S3_LAYOUT;
    const where = [recentPartitions(layout)];
    if (target.flowLogId) {
        // Several flow logs may share the bucket; object names carry the flow log ID.
        where.push(`"$path" LIKE '%\\_${target.flowLogId}\\_%' ESCAPE '\\'`);
    }
    if (match) {
        const expression = matchExpression(match, order);
        where.push(...expression.all.map(athenaCondition));
        if (expression.anyOf.length > 0) {
            const branches = expression.anyOf.map((conditions) => `(${conditions.map(athenaCondition).join(" AND ")})`);
            where.push(branches.length === 1 ? branches[0] : `(${branches.join(" OR ")})`);
        }
    }
    if (options.rejectsOnly && order.includes("action")) {
        where.push(`"action" = 'REJECT'`);
    }
    const time = order.includes("start") ? [`from_unixtime("start") AS start_time`] : [];
    return [
        `SELECT ${[...time, ...shownFields(order).map((field) => `"${columnName(field)}"`)].join(", ")}`,
        `FROM "${athenaTableName(target)}"`,
        `WHERE ${where.join("\n  AND ")}`,
        ...(order.includes("start") ? [`ORDER BY "start" DESC`] : []),
        `LIMIT ${options.limit ?? 100};`,
    ].join("\n");
}

/** The query for a flow in the language of the flow log's destination. */
export function flowQuery(target: FlowLogTarget, match?: FlowMatch, options: { readonly rejectsOnly?: boolean } = {}): { readonly language: "logs-insights" | "athena"; readonly query: string } {
    return target.destination === "cloud-watch-logs"
        ? { language: "logs-insights", query: insightsQuery(target.fields, match, options) }
        : { language: "athena", query: athenaQuery(target, match, options) };
}
