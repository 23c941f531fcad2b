import { existsSync, readFileSync } from "fs";
import { resolve } from "path";
import { networkModel, reach, ReachInputError } from "../../analysis/reach/analyze";
import { AnalysedCheck, analyseChecks, renderChecks, stackChecks } from "../../analysis/reach/checks";
import { checkQueries } from "../../analysis/flowLogs/checkQueries";
import { NetworkModel } from "../../analysis/reach/analyze";
import { renderAnswer } from "../../analysis/reach/render";
import { formatPredictedRecords, predictRecords } from "../../analysis/flowLogs/predict";
import { flowLogView } from "../../analysis/flowLogs/stackView";
import { RawConfig } from "../../config/reader";
import { didYouMean } from "../../lib/closestNames";
import { ConfigError } from "../../lib/errors";
import { RecordedResource } from "../../lib/records";
import { PROJECT_DIR, readStackConfig, StackFileError } from "../../config/stackFiles";
import { Console, describeError, EXIT, ExitCode, npmSilentNote, OptionSpec, parseArgs, PROCESS_CONSOLE, Timings, unexpectedArgument, UsageError } from "./cli";
import { configOverrides } from "./configOverrides";
import { loadProgram, Program, runStack } from "./programRunner";
import { policyResourcesOf } from "./reachModel";
import { ExportFormatError, exportedResources, readStackExport } from "./stackExport";
import { displayPath } from "./verdicts";

export const REACH_USAGE = `Usage: npm run reach -- (--stack <name> [--set key=value ...] | --export <file>)
                        (--from <source> --to <destination> [--protocol tcp|udp|icmp] [--port N] | --checks) [--json]

Answers "does this flow get through?" offline, from the stack's own resources: security
groups (stateful), network ACLs (stateless, replies included), route tables, internet and NAT
gateways, gateway and interface endpoints, PrivateLink, DNS, and S3 endpoint and bucket
policies. Prints the path hop by hop, or the rule that blocks it, or why it is unknown offline.

  --stack <name>        run the program for a stack offline, as plan does
  --set key=value       override one vpc-labs: config key for this run (repeatable; with --stack)
  --export <file>       analyse a stack export (npm run plan -- --export, or pulumi stack export)
  --from <source>       an instance, NAT gateway or EC2 Instance Connect Endpoint (Name tag,
                        resource name or ID), an IPv4 address, or internet
  --to <destination>    the same, an interface endpoint, load balancer or endpoint service, a
                        DNS name (s3.<region>.amazonaws.com, an endpoint's or NLB's DNS name),
                        or s3://<bucket> for the S3 request itself
  --protocol <p>        tcp (the default when --port is given), udp or icmp (ping; no --port)
  --port <n>            the destination port (tcp and udp; s3:// is https, 443)
  --checks              analyse every lab check with a probe; print stated vs analysed
  --json                print the answer (or the checks) as JSON

${npmSilentNote("reach")}

Exit codes: 0 the question was answered (reachable, blocked or unknown); 1 with --checks, an
analysed result is the opposite of the stated one (unknown is reported, not counted); 2 bad
input (command line, config, export, a name the stack does not have); 3 a bug.`;

export interface ReachOptions {
    readonly projectDir?: string;
    readonly program?: Program;
}

async function loadResources(args: { values: Record<string, string> }, overrides: RawConfig, options: ReachOptions): Promise<readonly RecordedResource[]> {
    if (args.values.export) {
        const file = resolve(args.values.export);
        if (!existsSync(file)) {
            throw new ExportFormatError(`stack export ${args.values.export} does not exist`);
        }
        return readStackExport(readFileSync(file, "utf8"), displayPath(file)).resources;
    }
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const stack = args.values.stack;
    readStackConfig(stack, projectDir);
    const run = await runStack(stack, projectDir, options.program ?? loadProgram(projectDir), { overrides });
    return exportedResources(run);
}

/** The options `npm run reach` takes (the docs' command check reads them too). */
export const REACH_OPTIONS: readonly OptionSpec[] = [
    { name: "stack", takesValue: true },
    { name: "export", takesValue: true },
    { name: "set", takesValue: true, repeatable: true },
    { name: "from", takesValue: true },
    { name: "to", takesValue: true },
    { name: "protocol", takesValue: true },
    { name: "port", takesValue: true },
    { name: "checks", takesValue: false },
    { name: "json", takesValue: false },
    { name: "timings", takesValue: false },
    { name: "help", takesValue: false },
];

/** `npm run reach`: one reachability question, or every lab check. Returns the exit code. */
export async function main(argv: readonly string[], io: Console = PROCESS_CONSOLE, options: ReachOptions = {}): Promise<ExitCode> {
    let args;
    let overrides: RawConfig;
    let protocol: "tcp" | "udp" | "icmp";
    let port: number | undefined;
    try {
        args = parseArgs(argv, REACH_OPTIONS);
        if (args.flags.has("help")) {
            io.out(REACH_USAGE);
            return EXIT.ok;
        }
        if (args.positional.length > 0) {
            throw unexpectedArgument(args.positional[0], REACH_OPTIONS);
        }
        if (!args.values.stack === !args.values.export) {
            throw new UsageError("name either --stack or --export");
        }
        if (args.values.export && args.lists.set) {
            throw new UsageError("--set changes the program's config; it needs --stack, not --export");
        }
        const question = args.values.from !== undefined || args.values.to !== undefined;
        if (args.flags.has("checks") === question) {
            throw new UsageError(question ? "--checks analyses the lab's own checks; leave out --from and --to" : "ask a question with --from and --to, or use --checks");
        }
        if (question && (!args.values.from || !args.values.to)) {
            throw new UsageError("--from and --to go together");
        }
        if (question && args.values.protocol === undefined && args.values.port === undefined && !args.values.to?.startsWith("s3://")) {
            throw new UsageError("say which traffic to test: --port N for tcp (22 for SSH, 443 for HTTPS), --protocol udp --port N, or --protocol icmp (ping, no port)");
        }
        // A --port alone means tcp, as for ssh and curl.
        const p = args.values.protocol ?? "tcp";
        if (p !== "tcp" && p !== "udp" && p !== "icmp") {
            throw new UsageError(`--protocol must be tcp, udp or icmp; got ${p}${didYouMean(p, ["tcp", "udp", "icmp"])}`);
        }
        protocol = p;
        if (args.values.port !== undefined) {
            port = Number(args.values.port);
            if (protocol === "icmp") {
                throw new UsageError("--port is for tcp and udp; icmp has no ports");
            }
            if (!Number.isInteger(port) || port < 1 || port > 65535) {
                throw new UsageError(`--port must be a whole number 1-65535; got ${args.values.port}`);
            }
        } else if (question && protocol !== "icmp" && !args.values.to?.startsWith("s3://")) {
            throw new UsageError(`--port is required for ${protocol} (e.g. --port 443); for ping, use --protocol icmp, which has no port`);
        }
        overrides = configOverrides(args.lists.set ?? []);
    } catch (error) {
        io.err(`reach: ${(error as Error).message}\n\n${REACH_USAGE}`);
        return EXIT.badInput;
    }
    const json = args.flags.has("json");
    const timings = new Timings(args.flags.has("timings") ? io : undefined);
    try {
        const resources = await loadResources(args, overrides, options);
        timings.mark(args.values.export ? "reading the export" : "running the program");
        const model = networkModel(policyResourcesOf(resources));
        timings.mark("indexing the network");
        if (args.flags.has("checks")) {
            const rows = analyseChecks(model);
            timings.mark("analysing the checks");
            io.out(json ? JSON.stringify({ checks: withFlowLogs(rows, model) }, null, 2) : renderChecks(rows).join("\n"));
            timings.print();
            return rows.some((r) => r.differs) ? EXIT.mandatoryViolation : EXIT.ok;
        }
        const answer = reach(model, { from: args.values.from, to: args.values.to, protocol, port });
        timings.mark("answering");
        // What the stack's flow logs will record of this flow, under the path (issue 12).
        const flowLogRecords = predictRecords(answer, flowLogView(model.index));
        timings.mark("predicting flow-log records");
        io.out(json ? JSON.stringify({ ...answer, flowLogRecords }, null, 2) : [...renderAnswer(answer), formatPredictedRecords(flowLogRecords)].join("\n"));
        timings.print();
        return EXIT.ok;
    } catch (error) {
        if (ConfigError.isConfigError(error) || error instanceof StackFileError || error instanceof ExportFormatError || error instanceof ReachInputError) {
            io.err(error instanceof ReachInputError ? `reach: ${error.message}` : error.message);
            if (json) {
                io.out(JSON.stringify({ error: { kind: error.name, message: error.message } }, null, 2));
            }
            return EXIT.badInput;
        }
        io.err(`reach: unexpected failure; this is a bug:\n${describeError(error)}`);
        return EXIT.internalError;
    }
}

/**
 * The analysed checks with what the flow logs show of each (issue 12): the records the analysed
 * flow leaves, and the Logs Insights or Athena query per flow log that finds them.
 */
function withFlowLogs(rows: readonly AnalysedCheck[], model: NetworkModel) {
    const view = flowLogView(model.index);
    const checks = stackChecks(model);
    return rows.map((row) => {
        const check = checks.find((c) => c.lab === row.lab && c.id === row.id);
        return {
            ...row,
            flowLogRecords: row.answer ? predictRecords(row.answer, view) : [],
            flowLogQueries: check ? checkQueries(check, view) : [],
        };
    });
}
