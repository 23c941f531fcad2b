import { webServerHeading } from "./userData";

/** One check a student runs, with what it should print. */
export interface VerificationStep {
    /** Where to run it: `your computer`, or the Session Manager shell on My-EC2. */
    readonly where: string;
    readonly command: string;
    readonly expect: string;
}

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
 * directly. The accept step exists only when the program leaves the connection pending.
 */
export function verificationSteps(facts: VerificationFacts): Record<string, VerificationStep> {
    const local = "your computer";
    const onClient = `${facts.clientName} (Session Manager shell)`;
    const cidrs = facts.endpointSubnetCidrs;
    const steps: Record<string, VerificationStep> = {};
    if (!facts.autoAccept) {
        steps.accept = {
            where: local,
            command: acceptCommand(facts.serviceId, facts.endpointId, facts.region),
            expect: '{"Unsuccessful": []}; the state check then prints available within a minute or two',
        };
    }
    steps.state = {
        where: local,
        command: connectionStateCommand(facts.endpointId, facts.region),
        expect: facts.autoAccept ? "available (the program accepted the connection)" : "pendingAcceptance until the accept command runs, then available",
    };
    steps.session = {
        where: local,
        command: sessionCommand(facts.clientInstanceId, facts.region),
        expect: `a shell on ${facts.clientName} as ssm-user (the AWS CLI needs the Session Manager plugin); run the next checks there`,
    };
    steps.dig = {
        where: onClient,
        command: `dig +short ${facts.endpointDnsName}`,
        expect: `${cidrs.length === 1 ? `one private IP inside the endpoint subnet ${cidrs[0]}` : `${cidrs.length} private IPs, one in each endpoint subnet (${cidrs.join(", ")})`}: the endpoint's ENIs in the consumer VPC`,
    };
    steps.curl = {
        where: onClient,
        command: `curl http://${facts.endpointDnsName}`,
        expect: `the page "${webServerHeading(1)}" or "${webServerHeading(2)}"; repeat it and both servers answer. Before the connection is accepted it gets no answer`,
    };
    steps.nlbDirect = {
        where: onClient,
        command: `curl --max-time 5 http://${facts.loadBalancerDnsName}`,
        expect: `a timeout: ${facts.loadBalancerName} is internal to the provider VPC and no route leads there from the consumer VPC; only the endpoint reaches it`,
    };
    return steps;
}
