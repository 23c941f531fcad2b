import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FlowLogSettings, FlowLogTrafficType } from "../../config/stackConfig";
import { effectiveFields } from "../../labs/flowLogs/fields";
import { athenaCreateTable, athenaQuery, DEFAULT_S3_LAYOUT, FlowLogTarget, insightsQuery, s3Prefix } from "../../labs/flowLogs/queries";

/**
 * What the stack exports about each flow log (`<lab>.flowLogs`): where its records are, in
 * which format, when the first ones arrive, and the console page, commands and queries that
 * show them.
 */

/** One flow log as the program built it. */
export interface FlowLogFacts {
    readonly scope: "vpc" | "subnet" | "eni";
    /** The Name of the VPC, subnet or instance it is attached to. */
    readonly target: string;
    readonly label: string;
    readonly flowLogId: string;
    readonly trafficType: FlowLogTrafficType;
    readonly logGroupName?: string;
    readonly bucket?: string;
}

export interface FlowLogOutput {
    readonly scope: "vpc" | "subnet" | "eni";
    readonly target: string;
    readonly flowLogId: string;
    readonly trafficType: FlowLogTrafficType;
    readonly destination: "cloud-watch-logs" | "s3";
    readonly logGroupName?: string;
    readonly s3?: { readonly bucket: string; readonly prefix: string; readonly fileFormat: string; readonly hiveCompatiblePartitions: boolean; readonly perHourPartition: boolean };
    /** The record fields in order (the default format's when no custom one is set). */
    readonly fields: readonly string[];
    readonly customFormat: boolean;
    readonly maxAggregationIntervalSeconds: number;
    readonly retentionDays: number;
    /** When records appear after traffic. */
    readonly firstRecords: string;
    readonly console: string;
    readonly commands: Readonly<Record<string, string>>;
    readonly queries: Readonly<Record<string, string>>;
}

/** When a flow log's first records can be read, by destination and interval (AWS: about 5 minutes to CloudWatch Logs, 10 to S3). */
export function firstRecordsText(destination: "cloud-watch-logs" | "s3", interval: number): string {
    const earliest = interval === 60 ? "1 minute at the earliest (60 s aggregation)" : "up to 10 minutes (600 s aggregation)";
    return destination === "cloud-watch-logs"
        ? `records reach the log group about 5 minutes after the traffic, ${earliest}; one log stream per network interface`
        : `log files reach the bucket about 10 minutes after the traffic (${earliest}); one file per flow log and period`;
}

/** The CloudWatch console's log group page (it escapes `/` as `$252F`). */
export function logGroupConsoleUrl(region: string, logGroupName: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encodeURIComponent(logGroupName).replace(/%/g, "$25")}`;
}

/** Everything exported about one flow log, from plain values. */
export function flowLogOutput(facts: FlowLogFacts, settings: FlowLogSettings, context: { readonly region: string; readonly accountId: string }): FlowLogOutput {
    const { region, accountId } = context;
    const fields = [...effectiveFields(settings.fields)];
    const layout = settings.s3Layout ?? DEFAULT_S3_LAYOUT;
    const target: FlowLogTarget = {
        flowLogId: facts.flowLogId,
        label: facts.label,
        destination: settings.destination,
        fields: settings.fields,
        logGroupName: facts.logGroupName,
        bucket: facts.bucket,
        accountId,
        region,
        s3: layout,
        retentionDays: settings.retentionDays,
    };
    const base = {
        scope: facts.scope,
        target: facts.target,
        flowLogId: facts.flowLogId,
        trafficType: facts.trafficType,
        destination: settings.destination,
        fields,
        customFormat: settings.fields.length > 0,
        maxAggregationIntervalSeconds: settings.maxAggregationInterval,
        retentionDays: settings.retentionDays,
        firstRecords: firstRecordsText(settings.destination, settings.maxAggregationInterval),
    };
    const describe = `aws ec2 describe-flow-logs --region ${region} --flow-log-ids ${facts.flowLogId}`;
    if (settings.destination === "cloud-watch-logs") {
        const group = facts.logGroupName ?? "<log group>";
        return {
            ...base,
            logGroupName: group,
            console: logGroupConsoleUrl(region, group),
            commands: {
                describe,
                tail: `aws logs tail ${group} --since 10m --region ${region}`,
                follow: `aws logs tail ${group} --follow --region ${region}`,
                streams: `aws logs describe-log-streams --log-group-name ${group} --region ${region} --query 'logStreams[].logStreamName'`,
                parse: `aws logs tail ${group} --since 10m --region ${region} | npm run flowlogs -- parse - --format "${fields.join(" ")}"`,
            },
            queries: {
                insightsConsole: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights`,
                recent: insightsQuery(settings.fields),
                rejects: insightsQuery(settings.fields, undefined, { rejectsOnly: true }),
            },
        };
    }
    const bucket = facts.bucket ?? "<bucket>";
    const prefix = s3Prefix(target);
    return {
        ...base,
        s3: { bucket, prefix, fileFormat: layout.fileFormat, hiveCompatiblePartitions: layout.hiveCompatiblePartitions, perHourPartition: layout.perHourPartition },
        console: `https://s3.console.aws.amazon.com/s3/buckets/${bucket}?region=${region}&prefix=${encodeURIComponent(prefix)}`,
        commands: {
            describe,
            list: `aws s3 ls s3://${bucket}/${prefix} --recursive --region ${region} | grep ${facts.flowLogId}`,
            ...(layout.fileFormat === "plain-text"
                ? { parse: `aws s3 cp s3://${bucket}/<key from the listing> - --region ${region} | gunzip | npm run flowlogs -- parse -` }
                : {}),
        },
        queries: {
            athenaConsole: `https://${region}.console.aws.amazon.com/athena/home?region=${region}#/query-editor`,
            createTable: athenaCreateTable(target),
            recent: athenaQuery(target),
            rejects: athenaQuery(target, undefined, { rejectsOnly: true }),
        },
    };
}

/** One flow log resource of the program with what it is attached to. */
export interface BuiltFlowLog {
    readonly scope: "vpc" | "subnet" | "eni";
    readonly target: string;
    readonly label: string;
    readonly flowLog: aws.ec2.FlowLog;
    readonly trafficType: FlowLogTrafficType;
    readonly logGroup?: aws.cloudwatch.LogGroup;
    readonly bucket?: aws.s3.Bucket;
}

/** The exported description of built flow logs, resolved when their IDs and names are known. */
export function flowLogOutputs(built: readonly BuiltFlowLog[], settings: FlowLogSettings, context: { readonly region: string; readonly accountId: string }): pulumi.Output<FlowLogOutput[]> {
    return pulumi.all(
        built.map((entry) =>
            pulumi
                .all([entry.flowLog.id, entry.logGroup?.name, entry.bucket?.bucket])
                .apply(([flowLogId, logGroupName, bucket]) =>
                    flowLogOutput({ scope: entry.scope, target: entry.target, label: entry.label, flowLogId, trafficType: entry.trafficType, logGroupName, bucket }, settings, context),
                ),
        ),
    );
}
