import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../../offline/plan/programRunner";
import { ResourceGraph } from "../../offline/plan/resourceGraph";
import { keyInputs, renderTree } from "../../offline/plan/tree";

class Network extends pulumi.ComponentResource {
    constructor(name: string) {
        super("test:tree:Network", name);
        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.4.0.0/16", tags: { Name: "Tree-VPC" } }, { parent: this });
        const subnet = new aws.ec2.Subnet(`${name}-a`, { vpcId: vpc.id, cidrBlock: "10.4.1.0/24", availabilityZone: "ap-northeast-2a", tags: { Name: "Tree-A" } }, { parent: this });
        // Through the subnet, so the group registers after it: siblings list in registration order.
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId: subnet.vpcId, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, { parent: this });
        new aws.ec2.Instance(
            `${name}-web`,
            {
                ami: "ami-0123456789abcdef0",
                instanceType: "t3.micro",
                subnetId: subnet.id,
                vpcSecurityGroupIds: [sg.id],
                metadataOptions: { httpTokens: "required" },
                userData: pulumi.secret("#!/bin/sh\necho hi"),
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

describe("resource tree", () => {
    it("draws each component above its children with type, name, Name tag and key inputs; references by name", async () => {
        const run = await runProgram(async () => {
            new Network("tree");
            return {};
        });
        assert.deepStrictEqual(renderTree(run.resources), [
            "pulumi:pulumi:Stack  vpc-labs-test",
            "└─ test:tree:Network  tree",
            "   ├─ aws:ec2/vpc:Vpc  tree-vpc  \"Tree-VPC\"  cidrBlock=10.4.0.0/16",
            "   ├─ aws:ec2/subnet:Subnet  tree-a  \"Tree-A\"  cidrBlock=10.4.1.0/24 availabilityZone=ap-northeast-2a vpcId=→tree-vpc",
            "   ├─ aws:ec2/securityGroup:SecurityGroup  tree-sg  vpcId=→tree-vpc egress=[all 0.0.0.0/0]",
            "   └─ aws:ec2/instance:Instance  tree-web  instanceType=t3.micro subnetId=→tree-a vpcSecurityGroupIds=[→tree-sg] metadataOptions.httpTokens=required",
        ]);
    });

    it("never prints a secret, and shows the first short inputs of types it has no list for", async () => {
        const run = await runProgram(async () => {
            new aws.ssm.Parameter("p", { name: "/x/y", type: "SecureString", value: pulumi.secret("hunter2"), tier: "Standard" });
            return {};
        });
        const parameter = run.resources.find((r) => r.type === "aws:ssm/parameter:Parameter");
        assert.ok(parameter);
        const shown = keyInputs(parameter, new ResourceGraph(run.resources));
        assert.deepStrictEqual(shown, ["name=/x/y", "tier=Standard", "type=SecureString"]);
        assert.ok(!renderTree(run.resources).join("\n").includes("hunter2"));
    });
});
