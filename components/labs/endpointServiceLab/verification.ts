import { LabCheck } from "../../../labs/labCheck";
import { finalStage } from "../../../config/stages";
import { webServerHeading } from "./userData";

/** The deployed values the checks are written with (resolved, not Outputs). */
export interface VerificationFacts {
    readonly region: string;
    readonly clientName: string;
    readonly clientInstanceId: string;
    readonly serviceId: string;
    readonly endpointId: string;
    /** The endpoint's regional DNS name (the first of its DNS entries). */
    readonly endpointDnsName: string;
    /** CIDRs of the subnets the endpoint has an ENI in, in zone order. */
    readonly endpointSubnetCidrs: readonly string[];
    readonly loadBalancerName: string;
    readonly loadBalancerDnsName: string;
    /** The interface endpoint's Name tag, as the reachability probes name it. */
    readonly endpointName: string;
    /** False: the connection waits for the accept command. */
    readonly autoAccept: boolean;
}

/** The provider-side command that accepts the endpoint's pending connection request. */
export function acceptCommand(serviceId: string, endpointId: string, region: string): string {
    return `aws ec2 accept-vpc-endpoint-connections --service-id ${serviceId} --vpc-endpoint-ids ${endpointId} --region ${region}`;
}

/** Prints the endpoint's connection state: pendingAcceptance, available, rejected... */
export function connectionStateCommand(endpointId: string, region: string): string {
    return `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${endpointId} --query "VpcEndpoints[0].State" --output text --region ${region}`;
}

/** Opens a shell on an instance through Session Manager (no SSH, no key pair, no inbound rule). */
export function sessionCommand(instanceId: string, region: string): string {
    return `aws ssm start-session --target ${instanceId} --region ${region}`;
}

/**
 * The checks of the lab, in the order a student runs them: (accept,) state, shell on My-EC2,
 * then from there DNS and HTTP through the endpoint, and the NLB that cannot be reached
 * directly. The accept step exists only when the program leaves the connection pending, and
 * then the HTTP check states (and probes) no answer: a pending connection carries nothing.
 */
export function verificationSteps(facts: VerificationFacts): LabCheck[] {
    const local = "your computer";
    const onClient = `${facts.clientName} (Session Manager shell)`;
    const cidrs = facts.endpointSubnetCidrs;
    const check = (id: string, where: string, command: string, expected: string, extra: Partial<Omit<LabCheck, "id" | "lab" | "stage">> = {}): LabCheck => ({
        id,
        lab: "endpoint-service",
        stage: finalStage("endpoint-service"),
        where,
        command,
        expected,
        ...extra,
    });
    const steps: LabCheck[] = [];
    if (!facts.autoAccept) {
        steps.push(check("accept", local, acceptCommand(facts.serviceId, facts.endpointId, facts.region), '{"Unsuccessful": []}; the state check then prints available within a minute or two', { waitSeconds: 60 }));
    }
    steps.push(
        check(
            "state",
            local,
            connectionStateCommand(facts.endpointId, facts.region),
            facts.autoAccept ? "available (the program accepted the connection)" : "pendingAcceptance until the accept command runs, then available",
            { hint: "pending: the endpoint needs a few minutes after pulumi up; pendingAcceptance with autoAccept: the accepter failed, run the accept command" },
        ),
        check("session", local, sessionCommand(facts.clientInstanceId, facts.region), `a shell on ${facts.clientName} as ssm-user (the AWS CLI needs the Session Manager plugin); run the next checks there`, {
            waitSeconds: 120,
            hint: "TargetNotConnected right after pulumi up: the SSM agent registers within a few minutes of boot",
            probe: { from: facts.clientName, to: `ssmmessages.${facts.region}.amazonaws.com`, protocol: "tcp", port: 443, expectReachable: true },
        }),
        check(
            "dig",
            onClient,
            `dig +short ${facts.endpointDnsName}`,
            `${cidrs.length === 1 ? `one private IP inside the endpoint subnet ${cidrs[0]}` : `${cidrs.length} private IPs, one in each endpoint subnet (${cidrs.join(", ")})`}: the endpoint's ENIs in the consumer VPC`,
            { note: "A DNS answer, not a flow: the curl check below probes the path" },
        ),
        check(
            "curl",
            onClient,
            `curl http://${facts.endpointDnsName}`,
            facts.autoAccept
                ? `the page "${webServerHeading(1)}" or "${webServerHeading(2)}"; repeat it and both servers answer`
                : `no answer while the connection is pendingAcceptance; after the accept command, the page "${webServerHeading(1)}" or "${webServerHeading(2)}"`,
            {
                waitSeconds: 60,
                hint: "A timeout: check the connection state (available?) and that the NLB's targets are healthy (their security group must admit the NLB's subnets)",
                probe: { from: facts.clientName, to: facts.endpointDnsName, protocol: "tcp", port: 80, expectReachable: facts.autoAccept },
            },
        ),
        check(
            "nlb-direct",
            onClient,
            `curl --max-time 5 http://${facts.loadBalancerDnsName}`,
            `a timeout: ${facts.loadBalancerName} is internal to the provider VPC and no route leads there from the consumer VPC; only the endpoint reaches it`,
            { probe: { from: facts.clientName, to: facts.loadBalancerDnsName, protocol: "tcp", port: 80, expectReachable: false } },
        ),
    );
    return steps;
}
