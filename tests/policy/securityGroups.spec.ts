import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { defaultSecurityGroupClosed, securityGroupNoPublicAdminPorts } from "../../policy/rules/securityGroups";
import { messagesOf, record, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const FIX = "allow the port only from an operator CIDR or a security group, or reach instances with Session Manager.";

describe("security-group-no-public-admin-ports", () => {
    it("accepts SSH from an operator CIDR or a security group, and web ports from anywhere", async () => {
        const group = record(aws.ec2.SecurityGroup, "bastion-sg", {
            ingress: [
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["203.0.113.7/32"] },
                { protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: ["sg-bastion"] },
                { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
                { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] },
            ],
        });
        const rule = record(aws.vpc.SecurityGroupIngressRule, "https", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
        const egress = record(aws.ec2.SecurityGroupRule, "egress-all", { type: "egress", securityGroupId: "sg-1", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] });
        assert.deepStrictEqual(await messagesOf(securityGroupNoPublicAdminPorts, [group, rule, egress]), []);
    });

    it("flags the originals' open SSH inline, for IPv4 and IPv6", async () => {
        const group = record(aws.ec2.SecurityGroup, "IMD-PUB-SG", {
            ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
        });
        const violations = await violationsOf(securityGroupNoPublicAdminPorts, [group]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                ["mandatory", group.urn, `Security group "IMD-PUB-SG" must not allow SSH (22) from 0.0.0.0/0; it allows tcp 22 from 0.0.0.0/0: ${FIX}`],
                ["mandatory", group.urn, `Security group "IMD-PUB-SG" must not allow SSH (22) from ::/0; it allows tcp 22 from ::/0: ${FIX}`],
            ],
        );
    });

    it("reads string-typed ports and a single string of CIDRs as the AWS provider coerces them, so SSH open to the world is still caught", async () => {
        const inline = record(aws.ec2.SecurityGroup, "typed-as-strings", {
            ingress: [{ protocol: "tcp", fromPort: "22", toPort: "22", cidrBlocks: "0.0.0.0/0" }],
        });
        const rule = record(aws.ec2.SecurityGroupRule, "rule-strings", { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: "0", toPort: "65535", ipv6CidrBlocks: "::/0" });
        const vpcRule = record(aws.vpc.SecurityGroupIngressRule, "vpc-rule-strings", { securityGroupId: "sg-1", ipProtocol: "6", fromPort: "22", toPort: "22", cidrIpv4: "0.0.0.0/0" });
        const notAPort = record(aws.vpc.SecurityGroupIngressRule, "not-a-port", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: "ssh", toPort: "ssh", cidrIpv4: "0.0.0.0/0" });
        assert.deepStrictEqual(await messagesOf(securityGroupNoPublicAdminPorts, [inline, rule, vpcRule, notAPort]), [
            `Security group "typed-as-strings" must not allow SSH (22) from 0.0.0.0/0; it allows tcp 22 from 0.0.0.0/0: ${FIX}`,
            `Security group rule "rule-strings" must not allow SSH (22) or RDP (3389) from ::/0; it allows tcp 0-65535 from ::/0: ${FIX}`,
            `Security group ingress rule "vpc-rule-strings" must not allow SSH (22) from 0.0.0.0/0; it allows tcp 22 from 0.0.0.0/0: ${FIX}`,
        ]);
    });

    it("flags ranges and all-protocol rules in rule resources and on the default group", async () => {
        const range = record(aws.ec2.SecurityGroupRule, "wide", { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] });
        const all = record(aws.vpc.SecurityGroupIngressRule, "everything", { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv6: "::/0" });
        const rdp = record(aws.ec2.DefaultSecurityGroup, "default", { ingress: [{ protocol: "6", fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"] }] });
        assert.deepStrictEqual(await messagesOf(securityGroupNoPublicAdminPorts, [range, all, rdp]), [
            `Security group rule "wide" must not allow SSH (22) or RDP (3389) from 0.0.0.0/0; it allows tcp 0-65535 from 0.0.0.0/0: ${FIX}`,
            `Security group ingress rule "everything" must not allow SSH (22) or RDP (3389) from ::/0; it allows all traffic from ::/0: ${FIX}`,
            `Default security group "default" must not allow RDP (3389) from 0.0.0.0/0; it allows tcp 3389 from 0.0.0.0/0: ${FIX}`,
        ]);
    });

    it("checks the configured ports, and gives no verdict on unknown ports", async () => {
        const postgres = record(aws.vpc.SecurityGroupIngressRule, "db", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" });
        const config = { "security-group-no-public-admin-ports": { ports: [22, 5432] } };
        assert.deepStrictEqual(await messagesOf(securityGroupNoPublicAdminPorts, [postgres], config), [
            `Security group ingress rule "db" must not allow 5432 from 0.0.0.0/0; it allows tcp 5432 from 0.0.0.0/0: ${FIX}`,
        ]);
        const unknownPort = record(aws.vpc.SecurityGroupIngressRule, "later", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: UNKNOWN_VALUE, toPort: UNKNOWN_VALUE, cidrIpv4: "0.0.0.0/0" });
        assert.deepStrictEqual(await messagesOf(securityGroupNoPublicAdminPorts, [unknownPort]), []);
    });
});

describe("default-security-group-closed", () => {
    const vpc = record(aws.ec2.Vpc, "lab-vpc", { cidrBlock: "10.0.0.0/16", defaultSecurityGroupId: "sg-default" }, { id: "vpc-1" });

    it("accepts an adopted default group with no rules", async () => {
        const closed = record(aws.ec2.DefaultSecurityGroup, "lab-default-sg", { vpcId: "vpc-1", ingress: [], egress: [] }, { id: "sg-default", deps: { vpcId: [vpc] } });
        assert.deepStrictEqual(await messagesOf(defaultSecurityGroupClosed, [vpc, closed]), []);
    });

    it("flags a VPC whose default group is not adopted, as advisory", async () => {
        const violations = await violationsOf(defaultSecurityGroupClosed, [vpc]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                [
                    "advisory",
                    vpc.urn,
                    'VPC "lab-vpc" must have its default security group closed; it is not adopted, so it keeps AWS\'s default rules: adopt it with aws.ec2.DefaultSecurityGroup and no ingress or egress.',
                ],
            ],
        );
    });

    it("flags an adopted default group with inline rules or rule resources on it", async () => {
        const open = record(
            aws.ec2.DefaultSecurityGroup,
            "lab-default-sg",
            { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
            { id: "sg-default", deps: { vpcId: [vpc] } },
        );
        const onVpcOutput = record(aws.vpc.SecurityGroupIngressRule, "extra", { securityGroupId: UNKNOWN_VALUE, ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "10.0.0.0/16" }, { deps: { securityGroupId: [vpc] } });
        const violations = await violationsOf(defaultSecurityGroupClosed, [vpc, open, onVpcOutput]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [
                    open.urn,
                    'Default security group "lab-default-sg" of VPC "lab-vpc" must have no rules; it has 3 rules: remove them, so the group denies all traffic and nothing uses it by accident.',
                ],
            ],
        );
    });
});
