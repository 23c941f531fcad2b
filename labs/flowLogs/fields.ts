import { FLOW_LOG_FIELDS } from "../../lib/flowLogFields";

/**
 * What each documented flow log field holds, so records can be checked, parsed into typed
 * values, queried (Logs Insights, Athena) and generated. Values and types follow the AWS
 * field table (the Parquet data type column).
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html#flow-logs-fields
 */

/** The AWS default format: every version 2 field, in the documented order. */
export const DEFAULT_FORMAT_FIELDS: readonly string[] = Object.entries(FLOW_LOG_FIELDS)
    .filter(([, version]) => version === 2)
    .map(([field]) => field);

/** The fields a flow log writes: its custom list, or the default format when the list is empty. */
export function effectiveFields(fields: readonly string[]): readonly string[] {
    return fields.length > 0 ? fields : DEFAULT_FORMAT_FIELDS;
}

/** The documented `traffic-path` values (egress records only; `-` otherwise). */
export const TRAFFIC_PATHS: Readonly<Record<number, string>> = {
    1: "through another resource in the same VPC, including resources that create a network interface in the VPC",
    2: "through an internet gateway or a gateway VPC endpoint",
    3: "through a virtual private gateway",
    4: "through an intra-region VPC peering connection",
    5: "through an inter-region VPC peering connection",
    6: "through a local gateway",
    7: "through a gateway VPC endpoint (Nitro-based instances only)",
    8: "through an internet gateway (Nitro-based instances only)",
};

/** The documented `pkt-src-aws-service` / `pkt-dst-aws-service` values. */
export const AWS_SERVICE_CODES: readonly string[] = [
    "AMAZON", "AMAZON_APPFLOW", "AMAZON_CONNECT", "API_GATEWAY", "CHIME_MEETINGS", "CHIME_VOICECONNECTOR", "CLOUD9",
    "CLOUDFRONT", "CODEBUILD", "DYNAMODB", "EBS", "EC2", "EC2_INSTANCE_CONNECT", "GLOBALACCELERATOR",
    "KINESIS_VIDEO_STREAMS", "ROUTE53", "ROUTE53_HEALTHCHECKS", "ROUTE53_HEALTHCHECKS_PUBLISHING", "ROUTE53_RESOLVER",
    "S3", "WORKSPACES_GATEWAYS",
];

/** How a field's value is written and checked. */
export type FieldKind =
    | { readonly type: "int"; readonly athena: "int" | "bigint"; readonly min?: number; readonly max?: number }
    | { readonly type: "string"; readonly values?: readonly string[]; readonly pattern?: RegExp };

/** An IPv4 address, or an IPv6 one (hex groups with at least one colon). */
const ADDRESS: FieldKind = { type: "string", pattern: /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F]*:[0-9a-fA-F:]*$/ };
const INT64: FieldKind = { type: "int", athena: "bigint" };
const PORT: FieldKind = { type: "int", athena: "int", min: 0, max: 65535 };
const TEXT: FieldKind = { type: "string" };

const KINDS: Readonly<Record<string, FieldKind>> = {
    version: { type: "int", athena: "int", min: 2, max: 10 },
    "account-id": { type: "string", pattern: /^(\d{12}|unknown)$/ },
    "interface-id": { type: "string", pattern: /^eni-[0-9a-f]+$/ },
    srcaddr: ADDRESS,
    dstaddr: ADDRESS,
    srcport: PORT,
    dstport: PORT,
    protocol: { type: "int", athena: "int", min: 0, max: 255 },
    packets: INT64,
    bytes: INT64,
    start: INT64,
    end: INT64,
    action: { type: "string", values: ["ACCEPT", "REJECT"] },
    "log-status": { type: "string", values: ["OK", "NODATA", "SKIPDATA"] },
    "vpc-id": { type: "string", pattern: /^vpc-[0-9a-f]+$/ },
    "subnet-id": { type: "string", pattern: /^subnet-[0-9a-f]+$/ },
    "instance-id": { type: "string", pattern: /^i-[0-9a-f]+$/ },
    "tcp-flags": { type: "int", athena: "int", min: 0, max: 255 },
    type: { type: "string", values: ["IPv4", "IPv6", "EFA"] },
    "pkt-srcaddr": ADDRESS,
    "pkt-dstaddr": ADDRESS,
    region: { type: "string", pattern: /^[a-z]{2}(-[a-z]+)+-\d$/ },
    "az-id": { type: "string", pattern: /^[a-z]{3,4}\d+-az\d+$/ },
    "sublocation-type": { type: "string", values: ["wavelength", "outpost", "localzone"] },
    "sublocation-id": TEXT,
    "pkt-src-aws-service": { type: "string", values: AWS_SERVICE_CODES },
    "pkt-dst-aws-service": { type: "string", values: AWS_SERVICE_CODES },
    "flow-direction": { type: "string", values: ["ingress", "egress"] },
    "traffic-path": { type: "int", athena: "int", min: 1, max: 8 },
    "reject-reason": TEXT,
    "resource-id": TEXT,
    "encryption-status": { type: "int", athena: "int", min: 0, max: 3 },
};

/** The kind of a documented field (ECS fields and other free text are strings). */
export function fieldKind(field: string): FieldKind {
    return KINDS[field] ?? TEXT;
}

/** Why a value cannot be in this field, or undefined when it can. `-` (not applicable) fits every field. */
export function valueProblem(field: string, value: string): string | undefined {
    if (value === "-") {
        return undefined;
    }
    const kind = fieldKind(field);
    if (kind.type === "int") {
        if (!/^\d+$/.test(value)) {
            return `${field} must be a whole number or -, not "${value}"`;
        }
        const n = Number(value);
        if ((kind.min !== undefined && n < kind.min) || (kind.max !== undefined && n > kind.max)) {
            return `${field} must be between ${kind.min} and ${kind.max}, not ${value}`;
        }
        return undefined;
    }
    if (kind.values && !kind.values.includes(value)) {
        return `${field} must be one of ${kind.values.join(", ")} or -, not "${value}"`;
    }
    if (kind.pattern && !kind.pattern.test(value)) {
        return `${field} has an unexpected value "${value}"`;
    }
    if (/\s/.test(value) || value === "") {
        return `${field} is empty`;
    }
    return undefined;
}

/** A field name as a query column: Logs Insights and Athena names cannot hold `-`. */
export function columnName(field: string): string {
    return field.replace(/-/g, "_");
}
