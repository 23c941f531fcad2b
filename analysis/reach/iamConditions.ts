import { Tri } from "./addresses";

/** The request context keys the analysis knows; null: the value cannot be known offline; absent: not in the request. */
export type RequestContext = Readonly<Record<string, string | null>>;

function wildcard(pattern: string, value: string, ignoreCase = false): boolean {
    const regex = new RegExp(`^${pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`, ignoreCase ? "i" : "");
    return regex.test(value);
}

const OPERATORS: Readonly<Record<string, { negated: boolean; test: (pattern: string, value: string) => boolean }>> = {
    StringEquals: { negated: false, test: (p, v) => p === v },
    StringNotEquals: { negated: true, test: (p, v) => p === v },
    StringEqualsIgnoreCase: { negated: false, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
    StringNotEqualsIgnoreCase: { negated: true, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
    StringLike: { negated: false, test: (p, v) => wildcard(p, v) },
    StringNotLike: { negated: true, test: (p, v) => wildcard(p, v) },
    ArnEquals: { negated: false, test: (p, v) => wildcard(p, v) },
    ArnLike: { negated: false, test: (p, v) => wildcard(p, v) },
    ArnNotEquals: { negated: true, test: (p, v) => wildcard(p, v) },
    ArnNotLike: { negated: true, test: (p, v) => wildcard(p, v) },
    Bool: { negated: false, test: (p, v) => p.toLowerCase() === v.toLowerCase() },
};

/**
 * Whether a statement's Condition block holds for the request: every operator and key must
 * hold. A key missing from the request makes a positive operator false and a negated one
 * (StringNotEquals, ArnNotEquals...) true, as IAM evaluates them; `...IfExists` holds when
 * the key is missing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
export function conditionsHold(conditions: Readonly<Record<string, unknown>>, context: RequestContext): Tri {
    let result: Tri = true;
    for (const [rawOperator, entries] of Object.entries(conditions)) {
        const ifExists = rawOperator.endsWith("IfExists");
        const operator = OPERATORS[ifExists ? rawOperator.slice(0, -"IfExists".length) : rawOperator];
        if (!operator || entries === null || typeof entries !== "object") {
            result = result === false ? false : null;
            continue;
        }
        for (const [key, expected] of Object.entries(entries as Record<string, unknown>)) {
            const patterns = (Array.isArray(expected) ? expected : [expected]).map(String);
            const contextKey = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
            if (contextKey === undefined) {
                const holds = ifExists || operator.negated;
                if (!holds) {
                    return false;
                }
                continue;
            }
            const value = context[contextKey];
            if (value === null) {
                result = null;
                continue;
            }
            const any = patterns.some((p) => operator.test(p, value));
            if ((operator.negated ? !any : any) === false) {
                return false;
            }
        }
    }
    return result;
}

/** Whether an action or resource pattern of a statement covers the request's. */
export function patternCovers(patterns: readonly unknown[], value: string, ignoreCase: boolean): boolean {
    return patterns.some((p) => typeof p === "string" && wildcard(p, value, ignoreCase));
}
