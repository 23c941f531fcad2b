import { existsSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { Document, parseDocument, Scalar } from "yaml";
import { expiryInstant, isClassName, isStudentName } from "../config/classroom";
import { qualified } from "../config/keys";
import { UsageError } from "../offline/plan/cli";
import { choosePolicyConfig } from "../offline/plan/policyConfigChoice";
import { PROJECT_DIR } from "../config/stackFiles";
import { offlineStackConfig } from "../offline/validatedStack";

export interface InitOptions {
    readonly projectDir?: string;
    /** The stack whose file the students' files copy. */
    readonly from: string;
    readonly students: number;
    /** Stack names are `<prefix>-01` ...; also the class name unless one is given. @default "student" */
    readonly prefix?: string;
    /** @default the prefix */
    readonly classroom?: string;
    /** The Student tag values in order; @default the stack names */
    readonly names?: readonly string[];
    /** ISO 8601 date or UTC time. @default seven days after `today` */
    readonly expiresAt?: string;
    /** Overwrite student stack files that exist. @default false */
    readonly force?: boolean;
    /** @default now */
    readonly today?: Date;
}

export interface InitResult {
    readonly stacks: readonly string[];
    readonly files: readonly string[];
    readonly classroom: string;
    readonly expiresAt: string;
    /** The policy config every student stack names, relative to the project; undefined: the pack's defaults. */
    readonly policyConfig?: string;
}

/**
 * Sets a config key as a double-quoted string: YAML readers would otherwise take a date for a
 * timestamp and a name like `no` or `0123` for a boolean or a number.
 */
function setQuoted(doc: Document, key: string, value: string): void {
    const node = new Scalar(value);
    node.type = Scalar.QUOTE_DOUBLE;
    doc.setIn(["config", qualified(key)], node);
}

const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;
const MAX_STUDENTS = 500;

/** `student-01` ... with the number padded to the width of the class size (at least two digits). */
export function studentStackNames(prefix: string, students: number): string[] {
    const width = Math.max(2, String(students).length);
    return Array.from({ length: students }, (_, i) => `${prefix}-${String(i + 1).padStart(width, "0")}`);
}

function relativePolicyConfig(from: string, projectDir: string): string | undefined {
    const file = choosePolicyConfig(from, projectDir).file;
    return file === undefined ? undefined : file.slice(projectDir.length + 1).split("\\").join("/");
}

/**
 * Writes one stack file per student, `Pulumi.<prefix>-NN.yaml`, each a copy of the source
 * stack's file (comments kept) with the student's name, the expiry, the class and the source
 * stack's policy config set. Each is a normal stack: `pulumi up --stack student-01` works
 * without this tool. Every file is validated as the program would validate it before any is
 * written, and existing files are never overwritten without `force`.
 */
export function initClass(options: InitOptions): InitResult {
    const projectDir = options.projectDir ?? PROJECT_DIR;
    const prefix = options.prefix ?? "student";
    const classroom = options.classroom ?? prefix;
    if (!Number.isInteger(options.students) || options.students < 1 || options.students > MAX_STUDENTS) {
        throw new UsageError(`--students must be a whole number from 1 to ${MAX_STUDENTS}; got ${options.students}`);
    }
    if (!STACK_NAME.test(prefix) || prefix.endsWith("-")) {
        throw new UsageError(`--prefix "${prefix}" must be lowercase letters, digits and dashes (at most 31), so stack names stay valid`);
    }
    if (!isClassName(classroom)) {
        throw new UsageError(`--classroom "${classroom}" must be lowercase letters, digits and dashes (at most 40)`);
    }
    const sourceFile = join(projectDir, `Pulumi.${options.from}.yaml`);
    if (!existsSync(sourceFile)) {
        throw new UsageError(`--from ${options.from}: there is no Pulumi.${options.from}.yaml in ${projectDir}`);
    }
    const today = options.today ?? new Date();
    const expiresAt = options.expiresAt ?? new Date(today.getTime() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    if (!expiryInstant(expiresAt)) {
        throw new UsageError(`--expires "${expiresAt}" is not an ISO 8601 date or UTC time; write it like 2026-12-31 or 2026-12-31T18:00:00Z`);
    }
    const stacks = studentStackNames(prefix, options.students);
    if (stacks.includes(options.from)) {
        throw new UsageError(`--from ${options.from} is one of the student stacks it would write`);
    }
    const names = options.names ?? stacks;
    if (names.length !== stacks.length) {
        throw new UsageError(`--names lists ${names.length} names for ${stacks.length} students`);
    }
    const badName = names.find((name) => !isStudentName(name));
    if (badName !== undefined) {
        throw new UsageError(`student name "${badName}" is not usable as a tag value (letters, digits, spaces and . _ - @ +, at most 64)`);
    }
    const existing = stacks.filter((stack) => existsSync(join(projectDir, `Pulumi.${stack}.yaml`)));
    if (existing.length > 0 && !options.force) {
        throw new UsageError(`${existing.map((s) => `Pulumi.${s}.yaml`).join(", ")} already exist; pass --force to overwrite them, or choose another --prefix`);
    }
    const policyConfig = relativePolicyConfig(options.from, projectDir);
    const source = readFileSync(sourceFile, "utf8");
    const texts = stacks.map((stack, i) => {
        const doc = parseDocument(source);
        doc.commentBefore = ` Student stack ${stack} of class ${classroom}, made from Pulumi.${options.from}.yaml by \`npm run classroom -- init\`.\n${doc.commentBefore ?? ""}`.trimEnd();
        setQuoted(doc, "student", names[i]);
        setQuoted(doc, "expiresAt", expiresAt);
        setQuoted(doc, "classroom", classroom);
        if (policyConfig !== undefined) {
            setQuoted(doc, "policyConfig", policyConfig);
        }
        return doc.toString({ lineWidth: 0 });
    });
    // Validate every file as the program would before writing any: a class is written whole or not at all.
    const files = stacks.map((stack) => join(projectDir, `Pulumi.${stack}.yaml`));
    const previous = files.map((file) => (existsSync(file) ? readFileSync(file, "utf8") : undefined));
    try {
        files.forEach((file, i) => writeFileSync(file, texts[i]));
        stacks.forEach((stack) => offlineStackConfig(stack, projectDir));
    } catch (error) {
        files.forEach((file, i) => (previous[i] === undefined ? rmSync(file, { force: true }) : writeFileSync(file, previous[i]!)));
        throw error;
    }
    return { stacks, files, classroom, expiresAt, ...(policyConfig !== undefined ? { policyConfig } : {}) };
}
