/**
 * What the `plan` and `policy` commands share: exit codes, argument parsing and where their
 * text goes. Commands take a {@link Console} so tests run them in-process and read the lines.
 */
import { didYouMean } from "../../lib/closestNames";
import { excerpt } from "../../lib/errors";

/** Exit codes of `plan` and `policy`, as documented in the README. */
export const EXIT = {
    /** No mandatory policy violation. */
    ok: 0,
    /** At least one mandatory policy violation. */
    mandatoryViolation: 1,
    /** The stack config (or the command line, a stack file, an export, a policy config) is not usable. */
    badInput: 2,
    /** The program or a tool failed in a way that is not the user's input: a bug to report. */
    internalError: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a command writes: standard output for results, standard error for diagnostics. */
export interface Console {
    out(text: string): void;
    err(text: string): void;
}

/** The process's own streams. */
export const PROCESS_CONSOLE: Console = {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

/** A console that keeps what was written, for tests. */
export class BufferConsole implements Console {
    readonly stdout: string[] = [];
    readonly stderr: string[] = [];
    out(text: string): void {
        this.stdout.push(text);
    }
    err(text: string): void {
        this.stderr.push(text);
    }
    get outText(): string {
        return this.stdout.join("\n");
    }
    get errText(): string {
        return this.stderr.join("\n");
    }
}

/** A command line that cannot be run as given; exit code 2 with the usage text. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** How an option is written and whether it takes a value. */
export interface OptionSpec {
    readonly name: string;
    readonly takesValue: boolean;
    /** The option may be given more than once (`--set a=1 --set b=2`); its values land in `lists`. @default false */
    readonly repeatable?: boolean;
}

export interface ParsedArgs {
    /** Values of options that take one, by option name (without dashes). */
    readonly values: Readonly<Record<string, string>>;
    /** Flags that were given. */
    readonly flags: ReadonlySet<string>;
    readonly positional: readonly string[];
    /** Values of repeatable options, in order. */
    readonly lists: Readonly<Record<string, readonly string[]>>;
}

/**
 * Parses `--name value`, `--name=value` and `--flag`. Unknown options, missing values and
 * repeated options are usage errors, so a typo never silently changes what runs.
 */
export function parseArgs(argv: readonly string[], options: readonly OptionSpec[]): ParsedArgs {
    const byName = new Map(options.map((o) => [o.name, o]));
    const values: Record<string, string> = {};
    const flags = new Set<string>();
    const positional: string[] = [];
    const lists: Record<string, string[]> = {};
    const seen = new Set<string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--") {
            positional.push(...argv.slice(i + 1));
            break;
        }
        if (!arg.startsWith("--") || arg === "--") {
            positional.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const name = arg.slice(2, eq === -1 ? undefined : eq);
        const spec = byName.get(name);
        if (!spec) {
            throw new UsageError(`unknown option --${excerpt(name)}${didYouMean(`--${name}`, options.map((o) => `--${o.name}`))}`);
        }
        if (seen.has(name) && !spec.repeatable) {
            throw new UsageError(`--${name} is given twice`);
        }
        seen.add(name);
        if (!spec.takesValue) {
            if (eq !== -1) {
                throw new UsageError(`--${name} takes no value`);
            }
            flags.add(name);
            continue;
        }
        const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) {
            throw new UsageError(`--${name} needs a value`);
        }
        if (spec.repeatable) {
            (lists[name] ??= []).push(value);
        } else {
            values[name] = value;
        }
    }
    return { values, flags, positional, lists };
}

/**
 * The error for a positional argument a command does not take. Under `npm run plan --stack lab`
 * (no `--`), npm keeps `--stack` as its own config (it sets `npm_config_stack=true`, a flag
 * with no value) and passes only `lab`: the message says so and gives the command line that works.
 */
export function unexpectedArgument(argument: string, options: readonly OptionSpec[], context: { readonly command?: string; readonly env?: NodeJS.ProcessEnv } = {}): UsageError {
    const env = context.env ?? process.env;
    const script = env.npm_lifecycle_event;
    const eaten = options.filter((o) => o.takesValue && env[`npm_config_${o.name.replace(/-/g, "_")}`] === "true").map((o) => `--${o.name}`);
    if (script && eaten.length > 0) {
        return new UsageError(`npm passed \`${excerpt(argument)}\` without \`${eaten[0]}\`: npm keeps the options before \`--\` for itself; run \`npm run ${script} -- ${context.command ? `${context.command} ` : ""}${eaten[0]} ${excerpt(argument)}\``);
    }
    return new UsageError(`unexpected argument ${excerpt(argument)}`);
}

/** The sentence every tool's usage text gives about `--json` under npm, whose banner goes to standard output too. */
export function npmSilentNote(tool: string): string {
    return `For output a program reads (--json), run npm run -s ${tool} -- ...: without -s, npm prints its\n"> vpc-labs@0.1.0 ${tool}" banner on standard output first.`;
}

/**
 * Under `npm run` without `-s`, npm has already printed its `> vpc-labs@0.1.0 plan` banner on
 * standard output, so the JSON that follows does not parse: say so on standard error, with the
 * command that gives JSON alone. Nothing outside npm or under `npm run -s` (loglevel silent).
 */
export function warnNpmBanner(argv: readonly string[], io: Console, env: NodeJS.ProcessEnv = process.env): void {
    const script = env.npm_lifecycle_event;
    if (argv.includes("--json") && script && env.npm_config_loglevel !== "silent") {
        io.err(`note: npm printed its "> ${env.npm_package_name ?? "vpc-labs"}@${env.npm_package_version ?? ""} ${script}" banner on standard output before this JSON; run npm run -s ${script} -- ... for JSON alone`);
    }
}

/** The message of an error, with its stack trace only when it is not one of ours. */
export function describeError(error: unknown): string {
    if (error instanceof Error) {
        return error.stack ?? `${error.name}: ${error.message}`;
    }
    return String(error);
}

/** Phase durations for `--timings`; the first phase runs from process start (module loading). */
export class Timings {
    private readonly phases: [string, number][] = [["start-up and module loading", performance.now()]];
    private last = performance.now();

    constructor(private readonly io: Console | undefined) {}

    mark(phase: string): void {
        const now = performance.now();
        this.phases.push([phase, now - this.last]);
        this.last = now;
    }

    print(): void {
        if (this.io) {
            const total = this.phases.reduce((sum, [, ms]) => sum + ms, 0);
            this.io.err(this.phases.map(([phase, ms]) => `${(ms / 1000).toFixed(2).padStart(6)} s  ${phase}`).concat(`${(total / 1000).toFixed(2).padStart(6)} s  total`).join("\n"));
        }
    }
}
