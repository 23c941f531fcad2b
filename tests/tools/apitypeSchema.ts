import Ajv2020, { ErrorObject } from "ajv/dist/2020";
import { readFileSync } from "fs";
import { join } from "path";

/** Pulumi's own JSON Schemas of a stack export, vendored with their source in SOURCE.md. */
const SCHEMA_DIR = join(__dirname, "..", "fixtures", "apitype");

function schema(file: string): Record<string, unknown> {
    return JSON.parse(readFileSync(join(SCHEMA_DIR, file), "utf8")) as Record<string, unknown>;
}

/**
 * Fields `ResourceV3` in pulumi/pulumi sdk/go/common/apitype/core.go writes that the published
 * resources.json does not list yet; without them a real export of a stack that retains data
 * on delete would fail Pulumi's own schema. Types as core.go declares them.
 */
const CORE_GO_RESOURCE_FIELDS: Readonly<Record<string, unknown>> = {
    retainOnDelete: { type: "boolean" },
    deletedWith: { type: "string" },
    created: { type: "string", format: "date-time" },
    modified: { type: "string", format: "date-time" },
    sourcePosition: { type: "string" },
    ignoreChanges: { type: "array", items: { type: "string" } },
    replaceOnChanges: { type: "array", items: { type: "string" } },
};

/** RFC 3339 date-time, the format Go's time.Time marshals to. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * property-values.json names its own root with `$anchor: "property_value"`; Ajv resolves
 * anchors below a schema's root only, so references to that anchor are pointed at the root
 * (`#`), the same schema.
 */
function rootAnchorToPointer(value: unknown, anchor: string): unknown {
    if (Array.isArray(value)) {
        return value.map((item) => rootAnchorToPointer(item, anchor));
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === "$ref" && item === `#${anchor}` ? "#" : rootAnchorToPointer(item, anchor)]));
}

function compile(): (document: unknown) => boolean {
    const propertyValues = schema("property-values.json");
    const anchor = String(propertyValues.$anchor);
    delete propertyValues.$anchor;
    const resources = schema("resources.json");
    const defs = resources.$defs as { resourceV3: { properties: Record<string, unknown> } };
    defs.resourceV3.properties = { ...defs.resourceV3.properties, ...CORE_GO_RESOURCE_FIELDS };
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addFormat("date-time", (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));
    ajv.addFormat("uri", (value: string) => URL.canParse(value));
    ajv.addSchema(rootAnchorToPointer(propertyValues, anchor) as Record<string, unknown>);
    ajv.addSchema(resources);
    const validate = ajv.compile(schema("deployments.json"));
    return (document: unknown) => {
        const valid = validate(document);
        lastErrors = validate.errors ?? [];
        return valid;
    };
}

let validator: ((document: unknown) => boolean) | undefined;
let lastErrors: ErrorObject[] = [];

/**
 * Why a document is not a deployment Pulumi's schema accepts: one line per schema error
 * (`/deployment/resources/3/propertyDependencies/vpcId: must be array`), none when it is valid.
 * oneOf branches report every alternative; the lines are deduplicated, at most `limit`.
 */
export function deploymentSchemaErrors(document: unknown, limit = 20): string[] {
    validator ??= compile();
    if (validator(document)) {
        return [];
    }
    const lines = [...new Set(lastErrors.map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`))];
    return lines.slice(0, limit);
}
