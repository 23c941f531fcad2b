/**
 * The diagram's own words (legend, subnet tiers, network ACL rule summaries) in the guide's two
 * languages: the Korean guide draws its diagrams in Korean. Resource names, CIDRs and AWS type
 * names stay as AWS writes them.
 */
export type DiagramLang = "en" | "ko";

export interface DiagramWords {
    readonly legendTitle: string;
    /** The legend's line styles, in the order of {@link LEGEND_COLOURS}. */
    readonly legend: readonly string[];
    readonly publicRow: readonly [string, string];
    readonly privateRow: readonly [string, string];
    readonly subnetTier: (tier: "public" | "private") => string;
    readonly noNetwork: string;
    readonly networkAcl: string;
    /** One NACL entry: `in 10 allow all traffic from 10.1.1.0/24`. */
    readonly naclRule: (rule: { egress: boolean; number: string; allow: boolean; traffic: string; cidr: string }) => string;
    readonly allTraffic: string;
    readonly naclDefault: string;
}

/** The colour of each legend line, shared by both languages. */
export const LEGEND_COLOURS = ["#b8860b", "#8a8a8a", "#d13212", "#c7157a", "#d86613", "#8c4fff", "#c7157a", "#2e73b8"] as const;

export const DIAGRAM_WORDS: Readonly<Record<DiagramLang, DiagramWords>> = {
    en: {
        legendTitle: "Legend",
        legend: [
            "route table → target (label: destination)",
            "route table ┄ subnet it serves (dotted)",
            "network ACL ┄ subnet it guards (dotted; rules listed, first match wins)",
            "endpoint / load balancer ╌ its subnets (ENIs, dashed)",
            "load balancer → target (listener port)",
            "network load balancer → endpoint service",
            "consumer endpoint ━ endpoint service (PrivateLink, bold)",
            "VPC / subnet ╌ flow log → destination",
        ],
        publicRow: ["public", "subnet whose route table has a route to an internet gateway"],
        privateRow: ["private", "any other subnet"],
        subnetTier: (tier) => `${tier} subnet`,
        noNetwork: "(no VPC, subnet or flow log in this stack)",
        networkAcl: "network ACL",
        naclRule: (r) => `${r.egress ? "out" : "in"} ${r.number} ${r.allow ? "allow" : "deny"} ${r.traffic} ${r.egress ? "to" : "from"} ${r.cidr}`,
        allTraffic: "all traffic",
        naclDefault: "* deny the rest (stateless: replies too)",
    },
    ko: {
        legendTitle: "범례",
        legend: [
            "라우팅 테이블 → 대상 (레이블: 목적지)",
            "라우팅 테이블 ┄ 연결된 서브넷 (점선)",
            "네트워크 ACL ┄ 연결된 서브넷 (점선, 규칙은 번호 순으로 먼저 맞는 것 적용)",
            "엔드포인트 / 로드 밸런서 ╌ 그 서브넷 (ENI, 파선)",
            "로드 밸런서 → 대상 (리스너 포트)",
            "네트워크 로드 밸런서 → 엔드포인트 서비스",
            "소비자 엔드포인트 ━ 엔드포인트 서비스 (PrivateLink, 굵은 선)",
            "VPC / 서브넷 ╌ 흐름 로그 → 대상",
        ],
        publicRow: ["퍼블릭", "라우팅 테이블에 인터넷 게이트웨이로 가는 경로가 있는 서브넷"],
        privateRow: ["프라이빗", "그 밖의 서브넷"],
        subnetTier: (tier) => (tier === "public" ? "퍼블릭 서브넷" : "프라이빗 서브넷"),
        noNetwork: "(이 스택에는 VPC, 서브넷, 흐름 로그가 없습니다)",
        networkAcl: "네트워크 ACL",
        naclRule: (r) => `${r.egress ? "아웃바운드" : "인바운드"} ${r.number}: ${r.cidr} ${r.egress ? "(으)로" : "에서"} ${r.traffic} ${r.allow ? "허용" : "거부"}`,
        allTraffic: "모든 트래픽",
        naclDefault: "*: 나머지는 모두 거부 (상태 비저장: 응답도)",
    },
};
