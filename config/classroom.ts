import { ConfigReader } from "./reader";

/** The classroom settings of a stack: whose it is, until when, and which class it belongs to. */
export interface ClassroomSettings {
    /** The Student tag value; undefined: no Student tag. */
    readonly student?: string;
    /** The ExpiresAt tag value, ISO 8601 as written; undefined: no expiry. */
    readonly expiresAt?: string;
    /** The class name; stacks of one class in one Region are counted together by the quota preflight. */
    readonly name?: string;
}

/**
 * A student name that is also a valid AWS tag value everywhere the labs put it (EC2, IAM, S3,
 * ELB and CloudWatch Logs all accept letters, digits, spaces and `_ . : / = + - @`): no
 * leading or trailing space, at most 64 characters so Cost Explorer groups stay readable.
 */
const STUDENT = /^[\p{L}\p{N}](?:[\p{L}\p{N} ._@+-]{0,62}[\p{L}\p{N}._@+-])?$/u;
/** A class name: used in stack names and file names, so lowercase letters, digits and dashes. */
const CLASS_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/;

/**
 * The instant an ISO 8601 expiry means, or undefined when it is not one: a date (the end of
 * that day, UTC, so "2026-12-31" lasts through the 31st) or a UTC date-time with `Z`.
 * Impossible dates (2026-02-30) are refused rather than rolled over.
 */
export function expiryInstant(text: string): Date | undefined {
    const date = DATE.exec(text);
    const dateTime = DATE_TIME.exec(text);
    const parts = (date ?? dateTime)?.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
    if (!parts) {
        return undefined;
    }
    const [year, month, day, hour = 0, minute = 0, second = 0] = parts;
    const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const exact = at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
    if (!exact) {
        return undefined;
    }
    return date ? new Date(at.getTime() + 24 * 3600 * 1000 - 1000) : at;
}

/** True when a student name is usable as a tag value and a readable label. */
export function isStudentName(text: string): boolean {
    return STUDENT.test(text);
}

/** True when a class name is usable in stack and file names. */
export function isClassName(text: string): boolean {
    return CLASS_NAME.test(text);
}

/** Reads the classroom keys, reporting every value that cannot be used. */
export function readClassroom(reader: ConfigReader): ClassroomSettings {
    const student = reader.string("student");
    const expiresAt = reader.string("expiresAt");
    const name = reader.string("classroom");
    if (student !== "" && !isStudentName(student)) {
        reader.report(
            "student",
            `"${student}" is not a usable student name (letters, digits, spaces and . _ - @ +, starting with a letter or digit, at most 64)`,
            'write it like "Kim Minji" or "student-07"',
        );
    }
    if (expiresAt !== "" && !expiryInstant(expiresAt)) {
        reader.report("expiresAt", `"${expiresAt}" is not an ISO 8601 date or UTC time`, "write it like 2026-12-31 or 2026-12-31T18:00:00Z");
    }
    if (name !== "" && !isClassName(name)) {
        reader.report("classroom", `"${name}" is not a class name (lowercase letters, digits and dashes, at most 40)`, "write it like vpc-2026-spring");
    }
    return {
        ...(student !== "" ? { student } : {}),
        ...(expiresAt !== "" ? { expiresAt } : {}),
        ...(name !== "" ? { name } : {}),
    };
}

/** Where a stack file may point its policy config: a JSON file inside the project. */
export function readPolicyConfigPath(reader: ConfigReader): string | undefined {
    const path = reader.string("policyConfig");
    if (path === "") {
        return undefined;
    }
    const parts = path.split(/[\\/]/);
    if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || parts.includes("..") || !path.endsWith(".json")) {
        reader.report("policyConfig", `"${path}" is not a JSON file inside the project`, "give a path relative to the project, e.g. policy/config.lab.json");
        return undefined;
    }
    return path;
}
