import { ClassroomSettings } from "./classroom";
import type { StageOf } from "./stages";
import { LabName, NetworkSlotKey } from "./keys";

/** Where flow logs are published. The names are the API's `LogDestinationType` values. */
export type FlowLogDestination = "cloud-watch-logs" | "s3";
export type FlowLogTrafficType = "ALL" | "ACCEPT" | "REJECT";
/** NAT gateways for private subnets: none, one shared, or one per Availability Zone. */
export type NatStrategy = "none" | "single" | "per-az";
export type SubnetTier = "public" | "private";

/** Where a lab's VPC comes from. */
export type NetworkSourceConfig =
    | { readonly kind: "native" }
    | { readonly kind: "awsx" }
    | { readonly kind: "existing"; readonly vpcId: string; readonly subnetIds: readonly string[]; readonly flowLogs: boolean };

/** Flow log settings shared by every VPC of the stack. */
export interface FlowLogSettings {
    readonly destination: FlowLogDestination;
    readonly trafficType: FlowLogTrafficType;
    readonly maxAggregationInterval: 60 | 600;
    readonly retentionDays: number;
    /** Custom record format fields; empty means the AWS default format. */
    readonly fields: readonly string[];
    readonly kmsKey: boolean;
    readonly subnets: boolean;
    /** How S3 log files are written; set only for the s3 destination. @default plain-text, daily, not Hive-compatible */
    readonly s3Layout?: FlowLogS3Layout;
}

/** The S3 `destinationOptions` of a flow log. */
export interface FlowLogS3Layout {
    readonly fileFormat: "plain-text" | "parquet";
    readonly hiveCompatiblePartitions: boolean;
    readonly perHourPartition: boolean;
}

/**
 * Flow logs at narrower scopes, as the workshop compares them with the VPC-level log: chosen
 * subnets and chosen instances' network interfaces, each scope with its own traffic type.
 */
export interface FlowLogScopesConfig {
    /** Name tags of lab subnets that get a subnet-level flow log. */
    readonly subnetNames: readonly string[];
    readonly subnetTrafficType: FlowLogTrafficType;
    /** Name tags of lab instances whose ENI gets a flow log. */
    readonly instanceNames: readonly string[];
    readonly instanceTrafficType: FlowLogTrafficType;
}

/**
 * How the endpoints lab's private instance (no internet route) is reached: Session Manager
 * over ssm/ssmmessages interface endpoints, or SSH through an EC2 Instance Connect Endpoint.
 */
export type PrivateInstanceAccess = "session-manager" | "instance-connect";

export interface EndpointsLabConfig {
    readonly vpcCidr: string;
    readonly publicSubnetCidr: string;
    readonly privateSubnetCidr: string;
    readonly gatewayServices: readonly ("s3" | "dynamodb")[];
    readonly gatewayRouteTables: readonly SubnetTier[];
    readonly interfaceServices: readonly string[];
    readonly privateInstanceAccess: PrivateInstanceAccess;
    /** Principal ARNs that, besides the deploying principal, may manage the locked bucket from outside the endpoint. */
    readonly bucketManagers: readonly string[];
    /** The stage of the lab to build (`endpointsStage`). @default interface, the final stage */
    readonly stage?: StageOf<"endpoints">;
}

export interface EndpointServiceLabConfig {
    readonly consumerVpcCidr: string;
    readonly consumerSubnetCidrs: readonly string[];
    readonly providerVpcCidr: string;
    readonly providerSubnetCidrs: readonly [string, string];
    /** Principal ARNs allowed to connect; empty means the deploying account. */
    readonly allowedPrincipals: readonly string[];
    readonly autoAccept: boolean;
    /** The stage of the lab to build (`endpointServiceStage`). @default accepted, the final stage */
    readonly stage?: StageOf<"endpoint-service">;
}

export interface BastionSsmLabConfig {
    readonly vpcCidr: string;
    readonly publicSubnetCidrs: readonly [string, string];
    readonly privateSubnetCidrs: readonly [string, string];
    readonly natGateways: NatStrategy;
    /** Operator CIDR for bastion SSH; undefined means no bastion. */
    readonly operatorCidr?: string;
    readonly naclExercise: boolean;
    /** The stage of the lab to build (`bastionSsmStage`). @default nacl-off, the final stage (nacl when naclExercise is true) */
    readonly stage?: StageOf<"bastion-ssm">;
}

/** The whole stack's configuration, read and validated once. */
export interface StackConfig {
    readonly labs: readonly LabName[];
    readonly region: string;
    /** Zone 1 and zone 2 of every lab. */
    readonly availabilityZones: readonly [string, string];
    readonly instanceType: string;
    readonly interfaceEndpointAzCount: 1 | 2;
    readonly keepDataOnDelete: boolean;
    readonly flowLogs: FlowLogSettings;
    /** Subnet- and ENI-level flow logs besides each VPC's. */
    readonly flowLogScopes: FlowLogScopesConfig;
    readonly endpoints: EndpointsLabConfig;
    readonly endpointService: EndpointServiceLabConfig;
    readonly bastionSsm: BastionSsmLabConfig;
    /** Where each lab VPC comes from, by the key prefix of its settings. */
    readonly networkSources: Readonly<Record<NetworkSlotKey, NetworkSourceConfig>>;
    /** Student, expiry and class of a classroom stack (all absent for an ordinary stack). */
    readonly classroom: ClassroomSettings;
    /** The policy config the stack file names (`policyConfig`), relative to the project. */
    readonly policyConfig?: string;
}
