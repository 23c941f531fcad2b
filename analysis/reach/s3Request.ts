import { policyStatements, Statement } from "../stack/iamDocuments";
import { StackNode } from "../stack/stackIndex";
import { Tri } from "./addresses";
import { conditionsHold, patternCovers, RequestContext } from "./iamConditions";
import { nameOf, NetworkModel, str } from "./model";
import { Trace } from "./trace";
import { T } from "./types";

/** The S3 request `s3://<bucket>` stands for: reading an object, what every lab check of the bucket does first. */
export const S3_ACTION = "s3:GetObject";

export interface S3Request {
    readonly bucket: string;
    /** The gateway or interface endpoint the request arrives through, if any. */
    readonly endpoint?: StackNode;
    /** The VPC the request comes from, when through an endpoint. */
    readonly vpc?: StackNode;
    /** The requesting principal's ARN (the instance role), null when it cannot be known. */
    readonly principalArn: string | null;
    readonly principalAccount: string | null;
}

function statementApplies(statement: Statement, resource: string, context: RequestContext): Tri {
    if (!patternCovers(statement.actions, S3_ACTION, true) || !patternCovers(statement.resources, resource, false)) {
        return false;
    }
    return conditionsHold(statement.conditions, context);
}

/** `Sid: Effect actions when {conditions}`: a statement as the answer quotes it; the Sid read from the document by position. */
function describeStatement(document: unknown, statements: readonly Statement[], statement: Statement): string {
    let raw: Record<string, unknown> | undefined;
    try {
        const parsed = (typeof document === "string" ? JSON.parse(document) : document) as { Statement?: unknown } | undefined;
        const list = (Array.isArray(parsed?.Statement) ? parsed.Statement : [parsed?.Statement]).filter((s): s is Record<string, unknown> => s !== null && typeof s === "object");
        raw = list[statements.indexOf(statement)];
    } catch {
        raw = undefined;
    }
    const sid = typeof raw?.Sid === "string" ? `${raw.Sid}: ` : "";
    return `${sid}${String(statement.effect)} ${statement.actions.map(String).join(",")} when ${JSON.stringify(statement.conditions)}`;
}

/** The role ARN behind an instance's profile, as aws:PrincipalArn shows an assumed-role session. */
export function instanceRoleArn(model: NetworkModel, instance: StackNode): string | null {
    const profileName = instance.props.iamInstanceProfile;
    const profile = model.ofType(T.instanceProfile).find((p) => p.props.name === profileName || p.props.arn === profileName);
    const roleName = profile?.props.role;
    const role = model.ofType(T.role).find((r) => r.props.name === roleName);
    return str(role?.props.arn) ?? null;
}

/**
 * The policies an S3 request meets after the network: the endpoint's policy (an explicit
 * allow is needed), then the bucket policy (an explicit deny stops it; `StringNotEquals
 * aws:SourceVpce` denies every request that does not arrive through that endpoint).
 * Identity policies of the caller are not part of the network and are not evaluated.
 */
export function evaluateS3Request(model: NetworkModel, trace: Trace, request: S3Request): void {
    const bucket = model.ofType(T.bucket, T.bucketV2).find((b) => b.props.bucket === request.bucket);
    if (!bucket) {
        trace.unknown(`bucket ${request.bucket} is not in the stack: its policy cannot be seen offline`);
    }
    const resource = `arn:aws:s3:::${request.bucket}/*`;
    const context: Record<string, string | null> = {
        "aws:SecureTransport": "true",
        "aws:PrincipalArn": request.principalArn,
        "aws:PrincipalAccount": request.principalAccount,
        "aws:ResourceAccount": model.accountId ?? null,
    };
    if (request.endpoint) {
        context["aws:SourceVpce"] = str(request.endpoint.props.id) ?? null;
        context["aws:SourceVpc"] = str(request.vpc?.props.id) ?? null;
        const policy = request.endpoint.props.policy;
        const statements = policyStatements(policy);
        if (statements === undefined || (Array.isArray(statements) && statements.length === 0)) {
            trace.add({ type: "EndpointPolicy", name: nameOf(request.endpoint), urn: request.endpoint.urn, via: "no policy: full access" });
        } else if (!Array.isArray(statements)) {
            trace.unknown(`the policy of ${nameOf(request.endpoint)} is not known yet`);
        } else {
            const verdicts = statements.map((s) => ({ s, applies: statementApplies(s, resource, context) }));
            const deny = verdicts.find((v) => v.s.effect === "Deny" && v.applies === true);
            const allow = verdicts.find((v) => v.s.effect === "Allow" && v.applies === true);
            if (deny || !allow) {
                if (!deny && verdicts.some((v) => v.applies === null)) {
                    trace.unknown(`whether the policy of ${nameOf(request.endpoint)} allows ${S3_ACTION} on ${resource} depends on values unknown offline`);
                }
                trace.block({
                    type: "EndpointPolicy",
                    name: nameOf(request.endpoint),
                    urn: request.endpoint.urn,
                    explanationCode: "ENDPOINT_POLICY_DENY",
                    rule: deny ? describeStatement(policy, statements, deny.s) : `no statement allows ${S3_ACTION} on ${resource}`,
                });
            }
            trace.add({ type: "EndpointPolicy", name: nameOf(request.endpoint), urn: request.endpoint.urn, via: describeStatement(policy, statements, allow.s) });
        }
    }
    const bucketPolicy = model.ofType(T.bucketPolicy).find((p) => p.props.bucket === request.bucket || p.props.bucket === bucket.props.id);
    const statements = policyStatements(bucketPolicy?.props.policy);
    if (!bucketPolicy || statements === undefined) {
        trace.add({ type: "BucketPolicy", name: request.bucket, urn: bucket.urn, via: "no bucket policy: the caller's own IAM permissions decide (not evaluated here)" });
        return;
    }
    if (!Array.isArray(statements)) {
        trace.unknown(`the bucket policy of ${request.bucket} is not known yet`);
    }
    let unknownDeny: Statement | undefined;
    for (const statement of statements.filter((s) => s.effect === "Deny")) {
        const applies = statementApplies(statement, resource, context);
        if (applies === true) {
            trace.block({ type: "BucketPolicy", name: nameOf(bucketPolicy), urn: bucketPolicy.urn, explanationCode: "BUCKET_POLICY_DENY", rule: describeStatement(bucketPolicy.props.policy, statements, statement) });
        }
        if (applies === null) {
            unknownDeny ??= statement;
        }
    }
    if (unknownDeny) {
        trace.unknown(`whether ${describeStatement(bucketPolicy.props.policy, statements, unknownDeny)} applies depends on the caller, unknown offline`);
    }
    trace.add({
        type: "BucketPolicy",
        name: nameOf(bucketPolicy),
        urn: bucketPolicy.urn,
        via: `no Deny statement applies to ${S3_ACTION}${request.endpoint ? ` through ${String(request.endpoint.props.id)}` : ""}; the caller's own IAM permissions decide (not evaluated here)`,
    });
}
