import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { OfflineEngine } from "../../offline/engine";

class Holder extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    constructor(name: string) {
        super("test:index:Holder", name);
        this.vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.9.0.0/16" }, { parent: this });
        new aws.ec2.Subnet(`${name}-subnet`, { vpcId: this.vpc.id, cidrBlock: "10.9.1.0/24" }, { parent: this, retainOnDelete: true });
        this.registerOutputs({ vpcId: this.vpc.id });
    }
}

describe("offline engine", () => {
    it("records type, name, inputs, parent, dependencies and options of every registration", async () => {
        const engine = await OfflineEngine.start();
        const holder = new Holder("h");
        await engine.settle();

        assert.deepStrictEqual(engine.resources.map((r) => r.type), ["test:index:Holder", "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet"]);
        const component = engine.one("test:index:Holder");
        const vpc = engine.one(aws.ec2.Vpc);
        const subnet = engine.one(aws.ec2.Subnet);
        assert.strictEqual(vpc.parent, component.urn);
        assert.match(vpc.id, /^vpc-[0-9a-f]{17}$/);
        assert.strictEqual(subnet.inputs.vpcId, vpc.id);
        assert.deepStrictEqual(subnet.propertyDependencies.vpcId, [vpc.urn]);
        assert.ok(subnet.dependencies.includes(vpc.urn));
        assert.strictEqual(subnet.retainOnDelete, true);
        assert.strictEqual(vpc.retainOnDelete, false);
        assert.deepStrictEqual(component.outputs, { vpcId: vpc.id });
        assert.strictEqual(await new Promise((resolve) => holder.vpc.defaultSecurityGroupId.apply(resolve)), vpc.outputs.defaultSecurityGroupId);
    });

    it("gives the same IDs on every run", async () => {
        const first = await OfflineEngine.start();
        new Holder("same");
        await first.settle();
        const second = await OfflineEngine.start();
        new Holder("same");
        await second.settle();
        assert.deepStrictEqual(second.resources.map((r) => r.id), first.resources.map((r) => r.id));
        assert.strictEqual(second.resources.length, 3, "the second engine starts with an empty record");
    });

    it("answers the standard invokes and refuses unknown ones by name", async () => {
        await OfflineEngine.start({ account: { region: "us-east-1" } });
        const zones = await aws.getAvailabilityZones({ state: "available" });
        assert.deepStrictEqual(zones.names, ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]);
        assert.strictEqual((await aws.getCallerIdentity()).accountId, "123456789012");
        assert.strictEqual((await aws.ec2.getVpcEndpointService({ service: "bedrock-runtime", serviceType: "Interface" })).serviceName, "com.amazonaws.us-east-1.bedrock-runtime");
        await assert.rejects(aws.ec2.getKeyPair({ keyName: "lab" }), /no answer for invoke aws:ec2\/getKeyPair:getKeyPair/);
        await assert.rejects(aws.ec2.getVpc({ id: "vpc-1" }), /no existing VPC vpc-1; describe it in the engine.s existingVpcs/);
    });

    it("hands out private IPs from the instance's subnet block", async () => {
        const engine = await OfflineEngine.start();
        const subnet = new aws.ec2.Subnet("s", { vpcId: "vpc-1", cidrBlock: "10.1.11.0/24" });
        new aws.ec2.Instance("a", { ami: "ami-1", instanceType: "t3.micro", subnetId: subnet.id });
        new aws.ec2.Instance("b", { ami: "ami-1", instanceType: "t3.micro", subnetId: subnet.id });
        await engine.settle();
        assert.deepStrictEqual(engine.ofType(aws.ec2.Instance).map((r) => r.outputs.privateIp), ["10.1.11.10", "10.1.11.11"]);
    });
});
