import { isUnknown, toKnowable, Unknown, UNKNOWN } from "./knowable";

/** One IAM policy statement with every list-or-string field normalised to a list. */
export interface Statement {
    readonly effect: unknown;
    readonly principals: readonly Principal[];
    readonly actions: readonly unknown[];
    readonly resources: readonly unknown[];
    /** Condition operator -> condition key -> value, as written. */
    readonly conditions: Readonly<Record<string, unknown>>;
}

/** `{ kind: "Service", value: "vpc-flow-logs.amazonaws.com" }`; `"*"` alone is `{ kind: "*", value: "*" }`. */
export interface Principal {
    readonly kind: string;
    readonly value: unknown;
}

/**
 * The statements of a policy document given as JSON text or as an object (the AWS
 * provider accepts both). {@link UNKNOWN} while the text is unknown; undefined when the
 * document is absent or not valid JSON (AWS rejects those, so no rule needs to).
 */
export function policyStatements(document: unknown): Statement[] | Unknown | undefined {
    if (isUnknown(document)) {
        return UNKNOWN;
    }
    let parsed: unknown = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch {
            return undefined;
        }
    }
    if (parsed === null || typeof parsed !== "object") {
        return undefined;
    }
    const statements = toKnowable((parsed as Record<string, unknown>).Statement);
    if (isUnknown(statements)) {
        return UNKNOWN;
    }
    return asList(statements)
        .filter((s): s is Record<string, unknown> => s !== null && typeof s === "object")
        .map((s) => ({
            effect: s.Effect,
            principals: principals(s.Principal),
            actions: asList(s.Action),
            resources: asList(s.Resource),
            conditions: s.Condition !== null && typeof s.Condition === "object" ? (s.Condition as Record<string, unknown>) : {},
        }));
}

function principals(principal: unknown): Principal[] {
    if (principal === "*") {
        return [{ kind: "*", value: "*" }];
    }
    if (principal === null || typeof principal !== "object") {
        return principal === undefined ? [] : [{ kind: "?", value: principal }];
    }
    return Object.entries(principal as Record<string, unknown>).flatMap(([kind, values]) => asList(values).map((value) => ({ kind, value })));
}

function asList(value: unknown): unknown[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}

/** True when an IAM action pattern (`logs:*`, `logs:Create*`, `*`) grants `action`. Case-insensitive, as IAM is. */
export function actionPatternGrants(pattern: unknown, action: string): boolean {
    if (typeof pattern !== "string") {
        return false;
    }
    const regex = new RegExp(
        "^" +
            pattern
                .split("")
                .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
                .join("") +
            "$",
        "i",
    );
    return regex.test(action);
}

/** True when the statement has a condition on this key under any operator (keys are case-insensitive). */
export function hasConditionKey(statement: Statement, key: string): boolean {
    return Object.values(statement.conditions).some(
        (entries) => entries !== null && typeof entries === "object" && Object.keys(entries).some((k) => k.toLowerCase() === key.toLowerCase()),
    );
}

/** True for `*` and for an ARN whose resource part is `*` (`arn:aws:logs:*:*:*`): every resource of a service. */
export function isEveryResource(resource: unknown): boolean {
    if (resource === "*") {
        return true;
    }
    return typeof resource === "string" && resource.startsWith("arn:") && resource.split(":").slice(5).join(":") === "*";
}
