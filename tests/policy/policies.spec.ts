import * as assert from "assert";
import { execFileSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { schemaErrors, keywordsOf, SUPPORTED_KEYWORDS } from "../../policy/lib/jsonSchema";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../policy/policies";

const ROOT = join(__dirname, "../..");

describe("the policy pack", () => {
    it("has these policies, in this order, at these default levels", () => {
        assert.deepStrictEqual(
            POLICIES.map((p) => `${p.name}: ${p.enforcementLevel}`),
            [
                "gateway-endpoint-service: mandatory",
                "gateway-endpoint-route-table: mandatory",
                "interface-endpoint-own-security-group: mandatory",
                "interface-endpoint-ingress-from-vpc: mandatory",
                "interface-endpoint-private-dns: mandatory",
                "interface-endpoint-availability-zones: mandatory",
                "endpoint-policy-not-full-access: advisory",
                "endpoint-service-acceptance-required: mandatory",
                "endpoint-service-no-public-principal: mandatory",
                "endpoint-service-load-balancer-internal-multi-az: mandatory",
                "s3-bucket-locked-to-gateway-endpoint: advisory",
                "vpc-has-flow-log: mandatory",
                "flow-log-traffic-type: mandatory",
                "flow-log-aggregation-interval: mandatory",
                "flow-log-group-retention: mandatory",
                "flow-log-role-permissions: mandatory",
                "flow-log-role-trust: mandatory",
                "security-group-no-public-admin-ports: mandatory",
                "instance-imdsv2-required: mandatory",
                "user-data-no-passwords: mandatory",
                "vpc-cidr-private: mandatory",
                "default-security-group-closed: advisory",
                "private-subnet-instance-no-public-ip: mandatory",
                "stack-hourly-cost: advisory",
                "lab-connectivity-intents: advisory",
            ],
        );
        assert.strictEqual(PACK_ENFORCEMENT_LEVEL, "mandatory");
        assert.match(PACK_NAME, /^[a-zA-Z0-9-_.]{1,100}$/, "the server refuses other pack names");
    });

    it("names policies in unique kebab-case (never `all`) and describes each as \"Checks that ...\"", () => {
        const names = POLICIES.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const policy of POLICIES) {
            assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.notStrictEqual(policy.name, "all");
            assert.match(policy.description, /^Checks that .+\.$/, policy.name);
        }
    });

    it("declares config schemas the CLI accepts and the in-process validator fully checks, each property with a valid default", () => {
        for (const policy of POLICIES.filter((p) => p.configSchema)) {
            const properties = policy.configSchema?.properties ?? {};
            assert.ok(!("enforcementLevel" in properties), `${policy.name}: the server exits on an enforcementLevel property`);
            for (const [key, schema] of Object.entries(properties)) {
                const unsupported = keywordsOf(schema).filter((keyword) => !SUPPORTED_KEYWORDS.has(keyword));
                assert.deepStrictEqual(unsupported, [], `${policy.name}.${key}`);
                assert.ok(schema.description && schema.default !== undefined, `${policy.name}.${key} needs a description and a default`);
                assert.deepStrictEqual(schemaErrors(schema, schema.default, key), [], `${policy.name}.${key}`);
            }
        }
    });

    it("is a directory the Pulumi CLI can run: PulumiPolicy.yaml, a package.json with the version, index.ts as main", () => {
        const project = parse(readFileSync(join(ROOT, "policy/PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(project).sort(), ["description", "runtime"]);
        assert.strictEqual(project.runtime, "nodejs");
        const manifest = JSON.parse(readFileSync(join(ROOT, "policy/package.json"), "utf8")) as Record<string, unknown>;
        assert.match(String(manifest.version), /^\d+\.\d+\.\d+$/, "PolicyPack reads its version from package.json in the pack directory");
        assert.ok(existsSync(join(ROOT, "policy", String(manifest.main))));
    });

    it("is constructed only in policy/index.ts, which nothing imports, so importing the rules starts no server", () => {
        const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], { cwd: ROOT, encoding: "utf8" })
            .split("\n")
            .filter((file) => file && existsSync(join(ROOT, file)));
        const source = (file: string) => readFileSync(join(ROOT, file), "utf8");
        const constructs = files.filter((file) => /^\s*new PolicyPack\(/m.test(source(file)));
        assert.deepStrictEqual(constructs, ["policy/index.ts"]);
        // `policy` as a directory resolves to policy/package.json's main: index.ts.
        const fromOutside = /(from|require\()\s*["']([./]*\/)?policy(\/index)?["']/;
        const fromInside = /(from|require\()\s*["'](\.|\.\/index|\.\.\/index)["']/;
        const importers = files.filter((file) => fromOutside.test(source(file)) || (file.startsWith("policy/") && fromInside.test(source(file))));
        assert.deepStrictEqual(importers, []);
        const listening = (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === "TCPServerWrap");
        assert.deepStrictEqual(listening, [], "no gRPC server listens in the test process");
    });
});
