import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { LabInstance } from "../../components/labInstance";
import { SsmInstanceRole } from "../../components/ssmInstanceRole";
import { al2023Parameter, architectureOf } from "../../lib/ami";
import { OfflineEngine } from "../../offline/engine";
import { stableHex } from "../../offline/fakeCloud";

describe("LabInstance", () => {
    it("launches Amazon Linux 2023 with IMDSv2 required, the profile attached, no key pair and no public IP", async () => {
        const engine = await OfflineEngine.start();
        new LabInstance("web", {
            nameTag: "PRIVATE-01",
            subnetId: "subnet-1",
            securityGroupIds: ["sg-1"],
            instanceType: "t3.micro",
            instanceProfileName: "profile",
            userData: "#!/bin/bash\necho hi",
        });
        await engine.settle();
        const instance = engine.one(aws.ec2.Instance);
        assert.strictEqual(instance.inputs.ami, `ami-${stableHex(al2023Parameter("x86_64"))}`);
        assert.deepStrictEqual(instance.inputs.metadataOptions, { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 });
        assert.strictEqual(instance.inputs.iamInstanceProfile, "profile");
        assert.strictEqual(instance.inputs.associatePublicIpAddress, false);
        assert.strictEqual(instance.inputs.keyName, undefined);
        assert.deepStrictEqual(instance.inputs.vpcSecurityGroupIds, ["sg-1"]);
        assert.deepStrictEqual(instance.inputs.rootBlockDevice, { encrypted: true, volumeType: "gp3" });
        assert.deepStrictEqual(instance.inputs.tags, { Name: "PRIVATE-01" });
    });

    it("picks the arm64 image for Graviton instance types", () => {
        for (const type of ["t4g.nano", "m7g.large", "c7gn.xlarge", "r8g.medium", "x2gd.large", "im4gn.large", "a1.medium"]) {
            assert.strictEqual(architectureOf(type), "arm64", type);
        }
        for (const type of ["t3.micro", "t2.micro", "m5.large", "c7i.large", "g5.xlarge", "r7a.large"]) {
            assert.strictEqual(architectureOf(type), "x86_64", type);
        }
    });
});

describe("SsmInstanceRole", () => {
    it("lets EC2 assume a role holding AmazonSSMManagedInstanceCore only, behind an instance profile", async () => {
        const engine = await OfflineEngine.start();
        new SsmInstanceRole("imd", { nameTag: "IMD-EC2RoleforSSM" });
        await engine.settle();
        const role = engine.one(aws.iam.Role);
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string).Statement, [
            { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
        assert.deepStrictEqual(engine.ofType(aws.iam.RolePolicyAttachment).map((a) => a.inputs.policyArn), ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
        assert.strictEqual(engine.one(aws.iam.InstanceProfile).inputs.role, role.outputs.name);
    });
});
