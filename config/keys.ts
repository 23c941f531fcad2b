/**
 * Every project config key, with the type, description and default that `Pulumi.yaml`
 * declares for it. This table is the program's own copy of that schema: the loader reads only
 * these keys, rejects unknown keys in the project namespace, and a test checks that
 * `Pulumi.yaml` declares exactly these keys with these types and defaults.
 *
 * Keys are flat (`bastionSsmOperatorCidr`, not `bastionSsm.operatorCidr`) and typed as
 * string, integer, boolean or array of strings, the types every Pulumi CLI since 3.44
 * accepts in a project-level `config:` block.
 */

/** The namespace of the project's config keys: the `name` in Pulumi.yaml. */
export const PROJECT = "vpc-labs";

export type ConfigValue = string | number | boolean | readonly string[];

export interface ConfigKey {
    readonly type: "string" | "integer" | "boolean" | "array";
    readonly description: string;
    readonly default: ConfigValue;
}

/** The labs this package can build, in the order they are built and shown. */
export const LAB_NAMES = ["endpoints", "endpoint-service", "bastion-ssm"] as const;
export type LabName = (typeof LAB_NAMES)[number];

export const CONFIG_KEYS = {
    labs: {
        type: "array",
        description: `Labs to build, any of: ${LAB_NAMES.join(", ")}.`,
        default: [...LAB_NAMES],
    },
    availabilityZones: {
        type: "array",
        description:
            "The two Availability Zones the labs use, in order (zone 1, zone 2). Empty: the first two available zones of the region.",
        default: [],
    },
    instanceType: {
        type: "string",
        description: "EC2 instance type for every lab instance. Graviton types (t4g...) get the arm64 Amazon Linux 2023 image.",
        default: "t3.micro",
    },
    interfaceEndpointAzCount: {
        type: "integer",
        description: "How many Availability Zones (1 or 2) each interface endpoint is placed in. Each AZ is billed per hour.",
        default: 2,
    },
    keepDataOnDelete: {
        type: "boolean",
        description:
            "Keep resources that hold data (log groups, log and lab buckets, KMS keys) in AWS when a config change or destroy removes them from the stack.",
        default: true,
    },
    flowLogDestination: {
        type: "string",
        description: "Where every flow log is published: cloud-watch-logs or s3.",
        default: "cloud-watch-logs",
    },
    flowLogTrafficType: {
        type: "string",
        description: "Traffic every flow log captures: ALL, ACCEPT or REJECT.",
        default: "ALL",
    },
    flowLogMaxAggregationInterval: {
        type: "integer",
        description: "Maximum aggregation interval of flow log records, in seconds: 60 or 600.",
        default: 600,
    },
    flowLogRetentionDays: {
        type: "integer",
        description: "Retention of flow log data in days (a CloudWatch Logs retention value; S3: expiry of log objects).",
        default: 30,
    },
    flowLogFields: {
        type: "array",
        description:
            "Custom flow log record format as a list of field names (e.g. traffic-path, flow-direction). Empty: the AWS default (version 2) format.",
        default: [],
    },
    flowLogKmsKey: {
        type: "boolean",
        description: "Encrypt flow log data with a customer managed KMS key created per log destination.",
        default: false,
    },
    flowLogSubnets: {
        type: "boolean",
        description: "Also attach a flow log to every subnet, besides the one on each VPC.",
        default: false,
    },
    flowLogSubnetNames: {
        type: "array",
        description:
            "Name tags of lab subnets (e.g. IMD-PRIVATE-A) that get their own subnet-level flow log, in a log group per VPC and scope, besides the VPC-level log.",
        default: [],
    },
    flowLogSubnetTrafficType: {
        type: "string",
        description: "Traffic the subnet-level flow logs of flowLogSubnetNames capture: ALL, ACCEPT or REJECT.",
        default: "ALL",
    },
    flowLogInstanceNames: {
        type: "array",
        description:
            "Name tags of lab instances (e.g. PRIVATE-01) whose network interface gets its own ENI-level flow log, in a log group per VPC and scope, besides the VPC-level log.",
        default: [],
    },
    flowLogInstanceTrafficType: {
        type: "string",
        description: "Traffic the ENI-level flow logs of flowLogInstanceNames capture: ALL, ACCEPT or REJECT.",
        default: "ALL",
    },
    flowLogS3FileFormat: {
        type: "string",
        description: "With flowLogDestination s3: the log file format, plain-text or parquet.",
        default: "plain-text",
    },
    flowLogS3HivePartitions: {
        type: "boolean",
        description: "With flowLogDestination s3: write Hive-compatible prefixes (aws-account-id=.../year=.../month=...).",
        default: false,
    },
    flowLogS3PerHourPartition: {
        type: "boolean",
        description: "With flowLogDestination s3: one prefix per hour instead of per day.",
        default: false,
    },
    endpointsVpcCidr: {
        type: "string",
        description: "endpoints lab: CIDR of CloudNeta-VPC.",
        default: "10.0.0.0/16",
    },
    endpointsPublicSubnetCidr: {
        type: "string",
        description: "endpoints lab: CIDR of CloudNeta-Public-SN (zone 1).",
        default: "10.0.0.0/24",
    },
    endpointsPrivateSubnetCidr: {
        type: "string",
        description: "endpoints lab: CIDR of CloudNeta-Private-SN (zone 2).",
        default: "10.0.1.0/24",
    },
    endpointsGatewayServices: {
        type: "array",
        description: "endpoints lab: gateway endpoints to create: s3 (required by the bucket lock) and optionally dynamodb.",
        default: ["s3"],
    },
    endpointsGatewayRouteTables: {
        type: "array",
        description: "endpoints lab: route table tiers the gateway endpoints are attached to: public, private.",
        default: ["public", "private"],
    },
    endpointsInterfaceServices: {
        type: "array",
        description: "endpoints lab: AWS service short names that get an interface endpoint with private DNS (e.g. cloudformation, sts).",
        default: ["cloudformation"],
    },
    endpointsPrivateInstanceAccess: {
        type: "string",
        description:
            "endpoints lab: how students reach CloudNeta-Private-EC2, which has no internet route: session-manager (ssm and ssmmessages interface endpoints, billed per AZ-hour) or instance-connect (an EC2 Instance Connect Endpoint, no hourly charge; SSH from it only).",
        default: "session-manager",
    },
    endpointsBucketManagers: {
        type: "array",
        description:
            "endpoints lab: IAM role or user ARNs that, besides the deploying principal, may manage the locked bucket from outside the S3 gateway endpoint (e.g. a CI role). Reading and writing objects stays endpoint-only for everyone. Never *.",
        default: [],
    },
    endpointServiceConsumerVpcCidr: {
        type: "string",
        description: "endpoint-service lab: CIDR of the consumer VPC (MyVPC).",
        default: "10.0.0.0/16",
    },
    endpointServiceConsumerSubnetCidrs: {
        type: "array",
        description:
            "endpoint-service lab: consumer public subnets, one per zone in order (My-Public-SN, My-Public-SN-2); at least interfaceEndpointAzCount of them.",
        default: ["10.0.0.0/24", "10.0.1.0/24"],
    },
    endpointServiceProviderVpcCidr: {
        type: "string",
        description: "endpoint-service lab: CIDR of the provider VPC (CustomVPC); a private range, unlike the original 20.0.0.0/16.",
        default: "172.20.0.0/16",
    },
    endpointServiceProviderSubnetCidrs: {
        type: "array",
        description: "endpoint-service lab: the provider's two private subnets, zone 1 then zone 2 (web servers and the NLB).",
        default: ["172.20.1.0/24", "172.20.2.0/24"],
    },
    endpointServiceAllowedPrincipals: {
        type: "array",
        description: "endpoint-service lab: IAM principal ARNs allowed to connect to the endpoint service. Empty: the deploying account only. Never *.",
        default: [],
    },
    endpointServiceAutoAccept: {
        type: "boolean",
        description:
            "endpoint-service lab: accept the consumer's endpoint connection in the program. false: leave it pending and export the accept command.",
        default: true,
    },
    bastionSsmVpcCidr: {
        type: "string",
        description: "bastion-ssm lab: CIDR of IMD-VPC.",
        default: "10.1.0.0/16",
    },
    bastionSsmPublicSubnetCidrs: {
        type: "array",
        description: "bastion-ssm lab: IMD-PUBLIC-A (zone 1) and IMD-PUBLIC-B (zone 2).",
        default: ["10.1.1.0/24", "10.1.2.0/24"],
    },
    bastionSsmPrivateSubnetCidrs: {
        type: "array",
        description: "bastion-ssm lab: IMD-PRIVATE-A (zone 1) and IMD-PRIVATE-B (zone 2).",
        default: ["10.1.11.0/24", "10.1.12.0/24"],
    },
    bastionSsmNatGateways: {
        type: "string",
        description:
            "bastion-ssm lab: NAT gateways for the private subnets: none (PRIVATE-RT stays local; Session Manager still works through the SSM endpoints), single (IMD-NATGW in IMD-PUBLIC-A, as the original) or per-az (IMD-NATGW-1 and -2; PRIVATE-RT is split into PRIVATE-RT-A and PRIVATE-RT-B).",
        default: "single",
    },
    bastionSsmOperatorCidr: {
        type: "string",
        description:
            "bastion-ssm lab: the operator's CIDR allowed to SSH to the bastion (e.g. 203.0.113.7/32). Empty: no bastion; Session Manager only. Must be /16 or narrower and outside the VPC; /0 is refused.",
        default: "",
    },
    bastionSsmNaclExercise: {
        type: "boolean",
        description: "bastion-ssm lab: build IMD-PRIVATE-NACL on both private subnets (inbound only from IMD-PUBLIC-A).",
        default: false,
    },
    endpointsStage: {
        type: "string",
        description:
            "endpoints lab: the stage of the book's sequence to build: network (VPC, subnets, instances; no gateway or lesson endpoints; DNS hostnames off as in the original unless Session Manager's endpoints need them), gateway (+ S3/DynamoDB gateway endpoints and the locked bucket), interface (+ interface endpoints with private DNS). Empty: the final stage, interface.",
        default: "",
    },
    endpointServiceStage: {
        type: "string",
        description:
            "endpoint-service lab: the stage to build: provider (NLB and web servers, reachable only inside CustomVPC), service (+ endpoint service and consumer endpoint, pending acceptance), accepted (+ the connection accepted; by you when endpointServiceAutoAccept is false). Empty: the final stage, accepted.",
        default: "",
    },
    bastionSsmStage: {
        type: "string",
        description:
            "bastion-ssm lab: the stage to build: network (VPC, subnets, instances; no NAT, no SSM endpoints), nat (+ the NAT gateways of bastionSsmNatGateways), ssm (+ ssm/ssmmessages/ec2messages endpoints), nacl (+ IMD-PRIVATE-NACL), nacl-off (the NACL removed again). Empty: the final stage, nacl-off, or nacl when bastionSsmNaclExercise is true.",
        default: "",
    },
    endpointsNetworkSource: {
        type: "string",
        description: "endpoints lab: CloudNeta-VPC comes from: native (this package's exact layout), awsx (awsx.ec2.Vpc with the same CIDRs) or existing (a VPC you name; nothing of it is created or changed).",
        default: "native",
    },
    endpointsExistingVpcId: {
        type: "string",
        description: "endpoints lab: CloudNeta-VPC: with NetworkSource existing, the ID of the VPC to use (vpc-...).",
        default: "",
    },
    endpointsExistingSubnetIds: {
        type: "array",
        description: "endpoints lab: CloudNeta-VPC: with NetworkSource existing, its subnet IDs in the order of the lab's subnet CIDR keys (public before private, zone 1 before zone 2).",
        default: [],
    },
    endpointServiceConsumerNetworkSource: {
        type: "string",
        description: "endpoint-service lab: the consumer VPC (MyVPC) comes from: native (this package's exact layout), awsx (awsx.ec2.Vpc with the same CIDRs) or existing (a VPC you name; nothing of it is created or changed).",
        default: "native",
    },
    endpointServiceConsumerExistingVpcId: {
        type: "string",
        description: "endpoint-service lab: the consumer VPC (MyVPC): with NetworkSource existing, the ID of the VPC to use (vpc-...).",
        default: "",
    },
    endpointServiceConsumerExistingSubnetIds: {
        type: "array",
        description: "endpoint-service lab: the consumer VPC (MyVPC): with NetworkSource existing, its subnet IDs in the order of the lab's subnet CIDR keys (public before private, zone 1 before zone 2).",
        default: [],
    },
    endpointServiceProviderNetworkSource: {
        type: "string",
        description: "endpoint-service lab: the provider VPC (CustomVPC) comes from: native (this package's exact layout), awsx (awsx.ec2.Vpc with the same CIDRs) or existing (a VPC you name; nothing of it is created or changed).",
        default: "native",
    },
    endpointServiceProviderExistingVpcId: {
        type: "string",
        description: "endpoint-service lab: the provider VPC (CustomVPC): with NetworkSource existing, the ID of the VPC to use (vpc-...).",
        default: "",
    },
    endpointServiceProviderExistingSubnetIds: {
        type: "array",
        description: "endpoint-service lab: the provider VPC (CustomVPC): with NetworkSource existing, its subnet IDs in the order of the lab's subnet CIDR keys (public before private, zone 1 before zone 2).",
        default: [],
    },
    bastionSsmNetworkSource: {
        type: "string",
        description: "bastion-ssm lab: IMD-VPC comes from: native (this package's exact layout), awsx (awsx.ec2.Vpc with the same CIDRs) or existing (a VPC you name; nothing of it is created or changed).",
        default: "native",
    },
    bastionSsmExistingVpcId: {
        type: "string",
        description: "bastion-ssm lab: IMD-VPC: with NetworkSource existing, the ID of the VPC to use (vpc-...).",
        default: "",
    },
    bastionSsmExistingSubnetIds: {
        type: "array",
        description: "bastion-ssm lab: IMD-VPC: with NetworkSource existing, its subnet IDs in the order of the lab's subnet CIDR keys (public before private, zone 1 before zone 2).",
        default: [],
    },
    existingVpcFlowLogs: {
        type: "boolean",
        description: "Attach this package's flow logs to existing VPCs too (additive: it changes nothing else of them).",
        default: true,
    },
    student: {
        type: "string",
        description:
            "Classroom: the student this stack belongs to, set as the Student tag on every resource (letters, digits, spaces and . _ - @ +, at most 64). Empty: no Student tag.",
        default: "",
    },
    expiresAt: {
        type: "string",
        description:
            "Classroom: when this stack may be torn down (`classroom -- destroy --expired`), an ISO 8601 date (2026-12-31) or UTC time (2026-12-31T18:00:00Z), set as the ExpiresAt tag on every resource. Empty: no expiry.",
        default: "",
    },
    classroom: {
        type: "string",
        description:
            "Classroom: the class this stack belongs to (written by `npm run classroom -- init`). The quota preflight counts every stack of the class in the same Region (and aws:profile) together.",
        default: "",
    },
    policyConfig: {
        type: "string",
        description:
            "The policy pack config this stack is checked with (the file `pulumi preview --policy-pack-config` takes), relative to the project, e.g. policy/config.lab.json. Empty: policy/config.<stack>.json when it exists, else the pack's defaults.",
        default: "",
    },
} as const satisfies Record<string, ConfigKey>;

export type ConfigKeyName = keyof typeof CONFIG_KEYS;

/** The VPCs of the labs whose source config can choose, by the key prefix of their settings. */
export const NETWORK_SLOTS = ["endpoints", "endpointServiceConsumer", "endpointServiceProvider", "bastionSsm"] as const;
export type NetworkSlotKey = (typeof NETWORK_SLOTS)[number];

/** The fully qualified key as users write it in stack files: `vpc-labs:<key>`. */
export function qualified(key: string): string {
    return `${PROJECT}:${key}`;
}
