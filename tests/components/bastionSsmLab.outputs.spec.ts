import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { bastionSsmLabDefinition } from "../../components/labs/bastionSsmLab";
import { labVerification, operatorAddress, VerificationFacts } from "../../components/labs/bastionSsmLab/verification";
import { LabCheck } from "../../labs/labCheck";
import { bastionSsmConfig, byNameTag, scenario } from "../fixtures/bastionSsm";

const FACTS: VerificationFacts = {
    region: "ap-northeast-2",
    vpcCidr: "10.1.0.0/16",
    subnetCidrs: { publicA: "10.1.1.0/24", publicB: "10.1.2.0/24", privateA: "10.1.11.0/24", privateB: "10.1.12.0/24" },
    instances: {
        "PUBLIC-01": { instanceId: "i-pub1", privateIp: "10.1.1.10", publicIp: "203.0.113.10" },
        "PUBLIC-02": { instanceId: "i-pub2", privateIp: "10.1.2.10", publicIp: "203.0.113.20" },
        "PRIVATE-01": { instanceId: "i-pri1", privateIp: "10.1.11.10", publicIp: "" },
        "PRIVATE-02": { instanceId: "i-pri2", privateIp: "10.1.12.10", publicIp: "" },
    },
    natGateways: "single",
    interfaceEndpointAzCount: 2,
};
const WITH_BASTION: VerificationFacts = {
    ...FACTS,
    bastion: { instanceId: "i-bastion", privateIp: "10.1.2.11", publicIp: "203.0.113.30" },
    operatorPing: { operatorCidr: "198.51.100.7/32", securityGroupId: "sg-pub", ruleId: "sgr-ping" },
};
const PUSH = (id: string) => `aws ec2-instance-connect send-ssh-public-key --region ap-northeast-2 --instance-id ${id} --instance-os-user ec2-user --ssh-public-key file://~/.ssh/imd-lab.pub`;

const commands = (checks: readonly LabCheck[]) => checks.map((c) => c.command);
const probeOf = (facts: VerificationFacts, id: string) => labVerification(facts).checks.find((c) => c.id === id)?.probe;

describe("bastion-ssm lab: outputs", () => {
    describe("verification commands", () => {
        it("gives an aws ssm start-session command per instance, private ones first", () => {
            assert.deepStrictEqual(labVerification(FACTS).sessionManager, {
                "PRIVATE-01": "aws ssm start-session --region ap-northeast-2 --target i-pri1",
                "PRIVATE-02": "aws ssm start-session --region ap-northeast-2 --target i-pri2",
                "PUBLIC-01": "aws ssm start-session --region ap-northeast-2 --target i-pub1",
                "PUBLIC-02": "aws ssm start-session --region ap-northeast-2 --target i-pub2",
            });
        });

        it("checks Session Manager, private DNS, IMDSv2, the pages and the way out, in that order", () => {
            const checks = labVerification(FACTS).checks;
            assert.deepStrictEqual(commands(checks), [
                "aws ssm start-session --region ap-northeast-2 --target i-pri1",
                "aws ssm start-session --region ap-northeast-2 --target i-pri2",
                "getent ahostsv4 ssmmessages.ap-northeast-2.amazonaws.com | awk '{print $1}' | sort -u",
                "curl -s -o /dev/null -w '%{http_code}\\n' http://169.254.169.254/latest/meta-data/instance-id",
                "curl -s http://203.0.113.10/",
                "curl -s http://203.0.113.20/",
                "curl -s http://10.1.11.10/",
                "curl -sS -m 10 https://checkip.amazonaws.com",
            ]);
            assert.strictEqual(checks[0].expected, "a shell on PRIVATE-01 with no SSH key and no inbound port open; whoami prints ssm-user");
            assert.strictEqual(
                checks[2].expected,
                "private addresses of the endpoint in IMD-PRIVATE-A (10.1.11.0/24) and IMD-PRIVATE-B (10.1.12.0/24): private DNS sends Session Manager through the interface endpoints",
            );
            assert.strictEqual(checks[3].expected, "401: a metadata request without an IMDSv2 session token is refused");
            assert.strictEqual(checks[6].where, "a session on PUBLIC-01 (aws ssm start-session --region ap-northeast-2 --target i-pub1)");
        });

        it("expects the NAT gateway's address from a private instance, or a timeout without one", () => {
            const expectFor = (facts: VerificationFacts) => labVerification(facts).checks.find((c) => c.command.includes("checkip"))?.expected;
            assert.strictEqual(expectFor(FACTS), "the Elastic IP of IMD-NATGW: PRIVATE-RT sends 0.0.0.0/0 to the NAT gateway in IMD-PUBLIC-A");
            assert.strictEqual(
                expectFor({ ...FACTS, natGateways: "none" }),
                "a timeout after 10 s: this stack has no NAT gateway (bastionSsmNatGateways: none), yet Session Manager works through the endpoints",
            );
            assert.strictEqual(
                expectFor({ ...FACTS, natGateways: "per-az" }),
                "the Elastic IP of the zone 1 NAT gateway: PRIVATE-RT-A sends 0.0.0.0/0 to it (PRIVATE-02 leaves through zone 2's)",
            );
            assert.strictEqual(
                expectFor({ ...FACTS, natGateways: undefined }),
                "an Elastic IP if the network's private route tables send 0.0.0.0/0 to a NAT gateway, a timeout otherwise",
            );
            assert.match(expectFor({ ...FACTS, nacl: { networkAclId: "acl-1" } })!, /; a timeout instead while IMD-PRIVATE-NACL is on \(see naclExercise\.alsoBlocked\)$/);
        });

        it("names the endpoint's one subnet when interface endpoints span one zone", () => {
            const dns = labVerification({ ...FACTS, interfaceEndpointAzCount: 1 }).checks[2];
            assert.match(dns.expected, /^private addresses of the endpoint in IMD-PRIVATE-A \(10\.1\.11\.0\/24\): /);
        });

        it("has no bastion commands and no SSH at all without a bastion", () => {
            const verification = labVerification(FACTS);
            assert.strictEqual("bastion" in verification, false);
            assert.ok(commands(verification.checks).every((c) => !/\bssh\b/.test(c)));
        });

        it("gives the Instance Connect, ssh -J and tunnel commands when the bastion exists", () => {
            assert.deepStrictEqual(labVerification(WITH_BASTION).bastion, {
                instanceId: "i-bastion",
                publicIp: "203.0.113.30",
                prepareKey: "ssh-keygen -t ed25519 -N '' -C imd-lab -f ~/.ssh/imd-lab && ssh-add ~/.ssh/imd-lab",
                pushKey: { BASTION: PUSH("i-bastion"), "PRIVATE-01": PUSH("i-pri1"), "PRIVATE-02": PUSH("i-pri2") },
                sshJump: { "PRIVATE-01": "ssh -J ec2-user@203.0.113.30 ec2-user@10.1.11.10", "PRIVATE-02": "ssh -J ec2-user@203.0.113.30 ec2-user@10.1.12.10" },
                tunnel: "ssh -N -L 22001:10.1.11.10:22 ec2-user@203.0.113.30",
                tunnelLogin: "ssh -p 22001 ec2-user@localhost",
                note:
                    "EC2 Instance Connect keys are valid for 60 seconds: push the key to BASTION and to the target, then connect within the minute. " +
                    "The private key stays in your ssh-agent; ssh -J needs no agent forwarding (-A) on the bastion.",
            });
        });

        it("checks the jump, the tunnel and the statefulness demo when an operator CIDR is set", () => {
            const checks = labVerification(WITH_BASTION).checks.slice(8);
            assert.deepStrictEqual(commands(checks), [
                "ping -c 3 -W 2 203.0.113.10",
                "aws ec2 revoke-security-group-ingress --region ap-northeast-2 --group-id sg-pub --security-group-rule-ids sgr-ping",
                `${PUSH("i-bastion")} && ${PUSH("i-pri1")} && ssh -J ec2-user@203.0.113.30 ec2-user@10.1.11.10`,
                `${PUSH("i-bastion")} && ssh -N -L 22001:10.1.11.10:22 ec2-user@203.0.113.30`,
                `${PUSH("i-pri1")} && ssh -p 22001 ec2-user@localhost`,
            ]);
            assert.strictEqual(checks[0].expected, "3 replies: IMD-PUB-SG admits ICMP echo from your CIDR 198.51.100.7/32");
            assert.strictEqual(
                checks[1].expected,
                "the running ping keeps getting replies (a security group tracks the flow it already admitted); stop it and ping again: no replies",
            );
            assert.strictEqual(checks[1].note, "pulumi up --refresh puts the rule back");
            assert.deepStrictEqual(checks[0].probe, { from: "198.51.100.7", to: "203.0.113.10", protocol: "icmp", expectReachable: true });
            assert.strictEqual(checks[1].probe, undefined);
            assert.deepStrictEqual(checks[2].probe, { from: "BASTION", to: "PRIVATE-01", protocol: "tcp", port: 22, expectReachable: true });
            assert.deepStrictEqual(checks[3].probe, { from: "198.51.100.7", to: "203.0.113.30", protocol: "tcp", port: 22, expectReachable: true });
        });

        it("states and probes each flow from the same facts: NAT, the NACL exercise, one endpoint zone", () => {
            assert.deepStrictEqual(probeOf(FACTS, "private-internet"), { from: "PRIVATE-01", to: "internet", protocol: "tcp", port: 443, expectReachable: true });
            assert.strictEqual(probeOf({ ...FACTS, natGateways: "none" }, "private-internet")?.expectReachable, false);
            assert.strictEqual(probeOf({ ...FACTS, nacl: { networkAclId: "acl-1" } }, "private-internet")?.expectReachable, false);
            assert.strictEqual(probeOf({ ...FACTS, natGateways: undefined }, "private-internet"), undefined);
            assert.strictEqual(probeOf({ ...FACTS, nacl: { networkAclId: "acl-1" }, interfaceEndpointAzCount: 1 }, "session-manager-private-02")?.expectReachable, false);
            assert.strictEqual(probeOf({ ...FACTS, nacl: { networkAclId: "acl-1" } }, "session-manager-private-02")?.expectReachable, true);
            assert.strictEqual(probeOf({ ...WITH_BASTION, nacl: { networkAclId: "acl-1" } }, "bastion-ssh-jump")?.expectReachable, false);
            assert.deepStrictEqual(
                labVerification({ ...WITH_BASTION, nacl: { networkAclId: "acl-1" } }).checks.filter((c) => c.id.startsWith("nacl-")).map((c) => [c.id, c.probe?.from, c.probe?.to, c.probe?.expectReachable]),
                [
                    ["nacl-ping-public-a-to-private", "PUBLIC-01", "10.1.11.10", true],
                    ["nacl-ping-private-to-public-a", "PRIVATE-01", "10.1.1.10", true],
                    ["nacl-ping-public-b-to-private", "BASTION", "10.1.11.10", false],
                    ["nacl-ping-private-to-public-b", "PRIVATE-01", "10.1.2.10", false],
                ],
            );
        });

        it("starts the operator's probes at the first address of the operator CIDR", () => {
            assert.strictEqual(operatorAddress("198.51.100.7/32"), "198.51.100.7");
            assert.strictEqual(operatorAddress("198.51.100.0/24"), "198.51.100.1");
        });
    });

    describe("NACL exercise", () => {
        it("expects PUBLIC-01 -> PRIVATE-01 to succeed and PUBLIC-02 -> PRIVATE-01 to fail", () => {
            const nacl = labVerification({ ...FACTS, nacl: { networkAclId: "acl-1" } }).naclExercise!;
            assert.strictEqual(nacl.networkAclId, "acl-1");
            assert.deepStrictEqual(nacl.expectedToSucceed[0], {
                on: "a session on PUBLIC-01 (aws ssm start-session --region ap-northeast-2 --target i-pub1)",
                command: "ping -c 3 -W 2 10.1.11.10",
                expect: "3 replies: PUBLIC-01 is in IMD-PUBLIC-A (10.1.1.0/24), which inbound rule 10 lets into the private subnets; outbound rule 10 lets the replies out",
            });
            assert.strictEqual(nacl.expectedToFail[0].on, "PUBLIC-02");
            assert.strictEqual(nacl.expectedToFail[0].command, "ping -c 3 -W 2 10.1.11.10");
            assert.strictEqual(
                nacl.expectedToFail[0].expect,
                "100% packet loss: IMD-PUBLIC-B (10.1.2.0/24) matches no allow rule, so the NACL's final rule * drops the requests entering IMD-PRIVATE-A",
            );
            assert.match(nacl.expectedToFail[0].note!, /^Session Manager cannot reach PUBLIC-02 while the NACL is on/);
        });

        it("shows statelessness from PRIVATE-01: replies from IMD-PUBLIC-A come back in, replies from IMD-PUBLIC-B do not", () => {
            const nacl = labVerification({ ...FACTS, nacl: { networkAclId: "acl-1" } }).naclExercise!;
            assert.deepStrictEqual(
                [nacl.expectedToSucceed[1].command, nacl.expectedToFail[1].command],
                ["ping -c 3 -W 2 10.1.1.10", "ping -c 3 -W 2 10.1.2.10"],
            );
            assert.strictEqual(
                nacl.expectedToFail[1].expect,
                "100% packet loss: the requests leave (outbound rule 10), but the replies from IMD-PUBLIC-B (10.1.2.0/24) are dropped coming back in: a NACL is stateless",
            );
        });

        it("runs the failing ping from BASTION, which shares IMD-PUBLIC-B with PUBLIC-02, when there is one", () => {
            const fail = labVerification({ ...WITH_BASTION, nacl: { networkAclId: "acl-1" } }).naclExercise!.expectedToFail[0];
            assert.strictEqual(fail.on, "BASTION (ssh ec2-user@203.0.113.30 after pushing the key), which shares IMD-PUBLIC-B (10.1.2.0/24) with PUBLIC-02");
        });

        it("states what else the NACL blocks in a stack with two endpoint zones, a NAT gateway and a bastion", () => {
            const { alsoBlocked } = labVerification({ ...WITH_BASTION, nacl: { networkAclId: "acl-1" } }).naclExercise!;
            assert.deepStrictEqual(alsoBlocked, [
                "Session Manager on PUBLIC-02 and BASTION: private DNS points the whole VPC at the endpoint ENIs in the private subnets, and traffic from IMD-PUBLIC-B (10.1.2.0/24) is not let in, so they show as offline until the NACL is removed. PUBLIC-01 keeps working.",
                "Session Manager on PRIVATE-01 and PRIVATE-02 gets unreliable: the service names resolve to the endpoint ENIs in both private subnets, and connections to the other subnet's ENI are dropped; " +
                    "the agent falls back to the ENI in its own subnet (traffic within a subnet never passes its NACL) after a timeout, so sessions are slow to open or drop.",
                "Internet access from PRIVATE-01 and PRIVATE-02: replies through a NAT gateway keep the internet server's address as their source, which rule 10 does not allow, so dnf and curl to the internet time out, although the private route tables still send 0.0.0.0/0 to the NAT gateway.",
                "ssh -J and the tunnel through BASTION: BASTION is in IMD-PUBLIC-B (10.1.2.0/24), so its connections to PRIVATE-01 and PRIVATE-02 are dropped.",
                "Traffic between PRIVATE-01 and PRIVATE-02 in either direction, and the private pages from anywhere but IMD-PUBLIC-A (10.1.1.0/24): the private subnets let in nothing else.",
                "Not blocked: traffic within one subnet, DNS to the VPC resolver and instance metadata (NACLs never filter those), and the public subnets, which keep the default NACL. " +
                    "The rejected traffic shows in the VPC's flow log when it records REJECT or ALL traffic.",
            ]);
        });

        it("says PRIVATE-02 loses Session Manager when the endpoints sit in IMD-PRIVATE-A only, and mentions no NAT when there is none", () => {
            const { alsoBlocked } = labVerification({ ...FACTS, natGateways: "none", interfaceEndpointAzCount: 1, nacl: { networkAclId: "acl-1" } }).naclExercise!;
            assert.deepStrictEqual(alsoBlocked.slice(0, 2), [
                "Session Manager on PUBLIC-02: private DNS points the whole VPC at the endpoint ENIs in the private subnets, and traffic from IMD-PUBLIC-B (10.1.2.0/24) is not let in, so it shows as offline until the NACL is removed. PUBLIC-01 keeps working.",
                "Session Manager on PRIVATE-02: the endpoints have ENIs in IMD-PRIVATE-A only (interfaceEndpointAzCount: 1) and traffic from IMD-PRIVATE-B (10.1.12.0/24) is not let into IMD-PRIVATE-A, so PRIVATE-02 goes offline. PRIVATE-01 keeps working: traffic within one subnet never passes its NACL.",
            ]);
            assert.ok(alsoBlocked.every((line) => !line.includes("NAT")));
        });

        it("has no NACL section when the exercise is off", () => {
            assert.strictEqual("naclExercise" in labVerification(FACTS), false);
        });
    });

    describe("stack outputs", () => {
        it("exports IDs, private IPs and the checks of the built lab", async () => {
            const { engine, outputs } = await scenario("classroom");
            assert.deepStrictEqual(Object.keys(outputs), [
                "vpcId",
                "subnetIds",
                "instances",
                "securityGroupIds",
                "endpointIds",
                "instanceRoleArn",
                "instanceProfileName",
                "sessionManager",
                "checks",
            ]);
            const instance = (name: string) => byNameTag(engine, aws.ec2.Instance, name);
            const ids = (name: string) => ({ instanceId: instance(name).id, privateIp: instance(name).outputs.privateIp });
            assert.deepStrictEqual(outputs.instances, {
                "PUBLIC-01": { ...ids("PUBLIC-01"), publicIp: instance("PUBLIC-01").outputs.publicIp },
                "PUBLIC-02": { ...ids("PUBLIC-02"), publicIp: instance("PUBLIC-02").outputs.publicIp },
                "PRIVATE-01": ids("PRIVATE-01"),
                "PRIVATE-02": ids("PRIVATE-02"),
            });
            assert.match(String(instance("PRIVATE-01").outputs.privateIp), /^10\.1\.11\.\d+$/);
            assert.deepStrictEqual(outputs.sessionManager, {
                "PRIVATE-01": `aws ssm start-session --region ap-northeast-2 --target ${instance("PRIVATE-01").id}`,
                "PRIVATE-02": `aws ssm start-session --region ap-northeast-2 --target ${instance("PRIVATE-02").id}`,
                "PUBLIC-01": `aws ssm start-session --region ap-northeast-2 --target ${instance("PUBLIC-01").id}`,
                "PUBLIC-02": `aws ssm start-session --region ap-northeast-2 --target ${instance("PUBLIC-02").id}`,
            });
            assert.deepStrictEqual(outputs.endpointIds, Object.fromEntries(engine.ofType(aws.ec2.VpcEndpoint).map((e) => [String(e.inputs.serviceName).split(".").pop(), e.id])));
            assert.strictEqual(outputs.vpcId, engine.one(aws.ec2.Vpc).id);
        });

        it("exports the bastion commands and the NACL expectations when both exist, with the real rule ID to revoke", async () => {
            const { engine, outputs } = await scenario("operator");
            const bastion = outputs.bastion as { instanceId: string; publicIp: string; tunnel: string };
            const bastionRecord = byNameTag(engine, aws.ec2.Instance, "BASTION");
            assert.strictEqual(bastion.instanceId, bastionRecord.id);
            assert.strictEqual(bastion.tunnel, `ssh -N -L 22001:10.1.11.10:22 ec2-user@${bastionRecord.outputs.publicIp}`);
            assert.strictEqual((outputs.naclExercise as { networkAclId: string }).networkAclId, engine.one(aws.ec2.NetworkAcl).id);
            const operatorRule = engine.one(aws.vpc.SecurityGroupIngressRule, "bastion-ssm-pub-sg-in-4");
            assert.strictEqual(operatorRule.inputs.cidrIpv4, "203.0.113.7/32");
            const revoke = (outputs.checks as LabCheck[]).find((c) => c.command.includes("revoke-security-group-ingress"))!;
            assert.ok(revoke.command.endsWith(`--group-id ${operatorRule.inputs.securityGroupId} --security-group-rule-ids ${operatorRule.id}`), revoke.command);
        });

        it("is built by bastionSsmLabDefinition under the key bastionSsm from the stack's bastionSsm settings", async () => {
            assert.strictEqual(bastionSsmLabDefinition.name, "bastion-ssm");
            assert.strictEqual(bastionSsmLabDefinition.outputKey, "bastionSsm");
            const config = bastionSsmConfig();
            assert.strictEqual(bastionSsmLabDefinition.configOf({ bastionSsm: config } as never), config);
            // Every scenario is built through the definition (see the fixture).
            const { engine, lab, built } = await scenario("classroom");
            assert.strictEqual(built.component, lab);
            assert.strictEqual(built.outputs, lab.outputs);
            assert.strictEqual(engine.one("vpc-labs:labs:BastionSsmLab").name, "bastion-ssm");
        });
    });
});
