import * as assert from "assert";
import { labInstanceNames, resolveFlowLogScopes } from "../../components/labs/flowLogScopes";
import { bastionSsmNetworkSpec } from "../../components/labs/bastionSsmLab";
import { analyze, recordsFromEngine } from "../../policy/analyzer";
import { loadPolicyConfigFile } from "../../policy/packConfig";
import { testEnvironment } from "../fixtures/environment";
import { validateStackConfig } from "../../config/validate";
import { ConfigError } from "../../lib/errors";
import { join } from "path";
import { PROJECT_DIR, readStackConfig } from "../../config/stackFiles";
import { RecordedResource } from "../../lib/records";
import { LAB_NAMES } from "../../config/keys";
import { valueOf } from "../fixtures/endpointService";
import { runLabStack, WORKSHOP_OVERRIDES } from "../fixtures/flowLogStack";

const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LAB_FORMAT = readStackConfig("lab")["vpc-labs:flowLogFields"];

function byName(resources: readonly RecordedResource[], name: string): RecordedResource {
    const found = resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found;
}

async function configError(overrides: Record<string, string>): Promise<string> {
    try {
        await runLabStack("lab", overrides);
    } catch (error) {
        assert.ok(ConfigError.isConfigError(error), String(error));
        return error.message;
    }
    assert.fail("the program ran");
}

describe("subnet- and ENI-level flow logs", () => {
    it("adds a REJECT log on IMD-PRIVATE-A and an ACCEPT log on PRIVATE-01's ENI, each with its own retained log group and role, beside the VPC's ALL log", async () => {
        const { resources } = await runLabStack("lab", WORKSHOP_OVERRIDES);
        const flowLogs = resources.filter((r) => r.type === FLOW_LOG);
        assert.deepStrictEqual(
            flowLogs.map((f) => [f.name, f.inputs.trafficType]),
            [
                ["endpoints-network-flow-logs-vpc", "ALL"],
                ["endpoint-service-consumer-flow-logs-vpc", "ALL"],
                ["endpoint-service-provider-flow-logs-vpc", "ALL"],
                ["bastion-ssm-network-flow-logs-vpc", "ALL"],
                ["bastion-ssm-network-flow-logs-subnet-imd-private-a", "REJECT"],
                ["bastion-ssm-network-flow-logs-eni-private-01", "ACCEPT"],
            ],
        );
        const subnetGroup = byName(resources, "bastion-ssm-network-flow-logs-subnet-log-group");
        const eniGroup = byName(resources, "bastion-ssm-network-flow-logs-eni-log-group");
        const format = (JSON.parse(LAB_FORMAT) as string[]).map((f) => "${" + f + "}").join(" ");
        assert.deepStrictEqual(byName(resources, "bastion-ssm-network-flow-logs-subnet-imd-private-a").inputs, {
            logDestinationType: "cloud-watch-logs",
            logDestination: subnetGroup.outputs.arn,
            iamRoleArn: byName(resources, "bastion-ssm-network-flow-logs-subnet-role").outputs.arn,
            trafficType: "REJECT",
            maxAggregationInterval: 60,
            logFormat: format,
            subnetId: byName(resources, "bastion-ssm-network-private-a").id,
            tags: { Project: "vpc-labs", ManagedBy: "pulumi", "vpc-labs:stack": "lab", Lab: "bastion-ssm", Name: "IMD-VPCFlow-subnet-IMD-PRIVATE-A" },
        });
        assert.deepStrictEqual(byName(resources, "bastion-ssm-network-flow-logs-eni-private-01").inputs.eniId, byName(resources, "bastion-ssm-private-01-instance").outputs.primaryNetworkInterfaceId);
        for (const group of [subnetGroup, eniGroup]) {
            assert.strictEqual(group.retainOnDelete, true);
            assert.strictEqual(group.inputs.retentionInDays, 30);
        }
        assert.deepStrictEqual([subnetGroup.inputs.namePrefix, eniGroup.inputs.namePrefix], ["/vpc-labs/flow-logs/IMD-VPCFlow-subnet-", "/vpc-labs/flow-logs/IMD-VPCFlow-eni-"]);
        assert.deepStrictEqual(JSON.parse(byName(resources, "bastion-ssm-network-flow-logs-eni-role-policy").inputs.policy as string).Statement[0].Resource, [
            eniGroup.outputs.arn,
            `${eniGroup.outputs.arn}:*`,
        ]);
    });

    it("lets destroy remove the new log groups when keepDataOnDelete is false", async () => {
        const { resources } = await runLabStack("lab", { ...WORKSHOP_OVERRIDES, "vpc-labs:keepDataOnDelete": "false" });
        assert.deepStrictEqual(resources.filter((r) => r.type === LOG_GROUP).map((g) => g.retainOnDelete), [false, false, false, false, false, false]);
    });

    it("writes S3 scoped logs into the VPC's bucket, with the configured layout, and no log group", async () => {
        const { resources } = await runLabStack("lab", {
            ...WORKSHOP_OVERRIDES,
            "vpc-labs:flowLogDestination": "s3",
            "vpc-labs:flowLogS3FileFormat": "parquet",
            "vpc-labs:flowLogS3PerHourPartition": "true",
        });
        assert.deepStrictEqual(resources.filter((r) => r.type === LOG_GROUP), []);
        const bucket = byName(resources, "bastion-ssm-network-flow-logs-bucket");
        for (const name of ["bastion-ssm-network-flow-logs-vpc", "bastion-ssm-network-flow-logs-subnet-imd-private-a", "bastion-ssm-network-flow-logs-eni-private-01"]) {
            const inputs = byName(resources, name).inputs;
            assert.deepStrictEqual([inputs.logDestination, inputs.destinationOptions], [bucket.outputs.arn, { fileFormat: "parquet", hiveCompatiblePartitions: false, perHourPartition: true }]);
        }
    });

    it("refuses names no chosen lab has, naming the ones there are, before anything is registered", async () => {
        const message = await configError({
            "vpc-labs:flowLogSubnetNames": JSON.stringify(["IMD-PRIVATE-C"]),
            "vpc-labs:flowLogInstanceNames": JSON.stringify(["BASTION", "PRIVATE-01", "PRIVATE-01"]),
        });
        assert.strictEqual(
            message,
            [
                "Stack config (project vpc-labs) has 1 problem:",
                '  - vpc-labs:flowLogInstanceNames[2]: "PRIVATE-01" is listed twice; list each name once',
            ].join("\n"),
        );
        const names = await configError({ "vpc-labs:flowLogSubnetNames": JSON.stringify(["IMD-PRIVATE-C"]), "vpc-labs:flowLogInstanceNames": JSON.stringify(["BASTION"]) });
        assert.strictEqual(
            names,
            [
                "Stack config has 2 problems:",
                '  - vpc-labs:flowLogSubnetNames[0]: "IMD-PRIVATE-C" is not a subnet of the chosen labs; use Name tags of their subnets: CloudNeta-Public-SN, CloudNeta-Private-SN, My-Public-SN, My-Public-SN-2, Custom-Private-SN-1, Custom-Private-SN-2, IMD-PUBLIC-A, IMD-PUBLIC-B, IMD-PRIVATE-A, IMD-PRIVATE-B',
                '  - vpc-labs:flowLogInstanceNames[0]: "BASTION" is not an instance of the chosen labs (BASTION exists only with bastionSsmOperatorCidr set); use Name tags of their instances: CloudNeta-Public-EC2, CloudNeta-Private-EC2, My-EC2, Custom-WEB-1, Custom-WEB-2, PUBLIC-01, PUBLIC-02, PRIVATE-01, PRIVATE-02',
            ].join("\n"),
        );
    });

    it("refuses S3 layout keys and bad traffic types with the CloudWatch Logs destination", () => {
        assert.throws(
            () =>
                validateStackConfig(
                    { "vpc-labs:flowLogS3HivePartitions": "true", "vpc-labs:flowLogSubnetTrafficType": "DENY" },
                    { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2c"] },
                ),
            (error: Error) =>
                error.message ===
                [
                    "Stack config (project vpc-labs) has 2 problems:",
                    "  - vpc-labs:flowLogS3HivePartitions: applies to S3 log files but flowLogDestination is cloud-watch-logs; set flowLogDestination: s3, or remove the key",
                    '  - vpc-labs:flowLogSubnetTrafficType: "DENY" is not one of ALL, ACCEPT, REJECT; set it to one of ALL, ACCEPT, REJECT',
                ].join("\n"),
        );
    });

    it("knows the instances each lab builds, by Name tag (BASTION with an operator CIDR)", async () => {
        const overrides = { "vpc-labs:bastionSsmOperatorCidr": "203.0.113.7/32" };
        const { resources } = await runLabStack("lab", overrides);
        const config = validateStackConfig({ ...readStackConfig("lab"), ...overrides }, { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2c"] });
        const built = resources.filter((r) => r.type === "aws:ec2/instance:Instance").map((r) => (r.inputs.tags as Record<string, string>).Name);
        assert.deepStrictEqual(LAB_NAMES.flatMap((lab) => labInstanceNames(lab, config).map((i) => i.name)).sort(), [...built].sort());
    });

    it("exports each flow log with where its records are and how to read them", async () => {
        const { outputs } = await runLabStack("lab", WORKSHOP_OVERRIDES);
        const logs = await valueOf((outputs.bastionSsm as { flowLogs: Record<string, unknown>[] }).flowLogs);
        assert.deepStrictEqual(logs.map((l) => [l.scope, l.target, l.trafficType]), [["vpc", "IMD-VPC", "ALL"], ["subnet", "IMD-PRIVATE-A", "REJECT"], ["eni", "PRIVATE-01", "ACCEPT"]]);
        const eni = logs[2] as { logGroupName: string; flowLogId: string; commands: Record<string, string>; console: string; maxAggregationIntervalSeconds: number; retentionDays: number; firstRecords: string; fields: string[] };
        assert.match(eni.logGroupName, /^\/vpc-labs\/flow-logs\/IMD-VPCFlow-eni-[0-9a-f]{26}$/);
        assert.match(eni.flowLogId, /^fl-[0-9a-f]+$/);
        assert.strictEqual(eni.commands.tail, `aws logs tail ${eni.logGroupName} --since 10m --region ap-northeast-2`);
        assert.strictEqual(eni.console, `https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#logsV2:log-groups/log-group/$252Fvpc-labs$252Fflow-logs$252F${eni.logGroupName.split("/").pop()}`);
        assert.deepStrictEqual([eni.maxAggregationIntervalSeconds, eni.retentionDays, eni.fields], [60, 30, JSON.parse(LAB_FORMAT)]);
        assert.strictEqual(eni.firstRecords, "records reach the log group about 5 minutes after the traffic, 1 minute at the earliest (60 s aggregation); one log stream per network interface");
        for (const lab of ["endpoints", "endpointService"]) {
            assert.deepStrictEqual((await valueOf((outputs[lab] as { flowLogs: { scope: string }[] }).flowLogs)).map((l) => l.scope), lab === "endpoints" ? ["vpc"] : ["vpc", "vpc"], lab);
        }
    });

    it("passes the policy pack with the workshop setting, and only then", async () => {
        const { resources } = await runLabStack("lab", WORKSHOP_OVERRIDES);
        const records = recordsFromEngine(resources);
        const lab = loadPolicyConfigFile(join(PROJECT_DIR, "policy", "config.lab.json"));
        const strict = await analyze(records, lab);
        assert.deepStrictEqual(
            strict.violations.map((v) => [v.policyName, v.urn?.split("::").pop()]),
            [
                ["flow-log-traffic-type", "bastion-ssm-network-flow-logs-subnet-imd-private-a"],
                ["flow-log-traffic-type", "bastion-ssm-network-flow-logs-eni-private-01"],
            ],
        );
        const workshop = await analyze(records, { ...lab, "flow-log-traffic-type": { allowedTrafficTypes: ["ALL"], workshop: true } });
        assert.deepStrictEqual(workshop.violations, []);
    });

    it("refuses scoped logs on an existing VPC whose flow logs are off", () => {
        const environment = testEnvironment();
        const config = validateStackConfig(readStackConfig("lab"), { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2c"] });
        const slots = [{ key: "bastionSsm" as const, spec: bastionSsmNetworkSpec(config.bastionSsm, environment), privateDns: true }];
        const { problems } = resolveFlowLogScopes(
            { subnetNames: ["IMD-PRIVATE-A"], subnetTrafficType: "REJECT", instanceNames: ["PRIVATE-01"], instanceTrafficType: "ALL" },
            [{ lab: "bastion-ssm", slots, instances: labInstanceNames("bastion-ssm", config), flowLogsOff: new Set(["bastionSsm" as const]) }],
        );
        assert.deepStrictEqual(problems, [
            { key: "vpc-labs:flowLogSubnetNames[0]", rule: "IMD-PRIVATE-A is in an existing VPC whose flow logs are off (existingVpcFlowLogs: false)", fix: "set existingVpcFlowLogs: true, or remove the name" },
            { key: "vpc-labs:flowLogInstanceNames[0]", rule: "PRIVATE-01 is in an existing VPC whose flow logs are off (existingVpcFlowLogs: false)", fix: "set existingVpcFlowLogs: true, or remove the name" },
        ]);
    });
});
