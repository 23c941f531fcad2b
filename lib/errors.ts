import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with the input: the key it is about, the rule it breaks and how to fix it. */
export interface Problem {
    /** The config key or argument path, e.g. `vpc-labs:bastionSsmOperatorCidr` or `subnets[2].cidrBlock`. */
    readonly key: string;
    /** What is wrong, stated as the rule that was broken. */
    readonly rule: string;
    /** What to do about it. */
    readonly fix: string;
}

/** Something problems can be reported to. */
export interface Reporter {
    report(key: string, rule: string, fix: string): void;
}

/** Collects problems in the order they are found. */
export class ProblemList implements Reporter {
    readonly problems: Problem[] = [];

    report(key: string, rule: string, fix: string): void {
        this.problems.push({ key, rule, fix });
    }
}

/** Formats one problem as the single line users see. */
export function formatProblem(problem: Problem): string {
    // Keys are the program's own; the one place a user's key is reported (an unknown key) cuts it there.
    return `${problem.key}: ${problem.rule}; ${problem.fix}`;
}

/**
 * Thrown when configuration or component arguments are invalid, before any resource is
 * registered. It lists every problem at once, so a user fixes them in one pass.
 *
 * It extends `pulumi.RunError` so the Pulumi CLI prints the message without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
    readonly problems: readonly Problem[];

    constructor(subject: string, problems: readonly Problem[]) {
        const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
        super(`${subject} has ${count}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
        this.name = "ConfigError";
        this.problems = problems;
    }

    /** True for a ConfigError, also across copies of this module (mocha and tsx may load it twice). */
    static isConfigError(error: unknown): error is ConfigError {
        return error instanceof Error && error.name === "ConfigError" && Array.isArray((error as ConfigError).problems);
    }
}

/** Throws a ConfigError when there are problems; returns otherwise. */
export function throwIfProblems(subject: string, problems: readonly Problem[]): void {
    if (problems.length > 0) {
        throw new ConfigError(subject, problems);
    }
}

/** The most characters of a user's value a message repeats; longer values are cut. */
export const MAX_SHOWN_CHARACTERS = 80;

function textOf(value: unknown): string {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function cutLength(text: string): string {
    return `(${text.length.toLocaleString("en-US")} characters)`;
}

/**
 * A user's value as a message shows it: in full when short, else its first
 * {@link MAX_SHOWN_CHARACTERS} characters, an ellipsis and its length, so a pasted file or a
 * megabyte of YAML cannot flood the terminal. Non-strings are shown as JSON.
 */
export function excerpt(value: unknown): string {
    const text = textOf(value);
    return text.length <= MAX_SHOWN_CHARACTERS ? text : `${text.slice(0, MAX_SHOWN_CHARACTERS)}… ${cutLength(text)}`;
}

/** {@link excerpt} in double quotes, the way messages quote a value: `"abc"`, or `"abc…" (9,000 characters)`. */
export function quoted(value: unknown): string {
    const text = textOf(value);
    return text.length <= MAX_SHOWN_CHARACTERS ? `"${text}"` : `"${text.slice(0, MAX_SHOWN_CHARACTERS)}…" ${cutLength(text)}`;
}
