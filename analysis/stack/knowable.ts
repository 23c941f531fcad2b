// Exported by @pulumi/policy at runtime (its index re-exports it) though its typings omit it.
import { UnknownValueError } from "@pulumi/policy";

/**
 * During `pulumi preview` some values (IDs, ARNs, values computed by `apply`) are not known
 * yet. @pulumi/policy hands policies a proxy that throws `UnknownValueError` when such a value
 * is read, and the CLI turns an escaped error into a "can't run during preview" warning.
 * The rules instead copy props once into plain data where unknown values are this marker,
 * so each check can decide for itself: an unknowable value is never a violation.
 */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

/** A value as a rule sees it: itself, or {@link UNKNOWN} anywhere it could not be known. */
export type Knowable<T> = T extends string | number | boolean | null | undefined
    ? T | Unknown
    : T extends readonly (infer U)[]
      ? Knowable<U>[] | Unknown
      : T extends object
        ? { [K in keyof T]?: Knowable<T[K]> } | Unknown
        : T | Unknown;

/** A resource's props as a rule sees them: every property optional and possibly unknown. */
export type KnowableProps<T> = { [K in keyof T]?: Knowable<T[K]> };

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN;
}

/** Reads `container[key]`, answering {@link UNKNOWN} where the policy proxy refuses. */
function readKnowable(container: unknown, key: string | number): unknown {
    try {
        return toKnowable((container as Record<string | number, unknown>)[key]);
    } catch (error) {
        if (error instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw error;
    }
}

/**
 * A plain deep copy of a value read through @pulumi/policy's unknown-checking proxy (or of a
 * plain value), with unknown values replaced by {@link UNKNOWN}.
 */
export function toKnowable(value: unknown): unknown {
    if (value === null || typeof value !== "object") {
        return value;
    }
    if (Array.isArray(value)) {
        const copy: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            copy.push(readKnowable(value, i));
        }
        return copy;
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
        // Assets, archives and secrets keep their class; rules read only plain data.
        return value;
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        copy[key] = readKnowable(value, key);
    }
    return copy;
}

/** {@link toKnowable} for a whole props bag. */
export function knowableProps<T>(props: unknown): KnowableProps<T> {
    const copy = toKnowable(props);
    return (copy !== null && typeof copy === "object" ? copy : {}) as KnowableProps<T>;
}

/** The value when it is a string; undefined when absent, unknown or of another type. */
export function knownString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** The value as a list: [] when absent, {@link UNKNOWN} when the list itself is unknown. */
export function knowableList(value: unknown): unknown[] | Unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}

/** Three-valued OR: true if any is true, else unknown if any is unknown, else false. */
export function anyOf(values: readonly (boolean | Unknown)[]): boolean | Unknown {
    if (values.includes(true)) {
        return true;
    }
    return values.some(isUnknown) ? UNKNOWN : false;
}

/** Three-valued AND: false if any is false, else unknown if any is unknown, else true. */
export function allOf(values: readonly (boolean | Unknown)[]): boolean | Unknown {
    if (values.includes(false)) {
        return false;
    }
    return values.some(isUnknown) ? UNKNOWN : true;
}
