import { ReachAnswer } from "../../analysis/reach/answer";
import { INTERNET_LABEL } from "../../analysis/reach/resolveEnds";

/**
 * The reachability verdict's path in Korean, for the Korean guide: the hops by name (resource
 * names stay as AWS shows them), what blocks the flow in Korean by its Reachability Analyzer
 * explanation code, and the rule that blocks it quoted as code, as the console shows it.
 */
const BLOCKED_KO: Readonly<Record<string, string>> = {
    ACL_RULES_MISMATCH: "네트워크 ACL 규칙에 맞지 않아 버려진다",
    ENI_SG_RULES_MISMATCH: "보안 그룹 규칙이 허용하지 않는다",
    BUCKET_POLICY_DENY: "버킷 정책이 명시적으로 거부한다",
    ENDPOINT_POLICY_DENY: "엔드포인트 정책이 허용하지 않는다",
    NO_ROUTE_TO_DESTINATION: "목적지로 가는 경로가 없다",
    NO_PUBLIC_ADDRESS: "퍼블릭 주소가 없다",
    NO_LISTENER_FOR_PORT: "로드 밸런서에 이 포트의 리스너가 없다",
    TARGET_GROUP_NO_TARGETS: "대상 그룹에 등록된 대상이 없다",
    VPC_ENDPOINT_CONNECTION_NOT_ACCEPTED: "엔드포인트 연결이 아직 수락되지 않았다 (pendingAcceptance)",
};

/** Codes whose `rule` quotes a rule or policy statement (shown as code); for the others it is an English explanation. */
const QUOTES_A_RULE = new Set(["ACL_RULES_MISMATCH", "ENI_SG_RULES_MISMATCH", "BUCKET_POLICY_DENY", "ENDPOINT_POLICY_DENY"]);

const hopNameKo = (name: string) => (name === INTERNET_LABEL ? "인터넷 (모든 VPC와 운영자 CIDR 밖의 주소)" : name);

export function pathSummaryKo(answer: ReachAnswer): string | undefined {
    const names = answer.hops.filter((h) => h.type !== "NetworkAcl" || !h.name.startsWith("default")).map((h) => hopNameKo(h.name));
    const route = [...new Set(names)].join(" > ");
    if (answer.reachable === true) {
        return route;
    }
    if (answer.reachable === false && answer.blockedBy) {
        const { type, name, explanationCode, rule } = answer.blockedBy;
        const why = BLOCKED_KO[explanationCode] ?? `차단 사유 코드 \`${explanationCode}\``;
        const quoted = rule && QUOTES_A_RULE.has(explanationCode) ? ` (규칙: \`${rule.replace(/`/g, "'")}\`)` : "";
        return `${route} x ${type} ${hopNameKo(name)}: ${why}${quoted}`;
    }
    return undefined;
}
