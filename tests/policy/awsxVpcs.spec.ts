import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { VpcFlowLogs } from "../../components/vpcFlowLogs";
import { analyze, recordsFromEngine } from "../../policy/analyzer";
import { OfflineEngine } from "../../offline/engine";
import { LAB_FLOW_LOGS, testEnvironment } from "../fixtures/environment";
import { component, messagesOf, record, UNKNOWN_VALUE } from "../fixtures/policy/records";
import { vpcHasFlowLog } from "../../policy/rules/flowLogs";

/** An awsx VPC with the given block, and (optionally) the package's flow log on its vpcId output. */
async function awsxStack(cidrBlock: string, withFlowLog: boolean) {
    const engine = await OfflineEngine.start();
    const vpc = new awsx.ec2.Vpc("team-vpc", {
        cidrBlock,
        availabilityZoneNames: ["ap-northeast-2a"],
        subnetStrategy: "Auto",
        subnetSpecs: [{ type: "Isolated", cidrBlocks: [cidrBlock.replace(/\/16$/, "/24")] }],
        natGateways: { strategy: "None" },
    });
    new aws.ec2.DefaultSecurityGroup("team-default-sg", { vpcId: vpc.vpcId, ingress: [], egress: [] });
    if (withFlowLog) {
        new VpcFlowLogs("team-flow", { vpcId: vpc.vpcId, settings: LAB_FLOW_LOGS, label: "team", aws: testEnvironment().aws });
    }
    await engine.settle();
    return analyze(recordsFromEngine(engine.resources));
}

describe("awsx VPCs in the policy pack", () => {
    it("counts a flow log on an awsx VPC's vpcId as the VPC's flow log", async () => {
        const report = await awsxStack("10.20.0.0/16", true);
        assert.deepStrictEqual(report.violations.map((v) => v.policyName), []);
    });

    it("treats an awsx VPC without a flow log as a VPC without one", async () => {
        const report = await awsxStack("10.20.0.0/16", false);
        assert.deepStrictEqual(
            report.violations.map((v) => [v.policyName, v.urn, v.message]),
            // Reported on the VPC awsx created inside the component, as under the real engine.
            [["vpc-has-flow-log", "urn:pulumi:test::vpc-labs::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::team-vpc", 'VPC "team-vpc" must have a flow log; it has none: add an aws.ec2.FlowLog with vpcId set to the VPC.']],
        );
    });

    it("checks the CIDR an awsx VPC is given, on the component's input and on the VPC awsx creates", async () => {
        const report = await awsxStack("20.0.0.0/16", true);
        assert.deepStrictEqual(report.violations.map((v) => [v.policyName, v.urn, v.message]), [
            [
                "vpc-cidr-private",
                "urn:pulumi:test::vpc-labs::awsx:ec2:Vpc::team-vpc",
                'awsx VPC "team-vpc" must use a private CIDR block (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); it uses 20.0.0.0/16, which is publicly routable: choose a block inside one of those ranges.',
            ],
            [
                "vpc-cidr-private",
                "urn:pulumi:test::vpc-labs::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::team-vpc",
                'VPC "team-vpc" must use a private CIDR block (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); it uses 20.0.0.0/16, which is publicly routable: choose a block inside one of those ranges.',
            ],
        ]);
    });
});

describe("awsx VPCs under the real engine", () => {
    it("counts a dependency on the awsx component as one on the VPC awsx created inside it", async () => {
        // A preview: awsx's VPC child is registered, the flow log's vpcId is unknown and its
        // property dependency names the component whose vpcId output it came from.
        const awsxVpc = component("awsx:ec2:Vpc", "team-vpc");
        const child = record(aws.ec2.Vpc, "team-vpc", { cidrBlock: "10.20.0.0/16" }, { parent: awsxVpc });
        const flowLog = record(aws.ec2.FlowLog, "team-flow", { vpcId: UNKNOWN_VALUE, trafficType: "ALL" }, { deps: { vpcId: [awsxVpc] } });
        assert.deepStrictEqual(await messagesOf(vpcHasFlowLog, [awsxVpc, child, flowLog]), []);
        assert.deepStrictEqual(await messagesOf(vpcHasFlowLog, [awsxVpc, child]), [
            'VPC "team-vpc" must have a flow log; it has none: add an aws.ec2.FlowLog with vpcId set to the VPC.',
        ]);
    });
});
