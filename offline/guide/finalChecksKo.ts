import { LabCheck, LabCheckText } from "../../labs/labCheck";

/**
 * Korean texts for the final stages' checks, which the labs export in English only (their
 * `verification` lists, and issue 11's LabChecks made from them). Matched by the check's lab and
 * id, or by what its command does where ids are positional; the values a student compares
 * (IDs, addresses, route lines) are taken from the English text, so both say the same thing.
 * A check this file does not know keeps its English text, marked as the original.
 */
export function finalCheckKorean(check: LabCheck): LabCheckText | undefined {
    const expected = expectedKo(check);
    return expected === undefined ? undefined : { where: whereKo(check.where), expected, ...(check.note ? { note: noteKo(check.note) } : {}) };
}

/** `where` in Korean: the shells and instances as the originals name them. */
export function whereKo(where: string): string {
    return where
        .replace(/^your own shell, outside the VPC \(AWS CLI v2\)$/, "VPC 밖의 내 PC 터미널 (AWS CLI v2)")
        .replace(/^your machine \(AWS CLI with the Session Manager plugin\)$/, "내 PC (AWS CLI와 Session Manager 플러그인)")
        .replace(/^your machine: leave `([^`]+)` running in one terminal, run this in another$/, "내 PC: 한 터미널에서 `$1`을 실행한 채로 다른 터미널에서 실행")
        .replace(/^your machine, first terminal \(leave it running\)$/, "내 PC, 첫 번째 터미널 (실행한 채로 둔다)")
        .replace(/^your machine, second terminal$/, "내 PC, 두 번째 터미널")
        .replace(/^(your machine|your computer)$/, "내 PC")
        .replace(/^a session on ([A-Z0-9-]+) \((.+)\)$/, "$1의 세션 ($2)")
        .replace(/^(.+) \(Session Manager shell\)$/, "$1 (Session Manager 셸)")
        .replace(/ or /, " 또는 ")
        .replace(/, which shares (.+) with PUBLIC-02$/, " (PUBLIC-02와 같은 $1)");
}

function noteKo(note: string): string {
    const notes: [RegExp, string][] = [
        [/^pulumi up --refresh/, "`pulumi up --refresh`로 규칙을 되돌린다"],
        [/^Session Manager cannot reach PUBLIC-02 .*BASTION sits in the same subnet and gets the same verdict$/, "NACL이 있는 동안 Session Manager는 PUBLIC-02에 닿지 못한다 (함께 영향을 받는 것 참고). 같은 서브넷의 BASTION에서 실행하면 같은 결과를 본다"],
        [
            /^Session Manager cannot reach PUBLIC-02/,
            "NACL이 있는 동안 Session Manager는 PUBLIC-02에 닿지 못해 그 셸을 쓸 수 없다 (함께 영향을 받는 것 참고). 다음 검증(PRIVATE-01에서의 ping)이 같은 결과를 보여 주고, 흐름 로그에는 PUBLIC-02의 거부된 연결이 남는다. `bastionSsmOperatorCidr`를 설정하면 같은 서브넷의 BASTION에서 실행할 수 있다",
        ],
        [/^Who may list depends on the caller/, "목록을 볼 수 있는지는 호출자에 달려 있다 (버킷 관리자는 예외): 통신 검증이 아니라 권한 검증이다"],
        [/^A DNS answer, not a flow/, "DNS 응답일 뿐 트래픽 흐름이 아니다: 경로는 아래 curl 검증이 확인한다"],
        [/^Instance metadata never leaves the instance/, "인스턴스 메타데이터는 인스턴스 밖으로 나가지 않는다: 네트워크 경로가 아니다"],
        [/^On a network the lab was given/, "실습에 주어진 기존 네트워크에서는 프라이빗 라우팅 테이블이 NAT 게이트웨이를 쓰는지 실습이 알 수 없다"],
    ];
    return notes.find(([pattern]) => pattern.test(note))?.[1] ?? note;
}

/** The lines after the first of an English expectation: values (route lines) the Korean text repeats. */
function values(check: LabCheck): string {
    const rest = check.expected.split("\n").slice(1);
    return rest.length > 0 ? `\n${rest.join("\n")}` : "";
}

/** The part of the English text after a fixed prefix, e.g. the IDs a listing names. */
function after(text: string, marker: string): string {
    const i = text.indexOf(marker);
    return i < 0 ? "" : text.slice(i + marker.length);
}

function expectedKo(check: LabCheck): string | undefined {
    const e = check.expected;
    const c = check.command;
    if (check.lab === "endpoints") {
        switch (check.id) {
            case "session-manager-public":
                return "`Starting session with SessionId: ...` 후 CloudNeta-Public-EC2의 셸이 열린다. whoami는 ssm-user (인터넷 게이트웨이를 거친 Session Manager)";
            case "session-manager-private":
                return "CloudNeta-Private-EC2에 ssm-user로 셸이 열린다. 인터넷 경로가 없으므로 Session Manager는 ssm, ssmmessages 인터페이스 엔드포인트를 거친다";
            case "instance-connect-private":
                return `EC2 Instance Connect 엔드포인트를 거쳐 CloudNeta-Private-EC2에 ec2-user로 셸이 열린다 (키 페어 없음: CLI가 일회용 키를 보낸다)${after(e, "Endpoint ").split(" ")[0] ? ` (${after(e, "Endpoint ").split(" ")[0]})` : ""}`;
            case "gateway-routes":
                return `라우팅 테이블과 게이트웨이 엔드포인트마다 한 줄 (순서 무관): 접두사 목록 → 엔드포인트${values(check)}`;
            case "s3-ping-private":
                return "3 packets transmitted, 3 received: 인터넷 경로 없이 S3 게이트웨이 엔드포인트를 거쳐 S3가 응답한다";
            case "s3-bucket-private":
                return `"upload: ..." 다음에 hello.txt로 끝나는 목록 줄: 요청에 S3 게이트웨이 엔드포인트의 aws:SourceVpce가 붙는다`;
            case "s3-bucket-public":
                return e.startsWith("the listing")
                    ? "hello.txt가 있는 목록: 퍼블릭 라우팅 테이블도 S3 트래픽을 게이트웨이 엔드포인트로 보낸다"
                    : "`An error occurred (AccessDenied) when calling the ListObjectsV2 operation`: 퍼블릭 서브넷은 인터넷 게이트웨이로 S3에 가므로 요청에 aws:SourceVpce가 없다";
            case "s3-object-outside":
                return "`An error occurred (AccessDenied) when calling the GetObject operation ... explicit deny in a resource-based policy`: 객체는 모든 보안 주체에 대해 엔드포인트를 통해서만 읽을 수 있다";
            case "s3-bucket-outside":
                return `\`An error occurred (AccessDenied) when calling the ListObjectsV2 operation\`: 버킷 관리자 (${after(e, "bucket managers (").split(")")[0]})를 제외한 모든 보안 주체. 관리자는 스택이 버킷을 관리하고 삭제할 수 있도록 버킷 수준 권한을 유지한다`;
            case "dynamodb-private":
                return '{"TableNames": [...]} (리전의 계정 테이블): 인터넷 경로 없이 DynamoDB 게이트웨이 엔드포인트를 거쳐 응답한다';
        }
        if (check.id.startsWith("interface-dns-")) {
            return `이름마다 엔드포인트의 프라이빗 IP (${after(e, "one in each of ").split(";")[0]} 에 하나씩). 내 PC 터미널에서는 첫 번째 이름이 퍼블릭 IP로 해석된다`;
        }
        return undefined;
    }
    if (check.lab === "endpoint-service") {
        switch (check.id) {
            case "accept":
                return '{"Unsuccessful": []}. 이후 상태 확인이 1~2분 안에 available을 출력한다';
            case "state":
                return e.startsWith("available") ? "available (프로그램이 연결을 수락했다)" : "accept 명령 실행 전에는 pendingAcceptance, 실행 후 available";
            case "session":
                return "My-EC2에 ssm-user로 셸이 열린다 (AWS CLI에 Session Manager 플러그인 필요). 다음 검증은 이 셸에서 실행한다";
            case "dig":
                return `소비자 VPC 안 엔드포인트 ENI의 프라이빗 IP: ${e.split(":")[0].replace("one private IP inside the endpoint subnet", "엔드포인트 서브넷").replace(/^(\d+) private IPs, one in each endpoint subnet/, "엔드포인트 서브넷마다 하나씩 $1개")}`;
            case "curl":
                return '"Endpoint Service Lab - Web Server 1" 또는 "... 2" 페이지. 반복하면 두 서버가 모두 응답한다. 연결 수락 전에는 응답이 없다';
            case "nlb-direct":
                return "시간 초과: Custom-NLB는 공급자 VPC 내부 전용이고 소비자 VPC에서 그곳으로 가는 경로가 없다. 엔드포인트만 닿는다";
        }
        return undefined;
    }
    return bastionKo(check, c, e);
}

function bastionKo(check: LabCheck, c: string, e: string): string | undefined {
    switch (check.id) {
        case "nacl-ping-public-a-to-private":
            return "응답 3개: PUBLIC-01은 IMD-PUBLIC-A에 있고, 인바운드 규칙 10이 이를 프라이빗 서브넷으로 들여보내며 아웃바운드 규칙 10이 응답을 내보낸다";
        case "nacl-ping-private-to-public-a":
            return "응답 3개: 에코 응답이 IMD-PUBLIC-A에서 돌아오고 규칙 10이 이를 들여보낸다";
        case "nacl-ping-public-b-to-private":
            return "100% packet loss: IMD-PUBLIC-B는 어떤 허용 규칙에도 맞지 않아 IMD-PRIVATE-A로 들어오는 요청을 NACL의 마지막 규칙 *가 버린다";
        case "nacl-ping-private-to-public-b":
            return "100% packet loss: 요청은 나가지만 (아웃바운드 규칙 10) IMD-PUBLIC-B의 응답이 들어올 때 버려진다: 네트워크 ACL은 상태 비저장이다";
    }
    if (c.startsWith("aws ssm start-session")) {
        return `${e.split(" ")[3]}에 SSH 키 없이, 열린 인바운드 포트 없이 셸이 열린다. whoami는 ssm-user`;
    }
    if (c.startsWith("getent ahostsv4")) {
        return `${after(e, "endpoint in ").split(":")[0]}에 있는 엔드포인트의 프라이빗 IP: 프라이빗 DNS가 Session Manager를 인터페이스 엔드포인트로 보낸다`;
    }
    if (c.includes("169.254.169.254")) {
        return "401: IMDSv2 세션 토큰이 없는 메타데이터 요청은 거부된다";
    }
    if (c.includes("checkip.amazonaws.com")) {
        return e.startsWith("a timeout")
            ? "10초 후 시간 초과: 이 스택에는 NAT 게이트웨이가 없다 (bastionSsmNatGateways: none). 그래도 Session Manager는 엔드포인트로 동작한다"
            : `NAT 게이트웨이의 탄력적 IP: PRIVATE-RT가 0.0.0.0/0을 NAT 게이트웨이로 보낸다${e.includes("IMD-PRIVATE-NACL is on") ? ". IMD-PRIVATE-NACL이 있는 동안은 시간 초과" : ""}`;
    }
    const page = /^the metadata page titled ([A-Z0-9-]+)/.exec(e);
    if (c.startsWith("curl -s http://") && page) {
        return e.includes("IMD-PRI-SG")
            ? `${page[1]} 제목의 메타데이터 페이지: IMD-PRI-SG가 VPC에서 오는 tcp 80을 허용한다`
            : `${page[1]} 제목의 메타데이터 페이지 (인스턴스 ID, 프라이빗 IP, \`Request without a token (IMDSv1): HTTP 401\` 포함): ${after(e, ": ").split(', and "')[0].replace(/^instance /, "인스턴스 ").replace(", private IP ", ", 프라이빗 IP ")}`;
    }
    if (c.startsWith("ping") && e.startsWith("3 replies")) {
        return "응답 3개: IMD-PUB-SG가 내 CIDR에서 오는 ICMP 에코를 허용한다";
    }
    if (c.includes("revoke-security-group-ingress")) {
        return "실행 중인 ping은 계속 응답을 받는다 (보안 그룹은 이미 허용한 흐름을 추적한다: 상태 저장). ping을 멈추고 다시 실행하면 응답이 없다";
    }
    if (c.includes("ssh -N -L")) {
        return "출력 없음: 로컬 포트 22001이 BASTION을 거쳐 PRIVATE-01의 SSH 포트로 연결된다";
    }
    if (c.includes("ssh -p 22001")) {
        return "터널을 거쳐 PRIVATE-01에 ec2-user로 셸이 열린다";
    }
    if (c.includes("ssh -J")) {
        return "BASTION을 거쳐 PRIVATE-01에 ec2-user로 셸이 열린다: IMD-BASTION-SG는 내 CIDR의 SSH만, IMD-PRI-SG는 IMD-BASTION-SG의 SSH만 허용한다";
    }
    return undefined;
}

/** The NACL stage's "also blocked" notes in Korean, by what each is about; unknown ones stay English. */
export function noteKorean(note: string): string {
    const rules: [RegExp, string][] = [
        [/^Session Manager on PUBLIC-02 and BASTION/, "PUBLIC-02와 BASTION의 Session Manager: 프라이빗 DNS가 VPC 전체를 프라이빗 서브넷의 엔드포인트 ENI로 보내는데 IMD-PUBLIC-B의 트래픽은 들어가지 못해, NACL을 제거할 때까지 오프라인으로 보인다. PUBLIC-01은 계속 동작한다."],
        [/^Session Manager on PUBLIC-02/, "PUBLIC-02의 Session Manager: 프라이빗 DNS가 VPC 전체를 프라이빗 서브넷의 엔드포인트 ENI로 보내는데 IMD-PUBLIC-B의 트래픽은 들어가지 못해, NACL을 제거할 때까지 오프라인으로 보인다. PUBLIC-01은 계속 동작한다."],
        [/^Session Manager on PRIVATE-02:/, "PRIVATE-02의 Session Manager: 엔드포인트 ENI가 IMD-PRIVATE-A에만 있고 (interfaceEndpointAzCount: 1) IMD-PRIVATE-B의 트래픽은 IMD-PRIVATE-A로 들어가지 못해 PRIVATE-02가 오프라인이 된다. 같은 서브넷 안의 트래픽은 NACL을 지나지 않으므로 PRIVATE-01은 계속 동작한다."],
        [/^Session Manager on PRIVATE-01 and PRIVATE-02 gets unreliable/, "PRIVATE-01, PRIVATE-02의 Session Manager가 불안정해진다: 서비스 이름이 두 프라이빗 서브넷의 엔드포인트 ENI로 해석되는데 다른 서브넷의 ENI로 가는 연결은 버려진다. 에이전트가 시간 초과 후 자기 서브넷의 ENI로 돌아가므로 세션이 늦게 열리거나 끊긴다."],
        [/^Internet access from PRIVATE-01 and PRIVATE-02/, "PRIVATE-01, PRIVATE-02의 인터넷 접속: NAT 게이트웨이를 거친 응답은 인터넷 서버의 주소를 출발지로 가지므로 규칙 10에 맞지 않아 dnf와 curl이 시간 초과된다 (프라이빗 라우팅 테이블은 여전히 0.0.0.0/0을 NAT 게이트웨이로 보낸다)."],
        [/^ssh -J and the tunnel through BASTION/, "BASTION을 거친 ssh -J와 터널: BASTION은 IMD-PUBLIC-B에 있으므로 PRIVATE-01, PRIVATE-02로 가는 연결이 버려진다."],
        [/^Traffic between PRIVATE-01 and PRIVATE-02/, "PRIVATE-01과 PRIVATE-02 사이의 양방향 트래픽, 그리고 IMD-PUBLIC-A 외의 곳에서 보는 프라이빗 페이지: 프라이빗 서브넷은 그 밖의 트래픽을 들이지 않는다."],
        [/^Not blocked:/, "막히지 않는 것: 한 서브넷 안의 트래픽, VPC 리졸버로 가는 DNS와 인스턴스 메타데이터 (네트워크 ACL은 이를 거르지 않는다), 기본 네트워크 ACL을 쓰는 퍼블릭 서브넷. 거부된 트래픽은 VPC 흐름 로그가 REJECT 또는 ALL을 기록할 때 보인다."],
    ];
    return rules.find(([pattern]) => pattern.test(note))?.[1] ?? note;
}
