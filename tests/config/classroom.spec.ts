import * as assert from "assert";
import { expiryInstant, isStudentName } from "../../config/classroom";
import { validateStackConfig } from "../../config/validate";
import { ConfigError, formatProblem } from "../../lib/errors";

const SEOUL = { region: "ap-northeast-2", availableZones: ["ap-northeast-2a", "ap-northeast-2c"] };

function problems(values: Record<string, string>): string[] {
    try {
        validateStackConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`vpc-labs:${k}`, v])), SEOUL);
    } catch (error) {
        assert.ok(ConfigError.isConfigError(error));
        return error.problems.map(formatProblem);
    }
    return [];
}

describe("classroom config keys", () => {
    it("reads a student, an expiry, a class and a policy config", () => {
        const config = validateStackConfig(
            { "vpc-labs:student": "Kim Minji", "vpc-labs:expiresAt": "2026-12-31", "vpc-labs:classroom": "vpc-2026-fall", "vpc-labs:policyConfig": "policy/config.lab.json" },
            SEOUL,
        );
        assert.deepStrictEqual(config.classroom, { student: "Kim Minji", expiresAt: "2026-12-31", name: "vpc-2026-fall" });
        assert.strictEqual(config.policyConfig, "policy/config.lab.json");
        assert.deepStrictEqual(validateStackConfig({}, SEOUL).classroom, {});
    });

    it("refuses unusable values, each with its key, its rule and a fix", () => {
        assert.deepStrictEqual(
            problems({ student: "-bob", expiresAt: "2026-02-30", classroom: "Fall 2026", policyConfig: "../elsewhere.json" }),
            [
                'vpc-labs:student: "-bob" is not a usable student name (letters, digits, spaces and . _ - @ +, starting with a letter or digit, at most 64); write it like "Kim Minji" or "student-07"',
                'vpc-labs:expiresAt: "2026-02-30" is not an ISO 8601 date or UTC time; write it like 2026-12-31 or 2026-12-31T18:00:00Z',
                'vpc-labs:classroom: "Fall 2026" is not a class name (lowercase letters, digits and dashes, at most 40); write it like vpc-2026-spring',
                'vpc-labs:policyConfig: "../elsewhere.json" is not a JSON file inside the project; give a path relative to the project, e.g. policy/config.lab.json',
            ],
        );
        assert.strictEqual(problems({ student: "x".repeat(65) }).length, 1);
        assert.strictEqual(problems({ student: "a<script>" }).length, 1);
        assert.strictEqual(problems({ policyConfig: "/etc/passwd.json" }).length, 1);
        assert.strictEqual(problems({ policyConfig: "policy/config.lab.yaml" }).length, 1);
    });

    it("takes a date as the end of that day (UTC), a date-time with Z as written, and nothing else", () => {
        assert.strictEqual(expiryInstant("2026-12-31")?.toISOString(), "2026-12-31T23:59:59.000Z");
        assert.strictEqual(expiryInstant("2026-12-31T18:00:00Z")?.toISOString(), "2026-12-31T18:00:00.000Z");
        assert.strictEqual(expiryInstant("2026-12-31T18:00Z")?.toISOString(), "2026-12-31T18:00:00.000Z");
        for (const bad of ["2026-13-01", "2026-02-29", "2026-12-31T24:00:00Z", "2026-12-31T18:00:00+09:00", "31/12/2026", "tomorrow", ""]) {
            assert.strictEqual(expiryInstant(bad), undefined, bad);
        }
        assert.ok(expiryInstant("2028-02-29"), "a leap day");
    });

    it("accepts names in any script, with the tag value characters AWS allows", () => {
        for (const good of ["Kim Minji", "김민지", "student-07", "a.b_c+d@example.com", "O"]) {
            assert.ok(isStudentName(good), good);
        }
        for (const bad of ["", " lead", "trail ", "semi;colon", "quote'", "new\nline"]) {
            assert.ok(!isStudentName(bad), JSON.stringify(bad));
        }
    });
});
