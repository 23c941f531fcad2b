import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { LabSecurityGroup } from "../../components/labSecurityGroup";
import { OfflineEngine } from "../../offline/engine";

describe("LabSecurityGroup", () => {
    it("creates one standalone rule resource per ingress rule, with exactly one peer each", async () => {
        const engine = await OfflineEngine.start();
        new LabSecurityGroup("pri", {
            vpcId: "vpc-1",
            nameTag: "IMD-PRI-SG",
            description: "private instances",
            ingress: [
                { description: "ssh from the bastion", protocol: "tcp", fromPort: 22, peer: { securityGroupId: "sg-bastion" } },
                { description: "echo from the VPC", protocol: "icmp", fromPort: 8, toPort: -1, peer: { cidr: "10.1.0.0/16" } },
            ],
        });
        await engine.settle();
        const group = engine.one(aws.ec2.SecurityGroup);
        assert.deepStrictEqual(group.inputs, { vpcId: "vpc-1", description: "private instances", tags: { Name: "IMD-PRI-SG" } });
        const ingress = engine.ofType(aws.vpc.SecurityGroupIngressRule).map((r) => ({ ...r.inputs, tags: undefined }));
        assert.deepStrictEqual(ingress, [
            { securityGroupId: group.id, description: "ssh from the bastion", ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: "sg-bastion", tags: undefined },
            { securityGroupId: group.id, description: "echo from the VPC", ipProtocol: "icmp", fromPort: 8, toPort: -1, cidrIpv4: "10.1.0.0/16", tags: undefined },
        ]);
    });

    it("allows all outbound IPv4 by default and nothing outbound when egress is empty", async () => {
        let engine = await OfflineEngine.start();
        new LabSecurityGroup("a", { vpcId: "vpc-1", nameTag: "A", description: "a", ingress: [] });
        await engine.settle();
        assert.deepStrictEqual(
            engine.ofType(aws.vpc.SecurityGroupEgressRule).map((r) => [r.inputs.ipProtocol, r.inputs.cidrIpv4, r.inputs.fromPort]),
            [["-1", "0.0.0.0/0", undefined]],
        );
        engine = await OfflineEngine.start();
        new LabSecurityGroup("b", { vpcId: "vpc-1", nameTag: "B", description: "b", ingress: [], egress: [] });
        await engine.settle();
        assert.strictEqual(engine.ofType(aws.vpc.SecurityGroupEgressRule).length, 0);
    });
});
