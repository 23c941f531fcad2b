import { existsSync, readFileSync } from "fs";
import { resolve } from "path";
import { ConfigError } from "../../lib/errors";
import { DEFAULT_FORMAT_FIELDS, effectiveFields, TRAFFIC_PATHS } from "../../labs/flowLogs/fields";
import { NO_NAMES, RecordNames, viewOfResources } from "../../analysis/flowLogs/names";
import { FlowLogFormatError, FlowLogRecord, parseFormat, parseRecords } from "../../analysis/flowLogs/records";
import { StackFlowLogView } from "../../analysis/flowLogs/stackView";
import { Console, describeError, EXIT, ExitCode, parseArgs, PROCESS_CONSOLE, UsageError } from "../plan/cli";
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

/** The table's rows: one per record, the fields users read, IDs and addresses with their names. */
function tableRows(records: readonly FlowLogRecord[], fields: readonly string[], names: RecordNames): string[][] {
    const has = (field: string) => fields.includes(field);
    const columns: [string, (r: FlowLogRecord) => string][] = [
        ["line", (r) => String(r.line)],
        ...(has("start") ? [["start", (r: FlowLogRecord) => (/^\d+$/.test(r.values.start) ? new Date(Number(r.values.start) * 1000).toISOString().replace(".000Z", "Z") : r.values.start)] as [string, (r: FlowLogRecord) => string]] : []),
        ...(has("interface-id") ? [["interface", (r: FlowLogRecord) => names.label(r.values["interface-id"])] as [string, (r: FlowLogRecord) => string]] : []),
        ["source", (r) => [names.label(r.values.srcaddr), r.values.srcport && r.values.srcport !== "-" && r.values.protocol !== "1" ? `:${r.values.srcport}` : ""].join("")],
        ["destination", (r) => [names.label(r.values.dstaddr), r.values.dstport && r.values.dstport !== "-" && r.values.protocol !== "1" ? `:${r.values.dstport}` : ""].join("")],
        ...(has("protocol") ? [["protocol", (r: FlowLogRecord) => PROTOCOLS[r.values.protocol] ?? r.values.protocol] as [string, (r: FlowLogRecord) => string]] : []),
        ...(["action", "flow-direction", "traffic-path", "pkt-dst-aws-service", "packets", "bytes", "log-status"] as const)
            .filter(has)
            .map((field): [string, (r: FlowLogRecord) => string] => [field === "flow-direction" ? "direction" : field, (r) => r.values[field]]),
    ];
    return [columns.map(([title]) => title), ...records.map((record) => columns.map(([, cell]) => cell(record) || "-"))];
}

function renderTable(rows: readonly string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

/** `npm run flowlogs -- parse`. Returns the exit code. */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: FlowLogsOptions = {}): Promise<ExitCode> {
    let args;
    try {
        args = parseArgs(argv, [
            { name: "format", takesValue: true },
            { name: "stack", takesValue: true },
            { name: "export", takesValue: true },
            { name: "json", takesValue: false },
            { name: "help", takesValue: false },
        ]);
        if (args.flags.has("help")) {
            io.out(FLOWLOGS_USAGE);
            return EXIT.ok;
        }
        const [command, ...inputs] = args.positional;
        if (command !== "parse") {
            throw new UsageError(command === undefined ? "name a command: parse" : `unknown command ${command}; the command is parse`);
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
