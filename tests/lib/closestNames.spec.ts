import * as assert from "assert";
import { closestName, closestNames, didYouMean, editDistance } from "../../lib/closestNames";

describe("closest names (did you mean)", () => {
    it("counts a swap of two neighbouring letters as one edit", () => {
        assert.strictEqual(editDistance("flowlgo", "flowlog"), 1);
        assert.strictEqual(editDistance("abc", "abc"), 0);
        assert.strictEqual(editDistance("", "abc"), 3);
        assert.strictEqual(editDistance("kitten", "sitting"), 3);
    });

    it("ignores case, as AWS Name tags and Region names are typed", () => {
        assert.deepStrictEqual(closestNames("private-01", ["PUBLIC-01", "PRIVATE-01", "PRIVATE-02"]), ["PRIVATE-01", "PRIVATE-02"]);
    });

    it("offers nothing for a wild guess or a huge input", () => {
        assert.deepStrictEqual(closestNames("mars-1", ["ap-northeast-2", "us-east-1"]), []);
        assert.deepStrictEqual(closestNames("x".repeat(5000), ["x"]), []);
        assert.deepStrictEqual(closestNames("", ["a"]), []);
    });

    it("keeps the best first and stops at the limit", () => {
        assert.deepStrictEqual(closestNames("us-east-3", ["us-east-1", "us-east-2", "us-west-2", "eu-west-3"], { limit: 2 }), ["us-east-1", "us-east-2"]);
        assert.strictEqual(closestName("vpc-has-flowlog", ["vpc-cidr-private", "vpc-has-flow-log"]), "vpc-has-flow-log");
    });

    it("words the suggestion for a message", () => {
        assert.strictEqual(didYouMean("labz", ["labs", "lab"]), "; did you mean labs or lab?");
        assert.strictEqual(didYouMean("t3.micor", ["t3.micro", "t3.small", "t3a.micro"]), "; did you mean t3.micro or t3a.micro?");
        assert.strictEqual(didYouMean("zzz", ["labs"]), "");
    });
});
