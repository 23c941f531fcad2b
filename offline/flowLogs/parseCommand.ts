import { existsSync, readFileSync } from "fs";
import { resolve } from "path";
import { didYouMean } from "../../lib/closestNames";
import { ConfigError } from "../../lib/errors";
import { DEFAULT_FORMAT_FIELDS, effectiveFields, TRAFFIC_PATHS } from "../../labs/flowLogs/fields";
import { NO_NAMES, RecordNames, viewOfResources } from "../../analysis/flowLogs/names";
import { FlowLogFormatError, FlowLogRecord, parseFormat, parseRecords } from "../../analysis/flowLogs/records";
import { addressWithPort, tcpFlagsText } from "../../analysis/flowLogs/recordText";
import { StackFlowLogView } from "../../analysis/flowLogs/stackView";
import { Console, describeError, EXIT, ExitCode, npmSilentNote, OptionSpec, parseArgs, PROCESS_CONSOLE, UsageError } from "../plan/cli";
import { runStack } from "../plan/programRunner";
import { ExportFormatError, exportedResources, readStackExport } from "../plan/stackExport";
import { PROJECT_DIR, StackFileError } from "../../config/stackFiles";

export const FLOWLOGS_USAGE = `Usage: npm run flowlogs -- parse <file|-> [--format "<fields>"] [--stack <name> | --export <file>] [--json]

Reads VPC flow log records and prints them as a table, with the stack's names for ENIs,
addresses, VPCs, subnets and instances. Takes the lines of a log stream, \`aws logs tail\`
output (timestamp and stream first) or an S3 log file (its header line sets the fields).

  <file|->          the records; - reads standard input (e.g. piped from aws logs tail)
  --format <fields> the record fields in order ("version account-id ..." or "\${version} \${account-id} ...");
                    default: the stack's flow log format with --stack/--export, else the AWS default (version 2)
  --stack <name>    resolve names from the offline plan of this stack (Pulumi.<name>.yaml)
  --export <file>   resolve names from a stack export (npm run plan -- --export, or pulumi stack export)
  --json            print the records as JSON

${npmSilentNote("flowlogs")}

Exit codes: 0 every line read; 2 a malformed line (each named by line number), a bad command
line, stack file or export; 3 an unexpected failure (a bug).`;

export interface FlowLogsOptions {
    readonly projectDir?: string;
    /** Standard input, for tests. @default the process's */
    readonly stdin?: () => string;
}

/** The one format of the stack's flow logs; throws a UsageError when they differ. */
function stackFormat(view: StackFlowLogView): readonly string[] | undefined {
    const formats = [...new Set(view.flowLogs.map((f) => effectiveFields(f.fields).join(" ")))];
    if (formats.length > 1) {
        throw new UsageError(`the stack's flow logs use ${formats.length} formats; name one with --format`);
    }
    return formats.length === 1 ? formats[0].split(" ") : undefined;
}

const PROTOCOLS: Readonly<Record<string, string>> = { "1": "icmp", "6": "tcp", "17": "udp", "58": "icmpv6" };

type Column = readonly [title: string, cell: (r: FlowLogRecord) => string];

/** The packet's own address where it differs from the interface's (a NAT gateway, a transit gateway): `same` otherwise. */
function packetAddress(record: FlowLogRecord, packetField: "pkt-srcaddr" | "pkt-dstaddr", interfaceField: "srcaddr" | "dstaddr", names: RecordNames): string {
    const packet = record.values[packetField];
    if (packet === undefined || packet === "-") {
        return "-";
    }
    return packet === record.values[interfaceField] ? "same" : names.label(packet);
}

/**
 * The table's columns for a format: every field a student reads to tell the story of a flow,
 * in the order the story goes (where, who, what, verdict, how much). Fields the format lacks
 * get no column.
 */
function tableColumns(fields: readonly string[], names: RecordNames): Column[] {
    const has = (field: string) => fields.includes(field);
    const when = (field: string, column: Column): Column[] => (has(field) ? [column] : []);
    const plain = (field: string, title = field): Column[] => when(field, [title, (r) => r.values[field]]);
    // The port belongs to the address, the name to both: `10.0.1.5:443 (PRIVATE-01)`, `[2001:db8::1]:22`.
    const endpoint = (address: "srcaddr" | "dstaddr", port: "srcport" | "dstport") => (r: FlowLogRecord) => {
        const value = r.values[address];
        const name = names.nameOf(value);
        return `${addressWithPort(value, r.values[port], r.values.protocol)}${name ? ` (${name})` : ""}`;
    };
    return [
        ["line", (r) => String(r.line)],
        ...when("start", ["start", (r) => (/^\d+$/.test(r.values.start) ? new Date(Number(r.values.start) * 1000).toISOString().replace(".000Z", "Z") : r.values.start)]),
        ...when("interface-id", ["interface", (r) => names.label(r.values["interface-id"])]),
        ...when("instance-id", ["instance", (r) => names.label(r.values["instance-id"])]),
        ...when("srcaddr", ["source", endpoint("srcaddr", "srcport")]),
        ...when("dstaddr", ["destination", endpoint("dstaddr", "dstport")]),
        ...when("pkt-srcaddr", ["packet source", (r) => packetAddress(r, "pkt-srcaddr", "srcaddr", names)]),
        ...when("pkt-dstaddr", ["packet destination", (r) => packetAddress(r, "pkt-dstaddr", "dstaddr", names)]),
        ...when("protocol", ["protocol", (r) => PROTOCOLS[r.values.protocol] ?? r.values.protocol]),
        ...when("tcp-flags", ["tcp-flags", (r) => tcpFlagsText(r.values["tcp-flags"])]),
        ...plain("action"),
        ...plain("flow-direction", "direction"),
        ...plain("traffic-path"),
        ...plain("pkt-src-aws-service", "source service"),
        ...plain("pkt-dst-aws-service", "destination service"),
        ...plain("packets"),
        ...plain("bytes"),
        ...plain("log-status"),
    ];
}

/** The table's rows: a title row, then one per record. */
function tableRows(records: readonly FlowLogRecord[], fields: readonly string[], names: RecordNames): string[][] {
    const columns = tableColumns(fields, names);
    return [columns.map(([title]) => title), ...records.map((record) => columns.map(([, cell]) => cell(record) || "-"))];
}

/** What the two pairs of address columns mean, printed under a table that has both. */
export const PACKET_ADDRESS_LEGEND =
    "source/destination: the addresses at the interface (srcaddr, dstaddr); packet source/destination: the packet's own addresses " +
    "(pkt-srcaddr, pkt-dstaddr) where they differ, as through a NAT gateway or a transit gateway";

function renderTable(rows: readonly string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

/** The options `npm run flowlogs` takes (the docs' command check reads them too). */
export const FLOWLOGS_OPTIONS: readonly OptionSpec[] = [
    { name: "format", takesValue: true },
    { name: "stack", takesValue: true },
    { name: "export", takesValue: true },
    { name: "json", takesValue: false },
    { name: "help", takesValue: false },
];

/** `npm run flowlogs -- parse`. Returns the exit code. */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: FlowLogsOptions = {}): Promise<ExitCode> {
    let args;
    try {
        args = parseArgs(argv, FLOWLOGS_OPTIONS);
        if (args.flags.has("help")) {
            io.out(FLOWLOGS_USAGE);
            return EXIT.ok;
        }
        const [command, ...inputs] = args.positional;
        if (command !== "parse") {
            throw new UsageError(command === undefined ? "name a command: parse" : `unknown command ${command}${didYouMean(command, ["parse"]) || "; the command is parse"}`);
        }
        if (inputs.length !== 1) {
            throw new UsageError(inputs.length === 0 ? "name the file of records, or - for standard input" : `one input at a time; got ${inputs.join(", ")}`);
        }
        if (args.values.stack && args.values.export) {
            throw new UsageError("--stack and --export both name the stack; give one");
        }
    } catch (error) {
        io.err(`flowlogs: ${(error as Error).message}\n\n${FLOWLOGS_USAGE}`);
        return EXIT.badInput;
    }
    const input = args.positional[1];
    try {
        let view: StackFlowLogView | undefined;
        if (args.values.export) {
            const file = resolve(args.values.export);
            if (!existsSync(file)) {
                throw new ExportFormatError(`stack export ${args.values.export} does not exist`);
            }
            view = viewOfResources(readStackExport(readFileSync(file, "utf8"), args.values.export).resources);
        } else if (args.values.stack) {
            view = viewOfResources(exportedResources(await runStack(args.values.stack, options.projectDir ?? PROJECT_DIR)));
        }
        const fields = args.values.format ? parseFormat(args.values.format) : ((view && stackFormat(view)) ?? DEFAULT_FORMAT_FIELDS);
        let text: string;
        if (input === "-") {
            text = options.stdin ? options.stdin() : readFileSync(0, "utf8");
        } else {
            if (!existsSync(input)) {
                throw new UsageError(`${input} does not exist`);
            }
            text = readFileSync(input, "utf8");
        }
        const parsed = parseRecords(text, fields);
        if (parsed.problems.length > 0) {
            io.err(parsed.problems.map((p) => `${input === "-" ? "stdin" : input}:${p.line}: ${p.message}`).join("\n"));
            io.err(`flowlogs: ${parsed.problems.length} malformed line${parsed.problems.length === 1 ? "" : "s"}; nothing printed`);
            return EXIT.badInput;
        }
        const names = view ? new RecordNames(view) : NO_NAMES;
        if (args.flags.has("json")) {
            const records = parsed.records.map((record) => ({
                ...record,
                names: Object.fromEntries(
                    ["interface-id", "srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr", "vpc-id", "subnet-id", "instance-id"]
                        .map((field) => [field, names.nameOf(record.values[field])])
                        .filter(([, name]) => name !== undefined),
                ),
                ...(record.values["traffic-path"] && TRAFFIC_PATHS[Number(record.values["traffic-path"])] ? { trafficPath: TRAFFIC_PATHS[Number(record.values["traffic-path"])] } : {}),
            }));
            io.out(JSON.stringify({ fields: parsed.fields, records }, null, 2));
        } else if (parsed.records.length === 0) {
            io.out("no records");
        } else {
            io.out(renderTable(tableRows(parsed.records, parsed.fields, names)));
            if (parsed.fields.includes("pkt-srcaddr") || parsed.fields.includes("pkt-dstaddr")) {
                io.out(`\n${PACKET_ADDRESS_LEGEND}`);
            }
        }
        return EXIT.ok;
    } catch (error) {
        if (error instanceof UsageError || error instanceof ExportFormatError || error instanceof StackFileError || ConfigError.isConfigError(error)) {
            io.err(`flowlogs: ${error.message}`);
            return EXIT.badInput;
        }
        if (error instanceof FlowLogFormatError) {
            io.err(`flowlogs: --format: ${error.message}`);
            return EXIT.badInput;
        }
        io.err(`flowlogs: unexpected failure; this is a bug:\n${describeError(error)}`);
        return EXIT.internalError;
    }
}
