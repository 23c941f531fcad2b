import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { excerpt } from "../../lib/errors";

/**
 * The JSON Schema keywords this pack's config schemas use, and so the ones
 * {@link schemaErrors} checks. A test keeps every schema of the pack inside this set: a
 * keyword the validator ignored would let a config pass here that the CLI rejects.
 */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
    "type",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "items",
    "minItems",
    "uniqueItems",
    "default",
    "description",
]);

/**
 * The ways `value` breaks `schema`, for the subset of JSON Schema in {@link SUPPORTED_KEYWORDS};
 * the Pulumi CLI validates the merged policy config the same way (with gojsonschema) before
 * it starts a preview.
 */
export function schemaErrors(schema: PolicyConfigJSONSchema, value: unknown, path: string): string[] {
    if (schema.type !== undefined && !(Array.isArray(schema.type) ? schema.type : [schema.type]).some((type) => hasType(value, type))) {
        return [`${path}: must be of type ${String(schema.type)}, got ${excerpt(JSON.stringify(value))}`];
    }
    const errors: string[] = [];
    if (schema.enum !== undefined && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
        errors.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${excerpt(JSON.stringify(value))}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) {
            errors.push(`${path}: must be at least ${schema.minimum}, got ${value}`);
        }
        if (schema.maximum !== undefined && value > schema.maximum) {
            errors.push(`${path}: must be at most ${schema.maximum}, got ${value}`);
        }
    }
    if (typeof value === "string" && schema.minLength !== undefined && value.length < schema.minLength) {
        errors.push(`${path}: must be at least ${schema.minLength} characters long`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) {
            errors.push(`${path}: must have at least ${schema.minItems} items, got ${value.length}`);
        }
        if (schema.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) {
            errors.push(`${path}: items must be unique`);
        }
        const items = schema.items;
        if (items !== undefined && typeof items === "object" && !Array.isArray(items)) {
            value.forEach((item, i) => errors.push(...schemaErrors(items, item, `${path}[${i}]`)));
        }
    }
    return errors;
}

function hasType(value: unknown, type: string): boolean {
    switch (type) {
        case "integer":
            return Number.isInteger(value);
        case "number":
            return typeof value === "number";
        case "array":
            return Array.isArray(value);
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        case "null":
            return value === null;
        default:
            return typeof value === type;
    }
}

/** The keywords a schema (and its item schemas) uses, for checking against {@link SUPPORTED_KEYWORDS}. */
export function keywordsOf(schema: PolicyConfigJSONSchema): string[] {
    const items = schema.items;
    const nested = items !== undefined && typeof items === "object" && !Array.isArray(items) ? keywordsOf(items) : [];
    return [...Object.keys(schema), ...nested];
}
