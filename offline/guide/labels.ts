import { PredictedRecord } from "../../analysis/flowLogs/predict";
import { AnalysedExpectation } from "./expectation";
import { GuideModel } from "./model";
import { Lang } from "./stageTexts";

/** The guide's fixed texts, in both languages. */
export const LABELS = {
    en: {
        title: (m: GuideModel) => `Lab guide: stack ${m.stack} (${m.region})`,
        intro:
            "Each lab goes through the original's stages in order: the \"before\" states first, then the change, then the finished lab. For each stage, run its `pulumi up` (it saves the stage in the stack's config), wait as long as it says, look at the console screens, then run the checks in order. A check says where to run it: your own shell, or a shell on an instance (Session Manager). Going back a stage is the same command with the earlier stage; it never deletes data: flow-log groups, buckets and keys stay (keepDataOnDelete).",
        idsOffline:
            "The IDs below come from the offline plan (a fake account, 123456789012). For your own, deploy the stack, save `pulumi stack output --json > outputs.json` and run `npm run guide -- --stack STACK --outputs outputs.json`.",
        idsDeployed: (file: string) => `The IDs below come from the deployed stack's outputs (${file}). A check marked "offline plan" names IDs that file does not have yet: save pulumi stack output --json again after that stage's pulumi up.`,
        contents: "Contents",
        stage: (position: number, count: number) => `Stage ${position} of ${count}`,
        changes: "What this stage changes",
        run: "Run",
        console: "In the console",
        wait: "Wait",
        topology: "Topology at this stage",
        checks: "Checks",
        where: "Where",
        expected: "Expected",
        hint: "If you see something else",
        note: "Note",
        waitBefore: (seconds: number) => `wait about ${seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${seconds} seconds`} before running it`,
        reach: (e: AnalysedExpectation) =>
            `${e.reachable === true ? "reachable" : e.reachable === false ? "blocked" : "unknown offline"} (${e.source === "analysis" ? "the offline reachability analysis of this stage" : "as the check states"})${e.detail ? `: ${e.detail}` : ""}`,
        reachLabel: "Connectivity",
        flowLogsLabel: "What to look for in the flow logs",
        flowLogRecord: (r: PredictedRecord) =>
            `${r.leg}: ${r.action}, ${r.direction}, on ${r.interface.ownerName}'s ENI${r.interface.eniId ? ` (${r.interface.eniId})` : ""}, in ${r.flowLog.label}${r.trafficPath !== undefined ? `, traffic-path ${r.trafficPath}` : ""}`,
        contradiction: "The analysis of this stage disagrees with the expected text: the resources decide; report the check.",
        alsoAffected: "Also affected at this stage",
        skipped: "Not part of this stack",
        offlineIds: (ids: readonly string[]) => `offline plan: ${ids.join(", ")}`,
        resources: (n: number) => `${n} resources in this lab at this stage`,
        original: "",
    },
    ko: {
        title: (m: GuideModel) => `실습 가이드: 스택 ${m.stack} (${m.region})`,
        intro:
            "각 실습은 원본의 단계를 순서대로 진행한다: 먼저 \"이전\" 상태, 다음에 변경, 마지막으로 완성된 실습. 단계마다 해당 `pulumi up`을 실행하고 (단계가 스택 설정에 저장된다), 안내된 시간만큼 기다린 뒤, 콘솔 화면을 확인하고, 검증을 순서대로 실행한다. 검증마다 실행 위치가 적혀 있다: 내 PC의 터미널, 또는 인스턴스의 셸 (Session Manager). 이전 단계로 돌아가려면 같은 명령을 이전 단계로 실행한다. 데이터는 지워지지 않는다: 흐름 로그 그룹, 버킷, 키는 남는다 (keepDataOnDelete).",
        idsOffline:
            "아래 ID는 오프라인 계획의 값이다 (가상 계정 123456789012). 내 ID로 보려면 스택을 배포하고 `pulumi stack output --json > outputs.json`으로 저장한 뒤 `npm run guide -- --stack STACK --outputs outputs.json`을 실행한다.",
        idsDeployed: (file: string) => `아래 ID는 배포된 스택의 출력 (${file})에서 가져왔다. "오프라인 계획"이 표시된 검증은 그 파일에 아직 없는 ID를 쓴다: 해당 단계의 pulumi up 후 pulumi stack output --json을 다시 저장한다.`,
        contents: "목차",
        stage: (position: number, count: number) => `${count}단계 중 ${position}단계`,
        changes: "이 단계에서 바뀌는 것",
        run: "실행",
        console: "콘솔에서 확인",
        wait: "대기",
        topology: "이 단계의 토폴로지",
        checks: "검증",
        where: "실행 위치",
        expected: "예상 결과",
        hint: "다른 결과가 나오면",
        note: "참고",
        waitBefore: (seconds: number) => `실행 전 약 ${seconds >= 120 ? `${Math.round(seconds / 60)}분` : `${seconds}초`} 대기`,
        reach: (e: AnalysedExpectation) =>
            `${e.reachable === true ? "통신 가능" : e.reachable === false ? "차단" : "오프라인에서 판단 불가"} (${e.source === "analysis" ? "이 단계의 오프라인 도달성 분석" : "검증에 적힌 예상"})${e.detailKo ? `: ${e.detailKo}` : ""}`,
        reachLabel: "통신 여부",
        flowLogsLabel: "흐름 로그에서 확인할 것",
        flowLogRecord: (r: PredictedRecord) =>
            `${r.leg === "request" ? "요청" : "응답"}: ${r.interface.ownerName}의 ENI${r.interface.eniId ? ` (${r.interface.eniId})` : ""}에서 ${r.action}, ${r.direction}, 흐름 로그 ${r.flowLog.label}${r.trafficPath !== undefined ? `, traffic-path ${r.trafficPath}` : ""}`,
        contradiction: "이 단계의 분석 결과가 예상 결과 문구와 다르다: 자원 구성이 기준이다. 이 검증을 보고한다.",
        alsoAffected: "이 단계에서 함께 영향을 받는 것",
        skipped: "이 스택에는 없는 단계",
        offlineIds: (ids: readonly string[]) => `오프라인 계획: ${ids.join(", ")}`,
        resources: (n: number) => `이 단계에서 이 실습의 자원 ${n}개`,
        original: "(영문 원문: 스택 출력의 검증 문구 그대로)",
    },
} as const satisfies Record<Lang, unknown>;

/** A check's human-language texts in the guide's language: the Korean ones where the check has them. */
export function checkTexts(check: { where: string; expected: string; hint?: string; note?: string; ko?: { where: string; expected: string; hint?: string; note?: string } }, lang: Lang) {
    if (lang === "ko" && check.ko) {
        return { where: check.ko.where, expected: check.ko.expected, hint: check.ko.hint, note: check.ko.note, original: false };
    }
    return { where: check.where, expected: check.expected, hint: check.hint, note: check.note, original: lang === "ko" };
}

/** Anchor of a stage's section, the same in both renderers. */
export function stageAnchor(lab: string, stage: string): string {
    return `${lab}-${stage}`;
}
