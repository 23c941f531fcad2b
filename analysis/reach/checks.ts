import { LabCheck } from "../../labs/labCheck";
import { ReachAnswer, Reachability } from "./answer";
import { NetworkModel, reach, ReachInputError } from "./analyze";
import { LAB_COMPONENT_TYPES } from "./types";

/** A lab check with what the analysis found for its probe. */
export interface AnalysedCheck {
    readonly lab: string;
    readonly id: string;
    /** What the lab states: reachable (true) or blocked (false). */
    readonly stated: boolean;
    /** What the analysis finds; null: unknown offline. */
    readonly analysed: Reachability;
    /** True when the analysis found the stated result. */
    readonly agrees: boolean;
    /** True when the analysis found the opposite of the stated result (unknown is not a difference: it cannot be told offline). */
    readonly differs: boolean;
    /** One line: the hops the flow took, or where it stops and why, or why it is unknown. */
    readonly path: string;
    readonly answer?: ReachAnswer;
}


/** The checks every lab component of the stack exports under `checks`, in stack order. */
export function stackChecks(model: NetworkModel): LabCheck[] {
    return model.index.nodes
        .filter((node) => LAB_COMPONENT_TYPES.includes(node.type))
        .flatMap((node) => (Array.isArray(node.props.checks) ? (node.props.checks as LabCheck[]) : []))
        .filter((check) => check !== null && typeof check === "object" && typeof check.id === "string");
}

/** The hop names of a path, joined like a traceroute's summary. */
export function pathSummary(answer: ReachAnswer): string {
    const names = answer.hops.filter((h) => h.type !== "NetworkAcl" || !h.name.startsWith("default")).map((h) => h.name);
    const route = [...new Set(names)].join(" > ");
    if (answer.reachable === true) {
        return route;
    }
    if (answer.reachable === false && answer.blockedBy) {
        return `${route} x ${answer.blockedBy.type} ${answer.blockedBy.name}: ${answer.blockedBy.rule ?? answer.blockedBy.explanationCode}`;
    }
    return `unknown: ${answer.unknownReason ?? "cannot be known offline"}`;
}

/** Every check with a probe, analysed; checks whose probe names nothing of the stack are unknown with the reason. */
export function analyseChecks(model: NetworkModel, checks: readonly LabCheck[] = stackChecks(model)): AnalysedCheck[] {
    return checks
        .filter((check) => check.probe !== undefined)
        .map((check) => {
            const probe = check.probe!;
            try {
                const answer = reach(model, { from: probe.from, to: probe.to, protocol: probe.protocol, port: probe.port });
                return {
                    lab: check.lab,
                    id: check.id,
                    stated: probe.expectReachable,
                    analysed: answer.reachable,
                    agrees: answer.reachable === probe.expectReachable,
                    differs: answer.reachable !== null && answer.reachable !== probe.expectReachable,
                    path: pathSummary(answer),
                    answer,
                };
            } catch (error) {
                if (error instanceof ReachInputError) {
                    return { lab: check.lab, id: check.id, stated: probe.expectReachable, analysed: null, agrees: false, differs: false, path: `unknown: ${error.message}` };
                }
                throw error;
            }
        });
}

function verdict(value: Reachability | boolean): string {
    return value === true ? "reachable" : value === false ? "blocked" : "unknown";
}

/** The `--checks` table: check, stated, analysed, path. */
export function renderChecks(rows: readonly AnalysedCheck[]): string[] {
    const cells = rows.map((r) => [`${r.lab}/${r.id}`, verdict(r.stated), `${verdict(r.analysed)}${r.differs ? " (differs)" : ""}`, r.path]);
    const header = ["check", "stated", "analysed", "path"];
    const widths = header.map((h, i) => Math.max(h.length, ...cells.slice(0).map((c) => (i < 3 ? c[i].length : 0))));
    const line = (c: string[]) => c.map((v, i) => (i < 3 ? v.padEnd(widths[i]) : v)).join("  ");
    const differs = rows.filter((r) => r.differs).length;
    const unknown = rows.filter((r) => r.analysed === null).length;
    return [
        line(header),
        ...cells.map(line),
        "",
        `${rows.length} checks: ${rows.length - differs - unknown} agree, ${differs} differ${differs > 0 ? " (the lab no longer does what it states)" : ""}, ${unknown} unknown offline`,
    ];
}
