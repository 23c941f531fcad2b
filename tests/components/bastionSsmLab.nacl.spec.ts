import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { privateNaclRules } from "../../components/labs/bastionSsmLab/nacl";
import { byNameTag, nameTag, scenario } from "../fixtures/bastionSsm";

const TAGS = { Project: "vpc-labs", ManagedBy: "pulumi", Lab: "bastion-ssm" };

describe("bastion-ssm lab: NACL exercise", () => {
    it("builds IMD-PRIVATE-NACL with inbound rule 10 allowing all from IMD-PUBLIC-A and outbound rule 10 allowing all, as the original", async () => {
        const { engine } = await scenario("dev");
        const nacl = engine.one(aws.ec2.NetworkAcl);
        // No inline ingress/egress: rules live in their own resources, which inline entries would fight.
        assert.deepStrictEqual(nacl.inputs, { vpcId: engine.one(aws.ec2.Vpc).id, tags: { ...TAGS, Name: "IMD-PRIVATE-NACL" } });
        const rules = engine
            .ofType(aws.ec2.NetworkAclRule)
            .map((r) => ({ name: r.name, inputs: r.inputs }))
            .sort((a, b) => a.name.localeCompare(b.name));
        assert.deepStrictEqual(rules, [
            {
                name: "bastion-ssm-private-nacl-in-10",
                inputs: { networkAclId: nacl.id, ruleNumber: 10, egress: false, protocol: "-1", ruleAction: "allow", cidrBlock: "10.1.1.0/24" },
            },
            {
                name: "bastion-ssm-private-nacl-out-10",
                inputs: { networkAclId: nacl.id, ruleNumber: 10, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
            },
        ]);
    });

    it("associates IMD-PRIVATE-NACL with both private subnets and nothing else", async () => {
        const { engine } = await scenario("operator");
        const nacl = engine.one(aws.ec2.NetworkAcl);
        const associated = engine.ofType(aws.ec2.NetworkAclAssociation).map((a) => {
            assert.strictEqual(a.inputs.networkAclId, nacl.id);
            return nameTag(engine.byId(a.inputs.subnetId as string)!);
        });
        assert.deepStrictEqual(associated.sort(), ["IMD-PRIVATE-A", "IMD-PRIVATE-B"]);
        assert.strictEqual(nacl.parent, engine.one("vpc-labs:labs:BastionSsmLab").urn);
    });

    it("takes rule 10's source from the network's first public subnet", async () => {
        const { engine } = await scenario("operator");
        const publicA = byNameTag(engine, aws.ec2.Subnet, "IMD-PUBLIC-A");
        assert.strictEqual(engine.one(aws.ec2.NetworkAclRule, "bastion-ssm-private-nacl-in-10").inputs.cidrBlock, publicA.inputs.cidrBlock);
    });

    it("builds no NACL, rule or association when the exercise is off", async () => {
        const { engine, outputs } = await scenario("classroom");
        assert.deepStrictEqual(engine.ofType(aws.ec2.NetworkAcl), []);
        assert.deepStrictEqual(engine.ofType(aws.ec2.NetworkAclRule), []);
        assert.deepStrictEqual(engine.ofType(aws.ec2.NetworkAclAssociation), []);
        assert.strictEqual("naclExercise" in outputs, false);
    });

    it("states the rules as one plain list", () => {
        assert.deepStrictEqual(privateNaclRules("10.1.1.0/24"), [
            { ruleNumber: 10, egress: false, protocol: "-1", ruleAction: "allow", cidrBlock: "10.1.1.0/24" },
            { ruleNumber: 10, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" },
        ]);
    });
});
