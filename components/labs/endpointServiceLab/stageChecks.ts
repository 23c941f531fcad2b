import { LabCheck } from "../../../labs/labCheck";
import { VerificationFacts, connectionStateCommand, sessionCommand } from "./verification";

/** What the provider stage's checks name: the client, the NLB and its target group. */
export interface ProviderStageFacts {
    readonly region: string;
    readonly clientName: string;
    readonly clientInstanceId: string;
    readonly loadBalancerName: string;
    readonly loadBalancerDnsName: string;
    readonly targetGroupArn: string;
}

/** The stages before `accepted`, each with the facts its checks name. */
export type EarlierStage = { readonly stage: "provider"; readonly facts: ProviderStageFacts } | { readonly stage: "service"; readonly facts: VerificationFacts };

const SHELL = { en: "your own shell (AWS CLI v2 with the Session Manager plugin)", ko: "내 PC의 터미널 (AWS CLI v2와 Session Manager 플러그인)" };

/**
 * The checks of the stages before the connection is accepted: at `provider` the NLB answers
 * its health checks inside CustomVPC but nothing in MyVPC reaches it; at `service` the
 * endpoint exists but waits for acceptance, so it carries no traffic yet.
 */
export function endpointServiceStageChecks<S extends EarlierStage["stage"]>(stage: S, facts: Extract<EarlierStage, { stage: S }>["facts"]): LabCheck[] {
    return stage === "provider" ? providerChecks(facts as ProviderStageFacts) : serviceChecks(facts as VerificationFacts);
}

function sessionCheck(stage: "provider" | "service", facts: { region: string; clientName: string; clientInstanceId: string }): LabCheck {
    return {
        id: `${stage}-session-client`,
        lab: "endpoint-service",
        stage,
        where: SHELL.en,
        command: sessionCommand(facts.clientInstanceId, facts.region),
        expected: `a shell on ${facts.clientName} as ssm-user; run the next checks there`,
        hint: "TargetNotConnected right after pulumi up: the SSM agent registers a few minutes after first boot; wait and retry",
        waitSeconds: 120,
        ko: {
            where: SHELL.ko,
            expected: `${facts.clientName}에 ssm-user로 셸이 열린다. 다음 검증은 이 셸에서 실행한다`,
            hint: "pulumi up 직후 TargetNotConnected가 나오면 SSM 에이전트가 첫 부팅 후 등록될 때까지 몇 분 기다린 뒤 다시 시도한다",
        },
    };
}

function providerChecks(facts: ProviderStageFacts): LabCheck[] {
    const onClient = { en: `${facts.clientName} (Session Manager shell)`, ko: `${facts.clientName} (Session Manager 셸)` };
    return [
        {
            id: "provider-targets-healthy",
            lab: "endpoint-service",
            stage: "provider",
            where: SHELL.en,
            command: `aws elbv2 describe-target-health --region ${facts.region} --target-group-arn ${facts.targetGroupArn} --query "TargetHealthDescriptions[].TargetHealth.State" --output text`,
            expected: `healthy\thealthy: ${facts.loadBalancerName}'s health checks reach Custom-WEB-1 and Custom-WEB-2 inside CustomVPC`,
            hint: "initial: the servers are still booting or the first checks have not passed; unhealthy for longer: check that Custom-WEB-SG allows tcp 80 from CustomVPC's CIDR",
            waitSeconds: 180,
            ko: {
                where: SHELL.ko,
                expected: `healthy\thealthy: ${facts.loadBalancerName}의 상태 검사가 CustomVPC 안에서 Custom-WEB-1, Custom-WEB-2에 닿는다`,
                hint: "initial이면 서버가 아직 부팅 중이거나 첫 상태 검사를 통과하지 못했다. 계속 unhealthy이면 Custom-WEB-SG가 CustomVPC CIDR에서 tcp 80을 허용하는지 확인한다",
            },
        },
        sessionCheck("provider", facts),
        {
            id: "provider-nlb-unreachable",
            lab: "endpoint-service",
            stage: "provider",
            where: onClient.en,
            command: `curl --max-time 5 http://${facts.loadBalancerDnsName}`,
            expected: `curl: (28) ... timed out: ${facts.loadBalancerName} is internal, its name resolves to CustomVPC's private addresses, and no route leads there from MyVPC. The service stage adds the only way in`,
            hint: "a web page: MyVPC has a route into CustomVPC (a peering or a transit gateway), or the NLB is internet-facing; neither belongs to this lab",
            probe: { from: facts.clientName, to: facts.loadBalancerName, protocol: "tcp", port: 80, expectReachable: false },
            ko: {
                where: onClient.ko,
                expected: `curl: (28) ... timed out: ${facts.loadBalancerName}은 내부(internal) NLB라 이름이 CustomVPC의 프라이빗 IP로 해석되고, MyVPC에서 그곳으로 가는 경로가 없다. service 단계에서 유일한 경로가 생긴다`,
                hint: "웹 페이지가 나오면 MyVPC에서 CustomVPC로 가는 경로(피어링, 전송 게이트웨이)가 있거나 NLB가 인터넷 연결(internet-facing)이다. 둘 다 이 실습에 없는 구성이다",
            },
        },
    ];
}

function serviceChecks(facts: VerificationFacts): LabCheck[] {
    const onClient = { en: `${facts.clientName} (Session Manager shell)`, ko: `${facts.clientName} (Session Manager 셸)` };
    const who = facts.autoAccept ? { en: "the program accepts it", ko: "프로그램이 수락한다" } : { en: "you accept it with the accept command", ko: "수락 명령으로 직접 수락한다" };
    return [
        {
            id: "service-state-pending",
            lab: "endpoint-service",
            stage: "service",
            where: SHELL.en,
            command: connectionStateCommand(facts.endpointId, facts.region),
            expected: `pendingAcceptance: Custom-EPS requires acceptance, and nothing has accepted ${facts.endpointId} yet (at the accepted stage ${who.en})`,
            hint:
                "pending for a few seconds first. available: someone accepted it by hand. rejected: you came back from the accepted stage, and removing the connection accepter rejects the connection; to practise the pending state again, replace the endpoint (pulumi up --replace with My-EPS-Endpoint's URN from pulumi stack --show-urns)",
            waitSeconds: 60,
            ko: {
                where: SHELL.ko,
                expected: `pendingAcceptance: Custom-EPS는 수락이 필요하고 아직 아무도 ${facts.endpointId}를 수락하지 않았다 (accepted 단계에서 ${who.ko})`,
                hint: "처음 몇 초는 pending이다. available이면 누군가 직접 수락한 것이다. rejected이면 accepted 단계에서 돌아온 것으로, 연결 수락자를 제거하면 연결이 거부된다. 수락 대기 상태를 다시 실습하려면 엔드포인트를 교체한다 (pulumi stack --show-urns로 찾은 My-EPS-Endpoint의 URN으로 pulumi up --replace)",
            },
        },
        {
            id: "service-connection-request",
            lab: "endpoint-service",
            stage: "service",
            where: SHELL.en,
            command: `aws ec2 describe-vpc-endpoint-connections --region ${facts.region} --filters Name=service-id,Values=${facts.serviceId} --query "VpcEndpointConnections[].[VpcEndpointId,VpcEndpointState]" --output text`,
            expected: `${facts.endpointId}\tpendingAcceptance: the provider's side sees the consumer's request on ${facts.serviceId}`,
            hint: "no output: the endpoint was created under another service name, or in an account the service does not allow (endpointServiceAllowedPrincipals)",
            ko: {
                where: SHELL.ko,
                expected: `${facts.endpointId}\tpendingAcceptance: 공급자 쪽 ${facts.serviceId}에서 소비자의 연결 요청이 보인다`,
                hint: "출력이 없으면 엔드포인트가 다른 서비스 이름으로 만들어졌거나 서비스가 허용하지 않은 계정에서 만들어졌다 (endpointServiceAllowedPrincipals)",
            },
        },
        sessionCheck("service", facts),
        {
            id: "service-curl-before-acceptance",
            lab: "endpoint-service",
            stage: "service",
            where: onClient.en,
            command: `curl --max-time 5 http://${facts.endpointDnsName}`,
            expected: "no page (a timeout, or the name does not resolve yet): a pending endpoint carries no traffic; compare the same curl at the accepted stage",
            hint: "a web page: the connection is already accepted",
            probe: { from: facts.clientName, to: facts.endpointDnsName, protocol: "tcp", port: 80, expectReachable: false },
            ko: {
                where: onClient.ko,
                expected: "페이지가 오지 않는다 (시간 초과, 또는 이름이 아직 해석되지 않음): 수락 대기 중인 엔드포인트는 트래픽을 전달하지 않는다. accepted 단계의 같은 curl과 비교한다",
                hint: "웹 페이지가 나오면 연결이 이미 수락되었다",
            },
        },
    ];
}
