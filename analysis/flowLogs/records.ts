import { isFlowLogField } from "../../lib/flowLogFields";
import { valueProblem } from "../../labs/flowLogs/fields";

/**
 * Flow log records as text: one record per line, fields separated by single spaces in the
 * flow log's format order, `-` for a field that does not apply.
 */

/** One record read from text. */
export interface FlowLogRecord {
    /** The 1-based line it was read from. */
    readonly line: number;
    /** The value of each field of the format, as written. */
    readonly values: Readonly<Record<string, string>>;
    /** The event time `aws logs tail` puts in front, when the line had it. */
    readonly timestamp?: string;
    /** The log stream `aws logs tail` puts in front (the ENI's stream), when the line had it. */
    readonly stream?: string;
}

/** A line that is not a record of the format. */
export interface RecordProblem {
    readonly line: number;
    readonly message: string;
}

export interface ParsedRecords {
    /** The field order the records were read with (a header line in the text overrides the one given). */
    readonly fields: readonly string[];
    readonly records: readonly FlowLogRecord[];
    readonly problems: readonly RecordProblem[];
}

/** A format that names an unknown field or one field twice. */
export class FlowLogFormatError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "FlowLogFormatError";
    }
}

/**
 * A format as users write it: the `logFormat` string (`${version} ${srcaddr}`), or field names
 * separated by spaces or commas. Throws a FlowLogFormatError on an unknown or repeated field.
 */
export function parseFormat(text: string): string[] {
    const fields = text
        .split(/[\s,]+/)
        .filter((token) => token !== "")
        .map((token) => token.replace(/^\$\{(.*)\}$/, "$1"));
    if (fields.length === 0) {
        throw new FlowLogFormatError("the format lists no field");
    }
    fields.forEach((field, i) => {
        if (!isFlowLogField(field)) {
            throw new FlowLogFormatError(`"${field}" is not a documented flow log field (see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html)`);
        }
        if (fields.indexOf(field) !== i) {
            throw new FlowLogFormatError(`"${field}" is listed twice in the format`);
        }
    });
    return fields;
}

/** A record's line in this format: missing values are written as `-`. */
export function formatRecord(values: Readonly<Record<string, string | number | undefined>>, fields: readonly string[]): string {
    return fields.map((field) => String(values[field] ?? "-")).join(" ");
}

/** The event time `aws logs tail` prints first (ISO 8601 with fraction and offset). */
const TAIL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads records in `fields` order. Accepts what the destinations hand out: the lines of a
 * CloudWatch Logs stream, `aws logs tail` output (timestamp and stream first), and S3 log
 * files (a header line naming the fields, which then sets the order). Blank lines are skipped;
 * every other line that is not a record of the format is a problem with its line number.
 */
export function parseRecords(text: string, fields: readonly string[]): ParsedRecords {
    let order = [...fields];
    const records: FlowLogRecord[] = [];
    const problems: RecordProblem[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const tokens = raw.trim().split(/\s+/).filter((token) => token !== "");
        if (tokens.length === 0) {
            return;
        }
        if (tokens.every(isFlowLogField) && !tokens.every((t) => t === "-")) {
            // An S3 file's header: it names the fields of the records below it.
            order = tokens;
            return;
        }
        let timestamp: string | undefined;
        let stream: string | undefined;
        if (tokens.length === order.length + 2 && TAIL_TIMESTAMP.test(tokens[0])) {
            [timestamp, stream] = tokens.splice(0, 2);
        } else if (tokens.length === order.length + 1 && TAIL_TIMESTAMP.test(tokens[0])) {
            [timestamp] = tokens.splice(0, 1);
        }
        if (tokens.length !== order.length) {
            problems.push({ line, message: `has ${tokens.length} fields; the format has ${order.length} (${order.join(" ")})` });
            return;
        }
        const wrong = tokens.map((value, i) => valueProblem(order[i], value)).filter((p): p is string => p !== undefined);
        if (wrong.length > 0) {
            problems.push({ line, message: wrong.join("; ") });
            return;
        }
        const values = Object.fromEntries(order.map((field, i) => [field, tokens[i]]));
        records.push({ line, values, ...(timestamp ? { timestamp } : {}), ...(stream ? { stream } : {}) });
    });
    return { fields: order, records, problems };
}
