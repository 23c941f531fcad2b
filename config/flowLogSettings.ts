import { FlowLogSettings } from "./stackConfig";
import { Problem, quoted } from "../lib/errors";
import { CLOUDWATCH_RETENTION_DAYS, isFlowLogField } from "../lib/flowLogFields";

/**
 * The longest expiry of S3 flow-log objects: CloudWatch Logs' longest retention (3653 days),
 * so both destinations accept the same range. The lifecycle rule's Days is a 32-bit
 * integer that must be positive, so 2^31 would overflow before AWS saw it.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html
 */
export const MAX_S3_RETENTION_DAYS = 3653;

/** Names a settings field as the caller knows it: a config key or an argument path. */
export type KeyNamer = (field: keyof FlowLogSettings, index?: number) => string;

/** The argument path of a field of the `settings` argument, e.g. `settings.fields[2]`. */
export const argumentKey: KeyNamer = (field, index) => `settings.${field}${index === undefined ? "" : `[${index}]`}`;

/**
 * Everything wrong with a set of flow log settings. Shared by the stack config validator
 * (which names config keys) and the VpcFlowLogs component (which names its arguments).
 */
export function flowLogSettingsProblems(settings: FlowLogSettings, keyOf: KeyNamer = argumentKey): Problem[] {
    const problems: Problem[] = [];
    const report = (key: string, rule: string, fix: string) => problems.push({ key, rule, fix });
    if (![60, 600].includes(settings.maxAggregationInterval)) {
        report(keyOf("maxAggregationInterval"), `${settings.maxAggregationInterval} is not 60 or 600 seconds`, "use 60 or 600");
    }
    if (settings.destination === "cloud-watch-logs" && !CLOUDWATCH_RETENTION_DAYS.includes(settings.retentionDays)) {
        report(keyOf("retentionDays"), `${settings.retentionDays} is not a retention CloudWatch Logs accepts`, `use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`);
    } else if (!Number.isInteger(settings.retentionDays) || settings.retentionDays < 1) {
        report(keyOf("retentionDays"), `${settings.retentionDays} days keeps no data`, "use a whole number of days, 1 or more");
    } else if (settings.retentionDays > MAX_S3_RETENTION_DAYS) {
        report(
            keyOf("retentionDays"),
            `${settings.retentionDays} days is more than ${MAX_S3_RETENTION_DAYS} (ten years, the longest retention CloudWatch Logs offers); S3 lifecycle days are a 32-bit integer and such a rule never expires anything a lab records`,
            `use 1 to ${MAX_S3_RETENTION_DAYS} days`,
        );
    }
    settings.fields.forEach((field, i) => {
        if (!isFlowLogField(field)) {
            report(
                keyOf("fields", i),
                `${quoted(field)} is not a documented flow log field`,
                "use names from https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html (e.g. srcaddr, traffic-path)",
            );
        } else if (settings.fields.indexOf(field) !== i) {
            report(keyOf("fields", i), `${quoted(field)} is listed twice`, "list each field once");
        }
    });
    return problems;
}
