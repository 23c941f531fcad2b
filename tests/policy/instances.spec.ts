import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { instanceImdsv2Required, privateSubnetInstanceNoPublicIp, userDataNoPasswords } from "../../policy/rules/instances";
import { ORIGINAL_PRIVATE_USER_DATA } from "../fixtures/policy/originalLabs";
import { messagesOf, record, RecordOptions, UNKNOWN_VALUE, violationsOf } from "../fixtures/policy/records";

const SAFE_USER_DATA = [
    "#!/bin/bash",
    "# Never: echo 'root:secret' | chpasswd",
    "dnf install -y httpd",
    "grep ec2-user /etc/passwd > /dev/null",
    "chown root:root /var/www/html",
    'TOKEN=$(curl -sX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")',
    "systemctl enable --now httpd",
].join("\n");

function instance(name: string, props: Record<string, unknown>, options: RecordOptions = {}) {
    return record(aws.ec2.Instance, name, { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: "required" }, ...props }, options);
}

describe("instance-imdsv2-required", () => {
    it("accepts required tokens, and a metadata endpoint that is off", async () => {
        const template = record(aws.ec2.LaunchTemplate, "web", { metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" } });
        const noImds = instance("quiet", { metadataOptions: { httpEndpoint: "disabled" } });
        assert.deepStrictEqual(await messagesOf(instanceImdsv2Required, [instance("web", {}), noImds, template]), []);
    });

    it("flags IMDSv1 left on, explicitly or by default, on instances and launch templates", async () => {
        const optional = instance("CloudNeta-Public-EC2", { metadataOptions: { httpTokens: "optional" } });
        const unset = instance("CloudNeta-Private-EC2", { metadataOptions: undefined });
        const template = record(aws.ec2.LaunchTemplate, "web-template", {});
        const violations = await violationsOf(instanceImdsv2Required, [optional, unset, template]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                ["mandatory", optional.urn, 'Instance "CloudNeta-Public-EC2" must require IMDSv2; metadataOptions.httpTokens is "optional": set metadataOptions: { httpTokens: "required" }.'],
                [
                    "mandatory",
                    unset.urn,
                    'Instance "CloudNeta-Private-EC2" must require IMDSv2; metadataOptions.httpTokens is not set, so IMDSv1 stays on unless the AMI turns it off: set metadataOptions: { httpTokens: "required" }.',
                ],
                [
                    "mandatory",
                    template.urn,
                    'Launch template "web-template" must require IMDSv2; metadataOptions.httpTokens is not set, so IMDSv1 stays on unless the AMI turns it off: set metadataOptions: { httpTokens: "required" }.',
                ],
            ],
        );
    });
});

describe("user-data-no-passwords", () => {
    const UNSAFE_FIX = "remove those lines and reach the instance with Session Manager or EC2 Instance Connect.";

    it("accepts user data that sets no password, even when it mentions /etc/passwd or root:root", async () => {
        const template = record(aws.ec2.LaunchTemplate, "web", { userData: Buffer.from(SAFE_USER_DATA).toString("base64") });
        assert.deepStrictEqual(await messagesOf(userDataNoPasswords, [instance("web", { userData: SAFE_USER_DATA }), template]), []);
    });

    it("flags the original lab's root password and SSH settings, as plain text or base64", async () => {
        const expected =
            "user data must not set passwords or enable root or password SSH login; it sets a password with passwd, enables root SSH login (PermitRootLogin yes), " +
            `enables password SSH login (PasswordAuthentication yes): ${UNSAFE_FIX}`;
        const plain = instance("CloudNeta-Private-EC2", { userData: ORIGINAL_PRIVATE_USER_DATA });
        const encoded = instance("encoded", { userDataBase64: Buffer.from(ORIGINAL_PRIVATE_USER_DATA).toString("base64") });
        const violations = await violationsOf(userDataNoPasswords, [plain, encoded]);
        assert.deepStrictEqual(
            violations.map((v) => [v.urn, v.message]),
            [
                [plain.urn, `Instance "CloudNeta-Private-EC2" ${expected}`],
                [encoded.urn, `Instance "encoded" ${expected}`],
            ],
        );
    });

    it("flags chpasswd, echoed root:password pairs and cloud-config password login in launch templates", async () => {
        const cloudConfig = ["#cloud-config", "ssh_pwauth: true", "disable_root: false", "chpasswd:", "  list: |", "    root:qwe123"].join("\n");
        const shell = "#!/bin/bash\necho 'root:qwe123' | chpasswd\nuseradd -m -p secret student\n";
        assert.deepStrictEqual(
            await messagesOf(userDataNoPasswords, [
                record(aws.ec2.LaunchTemplate, "cloud-config", { userData: Buffer.from(cloudConfig).toString("base64") }),
                instance("shell", { userData: shell }),
            ]),
            [
                `Launch template "cloud-config" user data must not set passwords or enable root or password SSH login; it sets a password with chpasswd, enables root SSH login (disable_root: false), enables password SSH login (ssh_pwauth: true): ${UNSAFE_FIX}`,
                `Instance "shell" user data must not set passwords or enable root or password SSH login; it sets a password with chpasswd, sets a password with usermod/useradd, writes a root:password pair: ${UNSAFE_FIX}`,
            ],
        );
    });
});

describe("private-subnet-instance-no-public-ip", () => {
    const vpc = record(aws.ec2.Vpc, "vpc", { cidrBlock: "10.1.0.0/16" }, { id: "vpc-1" });
    const igw = record(aws.ec2.InternetGateway, "igw", { vpcId: "vpc-1" }, { id: "igw-1", deps: { vpcId: [vpc] } });
    const nat = record(aws.ec2.NatGateway, "nat", { subnetId: "subnet-public" }, { id: "nat-1" });
    const publicRt = record(aws.ec2.RouteTable, "public-rt", { vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] }, { id: "rtb-public", deps: { routes: [igw] } });
    const privateRt = record(aws.ec2.RouteTable, "private-rt", { vpcId: "vpc-1", routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }] }, { id: "rtb-private", deps: { routes: [nat] } });
    const publicSubnet = record(aws.ec2.Subnet, "IMD-PUBLIC-A", { vpcId: "vpc-1", mapPublicIpOnLaunch: true }, { id: "subnet-public", deps: { vpcId: [vpc] } });
    const privateSubnet = record(aws.ec2.Subnet, "IMD-PRIVATE-A", { vpcId: "vpc-1", mapPublicIpOnLaunch: true }, { id: "subnet-private", deps: { vpcId: [vpc] } });
    const associate = (name: string, subnet: string, table: string) => record(aws.ec2.RouteTableAssociation, name, { subnetId: subnet, routeTableId: table });
    const network = [vpc, igw, nat, publicRt, privateRt, publicSubnet, privateSubnet, associate("public-a", "subnet-public", "rtb-public"), associate("private-a", "subnet-private", "rtb-private")];

    it("accepts public IPs in public subnets and none in private subnets", async () => {
        const records = [
            ...network,
            instance("PUBLIC-01", { subnetId: "subnet-public", associatePublicIpAddress: true }),
            instance("PRIVATE-01", { subnetId: "subnet-private", associatePublicIpAddress: false }),
        ];
        assert.deepStrictEqual(await messagesOf(privateSubnetInstanceNoPublicIp, records), []);
    });

    it("flags a public IP in a subnet whose default route goes to a NAT gateway", async () => {
        const exposed = instance("PRIVATE-01", { subnetId: "subnet-private", associatePublicIpAddress: true });
        const inherited = instance("PRIVATE-02", { subnetId: "subnet-private" });
        const violations = await violationsOf(privateSubnetInstanceNoPublicIp, [...network, exposed, inherited]);
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.urn, v.message]),
            [
                ["mandatory", exposed.urn, 'Instance "PRIVATE-01" in private subnet "IMD-PRIVATE-A" must not get a public IP; associatePublicIpAddress is true: set associatePublicIpAddress: false.'],
                [
                    "mandatory",
                    inherited.urn,
                    'Instance "PRIVATE-02" in private subnet "IMD-PRIVATE-A" must not get a public IP; its subnet has mapPublicIpOnLaunch on: set mapPublicIpOnLaunch: false on the subnet or associatePublicIpAddress: false on the instance.',
                ],
            ],
        );
    });

    it("flags an Elastic IP on an instance in a subnet left on the main route table", async () => {
        const isolated = record(aws.ec2.Subnet, "isolated", { vpcId: "vpc-1" }, { id: "subnet-isolated", deps: { vpcId: [vpc] } });
        const server = instance("db", { subnetId: "subnet-isolated", associatePublicIpAddress: false }, { id: "i-db" });
        const eip = record(aws.ec2.Eip, "db-eip", { domain: "vpc", instance: "i-db" });
        assert.deepStrictEqual(await messagesOf(privateSubnetInstanceNoPublicIp, [vpc, isolated, server, eip]), [
            'Instance "db" in private subnet "isolated" must not get a public IP; Elastic IP "db-eip" is attached to it: remove the Elastic IP; use a NAT gateway for outbound traffic.',
        ]);
    });

    it("sees internet routes in route resources, main-table replacements, and gateways known only by dependency", async () => {
        const bare = record(aws.ec2.RouteTable, "bare-rt", { vpcId: "vpc-1" }, { id: "rtb-bare" });
        const toIgw = record(aws.ec2.Route, "bare-default", { routeTableId: "rtb-bare", destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN_VALUE }, { deps: { gatewayId: [igw] } });
        const subnet = record(aws.ec2.Subnet, "web", { vpcId: "vpc-1" }, { id: "subnet-web", deps: { vpcId: [vpc] } });
        const web = instance("web", { subnetId: "subnet-web", associatePublicIpAddress: true });
        assert.deepStrictEqual(await messagesOf(privateSubnetInstanceNoPublicIp, [vpc, igw, bare, toIgw, subnet, associate("web", "subnet-web", "rtb-bare"), web]), []);
        const main = record(aws.ec2.MainRouteTableAssociation, "main", { vpcId: "vpc-1", routeTableId: "rtb-public" });
        assert.deepStrictEqual(await messagesOf(privateSubnetInstanceNoPublicIp, [vpc, igw, publicRt, main, subnet, web]), []);
    });

    it("gives no verdict for subnets on route tables outside the stack", async () => {
        const external = associate("external", "subnet-private", "rtb-elsewhere");
        const exposed = instance("PRIVATE-01", { subnetId: "subnet-private", associatePublicIpAddress: true });
        assert.deepStrictEqual(await messagesOf(privateSubnetInstanceNoPublicIp, [vpc, privateSubnet, external, exposed]), []);
    });
});
