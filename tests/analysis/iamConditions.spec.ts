import * as assert from "assert";
import { conditionsHold } from "../../analysis/reach/iamConditions";

describe("IAM conditions of endpoint and bucket policies", () => {
    const lock = { StringNotEquals: { "aws:SourceVpce": "vpce-1" } };

    it("holds a negated condition when the key is missing: a request without aws:SourceVpce is denied by the lock", () => {
        assert.strictEqual(conditionsHold(lock, {}), true);
        assert.strictEqual(conditionsHold(lock, { "aws:SourceVpce": "vpce-2" }), true);
        assert.strictEqual(conditionsHold(lock, { "aws:SourceVpce": "vpce-1" }), false);
    });

    it("fails a positive condition on a missing key unless it is ...IfExists, and is unknown on an unknown value", () => {
        assert.strictEqual(conditionsHold({ StringEquals: { "aws:SourceVpc": "vpc-1" } }, {}), false);
        assert.strictEqual(conditionsHold({ StringEqualsIfExists: { "aws:SourceVpc": "vpc-1" } }, {}), true);
        assert.strictEqual(conditionsHold({ ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::1:role/admin"] } }, { "aws:PrincipalArn": null }), null);
        // Every operator must hold: one definite false decides even next to an unknown.
        assert.strictEqual(conditionsHold({ ...lock, ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::1:role/admin" } }, { "aws:SourceVpce": "vpce-1", "aws:PrincipalArn": null }), false);
        assert.strictEqual(conditionsHold({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::1:role/*" } }, { "aws:PrincipalArn": "arn:aws:iam::1:role/lab" }), true);
        assert.strictEqual(conditionsHold({ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": "true" }), false);
    });
});
