import { NatStrategy } from "../../../config/stackConfig";
import { ConnectivityProbe, LabCheck } from "../../../labs/labCheck";
import { finalStage } from "../../../config/stages";
import { WorkloadName } from "../../../labs/bastionSsm/names";

/** One instance as the verification commands need it. */
export interface InstanceFacts {
    readonly instanceId: string;
    readonly privateIp: string;
    /** Empty or absent when the instance has none. */
    readonly publicIp?: string;
}

/** Everything the verification steps name, resolved to plain values. */
export interface VerificationFacts {
    readonly region: string;
    readonly vpcCidr: string;
    readonly subnetCidrs: { readonly publicA: string; readonly publicB: string; readonly privateA: string; readonly privateB: string };
    readonly instances: Readonly<Record<WorkloadName, InstanceFacts>>;
    /** The bastion, when an operator CIDR built one. */
    readonly bastion?: InstanceFacts & { readonly publicIp: string };
    /** The NAT setting the lab built its network with; undefined on a network it was given. */
    readonly natGateways?: NatStrategy;
    readonly interfaceEndpointAzCount: 1 | 2;
    /** IMD-PUB-SG's ping rule for the operator, when an operator CIDR is set. */
    readonly operatorPing?: { readonly operatorCidr: string; readonly securityGroupId: string; readonly ruleId: string };
    /** IMD-PRIVATE-NACL, when the NACL exercise is on. */
    readonly nacl?: { readonly networkAclId: string };
}

/** A verification step: where to run it, what to run, what a working lab answers. */
export interface Check {
    readonly on: string;
    readonly command: string;
    readonly expect: string;
    /** Why the step is run where it is, when that is not obvious. @default none */
    readonly note?: string;
}

/** SSH through the bastion with EC2 Instance Connect: no key pair in AWS, no password. */
export interface BastionCommands {
    readonly instanceId: string;
    readonly publicIp: string;
    /** Once: a key on your machine, loaded into ssh-agent so both hops of `ssh -J` use it. */
    readonly prepareKey: string;
    /** Pushes the public key for 60 seconds; run it for the bastion and the target right before connecting. */
    readonly pushKey: Readonly<Record<"BASTION" | "PRIVATE-01" | "PRIVATE-02", string>>;
    readonly sshJump: Readonly<Record<"PRIVATE-01" | "PRIVATE-02", string>>;
    /** Local port 22001 forwarded through the bastion to PRIVATE-01's SSH port; leave it running. */
    readonly tunnel: string;
    /** In a second terminal, after pushing the key to PRIVATE-01 again. */
    readonly tunnelLogin: string;
    readonly note: string;
}

/** The NACL exercise: what the student should see, and everything else the NACL breaks. */
export interface NaclExercise {
    readonly networkAclId: string;
    readonly expectedToSucceed: readonly Check[];
    readonly expectedToFail: readonly Check[];
    /** Consequences of the NACL beyond the pings, stated so nobody mistakes them for a broken lab. */
    readonly alsoBlocked: readonly string[];
}

export interface LabVerification {
    /** `aws ssm start-session` per instance, private ones first. */
    readonly sessionManager: Readonly<Record<WorkloadName, string>>;
    readonly bastion?: BastionCommands;
    readonly naclExercise?: NaclExercise;
    /** Every check in the order the original runs them, with its expected result and probe. */
    readonly checks: readonly LabCheck[];
}

const PRIVATE_ORDER: readonly WorkloadName[] = ["PRIVATE-01", "PRIVATE-02", "PUBLIC-01", "PUBLIC-02"];
const KEY_FILE = "~/.ssh/imd-lab";
const PING = "ping -c 3 -W 2";

/** The commands a student runs to verify the lab, and what each should answer. */
export function labVerification(facts: VerificationFacts): LabVerification {
    const { region, instances } = facts;
    const sessionManager = Object.fromEntries(
        PRIVATE_ORDER.map((name) => [name, `aws ssm start-session --region ${region} --target ${instances[name].instanceId}`]),
    ) as Record<WorkloadName, string>;
    const sessionOn = (name: WorkloadName) => `a session on ${name} (${sessionManager[name]})`;
    const bastion = facts.bastion ? bastionCommands(facts, facts.bastion) : undefined;
    const naclExercise = facts.nacl ? naclExerciseOf(facts, facts.nacl.networkAclId, sessionOn) : undefined;

    const nacl = facts.nacl !== undefined;
    const ssmmessages = `ssmmessages.${region}.amazonaws.com`;
    // With the NACL on and the endpoints in IMD-PRIVATE-A only, PRIVATE-02's Session Manager traffic is dropped (see alsoBlocked).
    const sessionWorks = (name: WorkloadName) => !(nacl && facts.interfaceEndpointAzCount === 1 && name === "PRIVATE-02");
    const internet = internetReachable(facts);
    const checks: LabCheck[] = [
        ...(["PRIVATE-01", "PRIVATE-02"] as const).map((name) =>
            check(`session-manager-${name.toLowerCase()}`, "your machine (AWS CLI with the Session Manager plugin)", sessionManager[name], sessionWorks(name)
                ? `a shell on ${name} with no SSH key and no inbound port open; whoami prints ssm-user`
                : `TargetNotConnected while IMD-PRIVATE-NACL is on: the endpoints have ENIs in IMD-PRIVATE-A only and the NACL drops traffic from IMD-PRIVATE-B (see naclExercise.alsoBlocked)`, {
                waitSeconds: 120,
                hint: "TargetNotConnected right after pulumi up: the SSM agent registers within a few minutes of boot; later, check the ssm/ssmmessages/ec2messages endpoints and IMD-SSM-SG",
                probe: probe(name, ssmmessages, "tcp", 443, sessionWorks(name)),
            }),
        ),
        check("ssm-private-dns", sessionOn("PRIVATE-01"), `getent ahostsv4 ssmmessages.${region}.amazonaws.com | awk '{print $1}' | sort -u`, `private addresses of the endpoint in ${endpointSubnets(facts)}: private DNS sends Session Manager through the interface endpoints`, {
            hint: "Public addresses: private DNS is off on the endpoint or the VPC's DNS hostnames/support are off",
            probe: probe("PRIVATE-01", ssmmessages, "tcp", 443, true),
        }),
        check("imdsv2-required", sessionOn("PRIVATE-01"), "curl -s -o /dev/null -w '%{http_code}\\n' http://169.254.169.254/latest/meta-data/instance-id", "401: a metadata request without an IMDSv2 session token is refused", {
            note: "Instance metadata never leaves the instance: not a network path",
        }),
        ...(["PUBLIC-01", "PUBLIC-02"] as const).map((name) =>
            check(`public-page-${name.toLowerCase()}`, "your machine", `curl -s http://${instances[name].publicIp}/`, `the metadata page titled ${name}: instance ${instances[name].instanceId}, private IP ${instances[name].privateIp}, and "Request without a token (IMDSv1): HTTP 401"`, {
                waitSeconds: 60,
                hint: "Connection refused: the page's service starts at first boot; wait a minute",
                probe: probe("internet", instances[name].publicIp ?? name, "tcp", 80, true),
            }),
        ),
        check("private-page-from-public", sessionOn("PUBLIC-01"), `curl -s http://${instances["PRIVATE-01"].privateIp}/`, `the metadata page titled PRIVATE-01: IMD-PRI-SG admits tcp 80 from the VPC (${facts.vpcCidr})`, {
            probe: probe("PUBLIC-01", instances["PRIVATE-01"].privateIp, "tcp", 80, true),
        }),
        check("private-internet", sessionOn("PRIVATE-01"), "curl -sS -m 10 https://checkip.amazonaws.com", internetExpectation(facts), {
            ...(internet !== undefined ? { probe: probe("PRIVATE-01", "internet", "tcp", 443, internet) } : { note: "On a network the lab was given, whether the private route tables use a NAT gateway is not known to the lab" }),
        }),
        ...(facts.operatorPing ? statefulnessChecks(facts, facts.operatorPing) : []),
        ...(bastion && facts.bastion ? bastionChecks(bastion, facts, nacl) : []),
        ...(naclExercise ? naclChecks(naclExercise, facts) : []),
    ];
    return { sessionManager, ...(bastion ? { bastion } : {}), ...(naclExercise ? { naclExercise } : {}), checks };
}

function check(id: string, where: string, command: string, expected: string, extra: Partial<Omit<LabCheck, "id" | "lab" | "stage">> = {}): LabCheck {
    return { id, lab: "bastion-ssm", stage: finalStage("bastion-ssm"), where, command, expected, ...extra };
}

function probe(from: string, to: string, protocol: ConnectivityProbe["protocol"], port: number | undefined, expectReachable: boolean): ConnectivityProbe {
    return { from, to, protocol, ...(port !== undefined ? { port } : {}), expectReachable };
}

/** Whether PRIVATE-01 reaches the internet, from the same facts as {@link internetExpectation}; undefined on a given network. */
function internetReachable(facts: VerificationFacts): boolean | undefined {
    if (facts.natGateways === undefined) {
        return undefined;
    }
    return facts.natGateways !== "none" && facts.nacl === undefined;
}

/** The first address of a CIDR (the /32 itself), where the operator's probes start. */
export function operatorAddress(cidr: string): string {
    const [address, prefix] = cidr.split("/");
    if (prefix === undefined || prefix === "32") {
        return address;
    }
    const octets = address.split(".").map(Number);
    octets[3] += 1;
    return octets.join(".");
}

function endpointSubnets(facts: VerificationFacts): string {
    const { privateA, privateB } = facts.subnetCidrs;
    return facts.interfaceEndpointAzCount === 2 ? `IMD-PRIVATE-A (${privateA}) and IMD-PRIVATE-B (${privateB})` : `IMD-PRIVATE-A (${privateA})`;
}

function internetExpectation(facts: VerificationFacts): string {
    const blockedByNacl = facts.nacl ? "; a timeout instead while IMD-PRIVATE-NACL is on (see naclExercise.alsoBlocked)" : "";
    switch (facts.natGateways) {
        case "none":
            return "a timeout after 10 s: this stack has no NAT gateway (bastionSsmNatGateways: none), yet Session Manager works through the endpoints";
        case "single":
            return `the Elastic IP of IMD-NATGW: PRIVATE-RT sends 0.0.0.0/0 to the NAT gateway in IMD-PUBLIC-A${blockedByNacl}`;
        case "per-az":
            return `the Elastic IP of the zone 1 NAT gateway: PRIVATE-RT-A sends 0.0.0.0/0 to it (PRIVATE-02 leaves through zone 2's)${blockedByNacl}`;
        default:
            return `an Elastic IP if the network's private route tables send 0.0.0.0/0 to a NAT gateway, a timeout otherwise${blockedByNacl}`;
    }
}

function statefulnessChecks(facts: VerificationFacts, rule: NonNullable<VerificationFacts["operatorPing"]>): LabCheck[] {
    const target = facts.instances["PUBLIC-01"].publicIp;
    return [
        check("operator-ping", "your machine", `${PING} ${target}`, `3 replies: IMD-PUB-SG admits ICMP echo from your CIDR ${rule.operatorCidr}`, {
            hint: "No replies: your address changed since bastionSsmOperatorCidr was set (curl -s https://checkip.amazonaws.com)",
            probe: probe(operatorAddress(rule.operatorCidr), target ?? "PUBLIC-01", "icmp", undefined, true),
        }),
        check(
            "stateful-revoke",
            `your machine: leave \`ping ${target}\` running in one terminal, run this in another`,
            `aws ec2 revoke-security-group-ingress --region ${facts.region} --group-id ${rule.securityGroupId} --security-group-rule-ids ${rule.ruleId}`,
            "the running ping keeps getting replies (a security group tracks the flow it already admitted); stop it and ping again: no replies",
            { note: "pulumi up --refresh puts the rule back" },
        ),
    ];
}

function bastionCommands(facts: VerificationFacts, bastion: InstanceFacts & { publicIp: string }): BastionCommands {
    const push = (instanceId: string) =>
        `aws ec2-instance-connect send-ssh-public-key --region ${facts.region} --instance-id ${instanceId} --instance-os-user ec2-user --ssh-public-key file://${KEY_FILE}.pub`;
    const hop = `ec2-user@${bastion.publicIp}`;
    const [one, two] = [facts.instances["PRIVATE-01"], facts.instances["PRIVATE-02"]];
    return {
        instanceId: bastion.instanceId,
        publicIp: bastion.publicIp,
        prepareKey: `ssh-keygen -t ed25519 -N '' -C imd-lab -f ${KEY_FILE} && ssh-add ${KEY_FILE}`,
        pushKey: { BASTION: push(bastion.instanceId), "PRIVATE-01": push(one.instanceId), "PRIVATE-02": push(two.instanceId) },
        sshJump: { "PRIVATE-01": `ssh -J ${hop} ec2-user@${one.privateIp}`, "PRIVATE-02": `ssh -J ${hop} ec2-user@${two.privateIp}` },
        tunnel: `ssh -N -L 22001:${one.privateIp}:22 ${hop}`,
        tunnelLogin: "ssh -p 22001 ec2-user@localhost",
        note:
            "EC2 Instance Connect keys are valid for 60 seconds: push the key to BASTION and to the target, then connect within the minute. " +
            "The private key stays in your ssh-agent; ssh -J needs no agent forwarding (-A) on the bastion.",
    };
}

function bastionChecks(bastion: BastionCommands, facts: VerificationFacts, nacl: boolean): LabCheck[] {
    const blocked = "while IMD-PRIVATE-NACL is on, a timeout: BASTION is in IMD-PUBLIC-B, whose traffic the NACL drops (see naclExercise.alsoBlocked)";
    const operator = operatorAddress(facts.operatorPing?.operatorCidr ?? `${bastion.publicIp}/32`);
    const keyHint = "Permission denied (publickey): the pushed key expired (60 s); push it to both instances again and connect within the minute";
    return [
        check("bastion-ssh-jump", "your machine", `${bastion.pushKey.BASTION} && ${bastion.pushKey["PRIVATE-01"]} && ${bastion.sshJump["PRIVATE-01"]}`, nacl ? blocked : "a shell on PRIVATE-01 as ec2-user, through BASTION: IMD-BASTION-SG admits SSH from your CIDR only, IMD-PRI-SG from IMD-BASTION-SG only", {
            hint: keyHint,
            probe: probe("BASTION", "PRIVATE-01", "tcp", 22, !nacl),
        }),
        check("bastion-tunnel", "your machine, first terminal (leave it running)", `${bastion.pushKey.BASTION} && ${bastion.tunnel}`, "no output: local port 22001 now leads to PRIVATE-01's SSH port through BASTION", {
            hint: keyHint,
            probe: probe(operator, bastion.publicIp, "tcp", 22, true),
        }),
        check("bastion-tunnel-login", "your machine, second terminal", `${bastion.pushKey["PRIVATE-01"]} && ${bastion.tunnelLogin}`, nacl ? blocked : "a shell on PRIVATE-01 as ec2-user, through the tunnel", {
            hint: keyHint,
            probe: probe("BASTION", "PRIVATE-01", "tcp", 22, !nacl),
        }),
    ];
}

/** The exercise's pings as checks: the two that work and the two the stateless NACL breaks. */
function naclChecks(exercise: NaclExercise, facts: VerificationFacts): LabCheck[] {
    const ip = (name: WorkloadName) => facts.instances[name].privateIp;
    const probes: ConnectivityProbe[] = [
        probe("PUBLIC-01", ip("PRIVATE-01"), "icmp", undefined, true),
        probe("PRIVATE-01", ip("PUBLIC-01"), "icmp", undefined, true),
        probe(facts.bastion ? "BASTION" : "PUBLIC-02", ip("PRIVATE-01"), "icmp", undefined, false),
        probe("PRIVATE-01", ip("PUBLIC-02"), "icmp", undefined, false),
    ];
    const ids = ["nacl-ping-public-a-to-private", "nacl-ping-private-to-public-a", "nacl-ping-public-b-to-private", "nacl-ping-private-to-public-b"];
    return [...exercise.expectedToSucceed, ...exercise.expectedToFail].map((step, i) =>
        check(ids[i], step.on, step.command, step.expect, { ...(step.note ? { note: step.note } : {}), probe: probes[i] }),
    );
}

function naclExerciseOf(facts: VerificationFacts, networkAclId: string, sessionOn: (name: WorkloadName) => string): NaclExercise {
    const { instances, subnetCidrs: cidrs } = facts;
    const allowed = `IMD-PUBLIC-A (${cidrs.publicA})`;
    const publicB = `IMD-PUBLIC-B (${cidrs.publicB})`;
    const bastionNames = facts.bastion ? "PUBLIC-02 and BASTION" : "PUBLIC-02";

    const expectedToSucceed: Check[] = [
        {
            on: sessionOn("PUBLIC-01"),
            command: `${PING} ${instances["PRIVATE-01"].privateIp}`,
            expect: `3 replies: PUBLIC-01 is in ${allowed}, which inbound rule 10 lets into the private subnets; outbound rule 10 lets the replies out`,
        },
        {
            on: sessionOn("PRIVATE-01"),
            command: `${PING} ${instances["PUBLIC-01"].privateIp}`,
            expect: `3 replies: the echo replies come back from ${allowed}, which rule 10 lets in`,
        },
    ];
    const expectedToFail: Check[] = [
        {
            on: facts.bastion
                ? `BASTION (ssh ec2-user@${facts.bastion.publicIp} after pushing the key), which shares ${publicB} with PUBLIC-02`
                : "PUBLIC-02",
            command: `${PING} ${instances["PRIVATE-01"].privateIp}`,
            expect: `100% packet loss: ${publicB} matches no allow rule, so the NACL's final rule * drops the requests entering IMD-PRIVATE-A`,
            note: facts.bastion
                ? "Session Manager cannot reach PUBLIC-02 while the NACL is on (see alsoBlocked); BASTION sits in the same subnet and gets the same verdict"
                : "Session Manager cannot reach PUBLIC-02 while the NACL is on (see alsoBlocked), so no shell on it is at hand; " +
                  "the next check shows the same verdict from PRIVATE-01, and the flow log shows PUBLIC-02's rejected connections. " +
                  "Set bastionSsmOperatorCidr to run this from BASTION, which sits in the same subnet",
        },
        {
            on: sessionOn("PRIVATE-01"),
            command: `${PING} ${instances["PUBLIC-02"].privateIp}`,
            expect: `100% packet loss: the requests leave (outbound rule 10), but the replies from ${publicB} are dropped coming back in: a NACL is stateless`,
        },
    ];

    const alsoBlocked: string[] = [
        `Session Manager on ${bastionNames}: private DNS points the whole VPC at the endpoint ENIs in the private subnets, and traffic from ${publicB} is not let in, so ${bastionNames === "PUBLIC-02" ? "it shows" : "they show"} as offline until the NACL is removed. PUBLIC-01 keeps working.`,
        facts.interfaceEndpointAzCount === 1
            ? `Session Manager on PRIVATE-02: the endpoints have ENIs in IMD-PRIVATE-A only (interfaceEndpointAzCount: 1) and traffic from IMD-PRIVATE-B (${cidrs.privateB}) is not let into IMD-PRIVATE-A, so PRIVATE-02 goes offline. PRIVATE-01 keeps working: traffic within one subnet never passes its NACL.`
            : "Session Manager on PRIVATE-01 and PRIVATE-02 gets unreliable: the service names resolve to the endpoint ENIs in both private subnets, and connections to the other subnet's ENI are dropped; " +
              "the agent falls back to the ENI in its own subnet (traffic within a subnet never passes its NACL) after a timeout, so sessions are slow to open or drop.",
        ...natConsequence(facts),
        ...(facts.bastion ? [`ssh -J and the tunnel through BASTION: BASTION is in ${publicB}, so its connections to PRIVATE-01 and PRIVATE-02 are dropped.`] : []),
        `Traffic between PRIVATE-01 and PRIVATE-02 in either direction, and the private pages from anywhere but ${allowed}: the private subnets let in nothing else.`,
        "Not blocked: traffic within one subnet, DNS to the VPC resolver and instance metadata (NACLs never filter those), and the public subnets, which keep the default NACL. " +
            "The rejected traffic shows in the VPC's flow log when it records REJECT or ALL traffic.",
    ];
    return { networkAclId, expectedToSucceed, expectedToFail, alsoBlocked };
}

function natConsequence(facts: VerificationFacts): string[] {
    const why =
        "replies through a NAT gateway keep the internet server's address as their source, which rule 10 does not allow, so dnf and curl to the internet time out";
    switch (facts.natGateways) {
        case "none":
            return [];
        case undefined:
            return [`Internet access from PRIVATE-01 and PRIVATE-02 if the network routes them through a NAT gateway: ${why}.`];
        default:
            return [`Internet access from PRIVATE-01 and PRIVATE-02: ${why}, although the private route tables still send 0.0.0.0/0 to the NAT gateway.`];
    }
}
