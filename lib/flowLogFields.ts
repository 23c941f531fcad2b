/**
 * The flow log record fields AWS documents, in the documented order, with the version that
 * introduced each. The default format is all version 2 fields in this order.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html#flow-logs-fields
 */
export const FLOW_LOG_FIELDS: Readonly<Record<string, number>> = {
    version: 2,
    "account-id": 2,
    "interface-id": 2,
    srcaddr: 2,
    dstaddr: 2,
    srcport: 2,
    dstport: 2,
    protocol: 2,
    packets: 2,
    bytes: 2,
    start: 2,
    end: 2,
    action: 2,
    "log-status": 2,
    "vpc-id": 3,
    "subnet-id": 3,
    "instance-id": 3,
    "tcp-flags": 3,
    type: 3,
    "pkt-srcaddr": 3,
    "pkt-dstaddr": 3,
    region: 4,
    "az-id": 4,
    "sublocation-type": 4,
    "sublocation-id": 4,
    "pkt-src-aws-service": 5,
    "pkt-dst-aws-service": 5,
    "flow-direction": 5,
    "traffic-path": 5,
    "ecs-cluster-arn": 7,
    "ecs-cluster-name": 7,
    "ecs-container-instance-arn": 7,
    "ecs-container-instance-id": 7,
    "ecs-container-id": 7,
    "ecs-second-container-id": 7,
    "ecs-service-name": 7,
    "ecs-task-definition-arn": 7,
    "ecs-task-arn": 7,
    "ecs-task-id": 7,
    "reject-reason": 8,
    "resource-id": 10,
    "encryption-status": 10,
};

/** True when AWS documents a flow log field of this name. */
export function isFlowLogField(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(FLOW_LOG_FIELDS, name);
}

/** The `logFormat` string for a custom field list: `${field} ${field} ...`. */
export function flowLogFormat(fields: readonly string[]): string {
    return fields.map((field) => "${" + field + "}").join(" ");
}

/** The retention values CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
