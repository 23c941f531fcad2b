import * as assert from "assert";
import { readFileSync, readdirSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { CONFIG_KEYS } from "../../config/keys";
import { PROJECT_DIR, StackFileError, readStackConfig } from "../../config/stackFiles";
import { CONFIG_REFERENCE_PAGE, projectConfigBlock, readmeConfigReference } from "../../tools/writeProjectConfig";

const project = parse(readFileSync(join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
const stackFiles = readdirSync(PROJECT_DIR).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));

describe("Pulumi.yaml", () => {
    it("declares exactly the keys the program reads, with their types, descriptions and defaults", () => {
        assert.deepStrictEqual(project.config, projectConfigBlock(), "run: npx tsx tools/writeProjectConfig.ts");
    });

    it("gives every key a type, a description and a default", () => {
        for (const [key, declaration] of Object.entries(project.config as Record<string, Record<string, unknown>>)) {
            assert.ok(["string", "integer", "boolean", "array"].includes(declaration.type as string), key);
            assert.ok(typeof declaration.description === "string" && declaration.description.length > 10, key);
            assert.ok("default" in declaration, key);
            if (declaration.type === "array") {
                assert.deepStrictEqual(declaration.items, { type: "string" }, key);
            }
        }
    });

    it("is a Node.js project named like the config namespace, keeping state in a local file backend", () => {
        assert.strictEqual(project.name, "vpc-labs");
        assert.strictEqual(project.runtime.name, "nodejs");
        assert.deepStrictEqual(project.backend, { url: "file://~" });
    });

    it("is documented key by key in docs/configuration.md", () => {
        const page = readFileSync(join(PROJECT_DIR, CONFIG_REFERENCE_PAGE), "utf8");
        assert.ok(page.includes(readmeConfigReference()), "run: npx tsx tools/writeProjectConfig.ts");
    });
});

describe("committed stack files", () => {
    it("are the dev and lab stacks", () => {
        assert.deepStrictEqual(stackFiles.sort(), ["Pulumi.dev.yaml", "Pulumi.lab.yaml"]);
    });

    for (const file of stackFiles) {
        it(`${file} sets only declared keys of this project, and aws:region`, () => {
            const keys = Object.keys(parse(readFileSync(join(PROJECT_DIR, file), "utf8")).config);
            const declared = new Set(Object.keys(CONFIG_KEYS).map((k) => `vpc-labs:${k}`));
            assert.deepStrictEqual(keys.filter((k) => !declared.has(k) && k !== "aws:region"), []);
            assert.ok(keys.includes("aws:region"), "each stack names its region");
        });
    }

    it("read as the CLI hands config to the program: defaults first, stack values over them, structures as JSON", () => {
        const config = readStackConfig("dev");
        assert.strictEqual(config["vpc-labs:instanceType"], "t4g.nano");
        assert.strictEqual(config["vpc-labs:interfaceEndpointAzCount"], "1");
        assert.strictEqual(config["vpc-labs:keepDataOnDelete"], "true", "a project default the stack does not set");
        assert.strictEqual(config["vpc-labs:labs"], '["endpoints","endpoint-service","bastion-ssm"]');
        assert.strictEqual(config["aws:region"], "ap-northeast-2");
    });

    it("refuses a stack without a file, naming the committed ones", () => {
        assert.throws(() => readStackConfig("prod"), (e: Error) => e instanceof StackFileError && /no stack file Pulumi\.prod\.yaml/.test(e.message));
    });
});
