import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { vpcCidrPrivate } from "../../policy/rules/vpcs";
import { messagesOf, record, violationsOf } from "../fixtures/policy/records";

describe("vpc-cidr-private", () => {
    it("accepts RFC 1918 and RFC 6598 blocks, and VPCs that take their block from IPAM", async () => {
        const records = ["10.0.0.0/16", "172.20.0.0/16", "192.168.0.0/20", "100.64.0.0/16"].map((cidrBlock, i) => record(aws.ec2.Vpc, `vpc-${i}`, { cidrBlock }));
        const ipam = record(aws.ec2.Vpc, "ipam-vpc", { ipv4IpamPoolId: "ipam-pool-1", ipv4NetmaskLength: 16 });
        assert.deepStrictEqual(await messagesOf(vpcCidrPrivate, [...records, ipam]), []);
    });

    it("flags the original provider VPC's 20.0.0.0/16 and a public secondary block", async () => {
        const provider = record(aws.ec2.Vpc, "CustomVPC", { cidrBlock: "20.0.0.0/16" });
        const secondary = record(aws.ec2.VpcIpv4CidrBlockAssociation, "extra", { vpcId: "vpc-1", cidrBlock: "172.32.0.0/16" });
        const violations = await violationsOf(vpcCidrPrivate, [provider, secondary]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                [
                    "mandatory",
                    provider.urn,
                    'VPC "CustomVPC" must use a private CIDR block (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); it uses 20.0.0.0/16, which is publicly routable: choose a block inside one of those ranges.',
                ],
                [
                    "mandatory",
                    secondary.urn,
                    'VPC CIDR association "extra" must use a private CIDR block (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10); it uses 172.32.0.0/16, which is publicly routable: choose a block inside one of those ranges.',
                ],
            ],
        );
    });
});
