import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { RawConfig } from "../config/reader";
import { EXPIRES_AT_TAG, STACK_TAG, STUDENT_TAG } from "../lib/tags";
import { loadProgram, ProgramRun, runProgram, runStack } from "../offline/plan/programRunner";
import { RecordedResource } from "../lib/records";
import { readStackConfig } from "../config/stackFiles";

const AWS_PACKAGE = join(__dirname, "..", "node_modules", "@pulumi", "aws");
const taggable = new Map<string, boolean>();

/** Whether a resource type takes tags: its Args interface in @pulumi/aws declares `tags`. */
function isTaggable(type: string): boolean {
    if (!taggable.has(type)) {
        const match = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(type);
        let result = false;
        if (match) {
            const source = readFileSync(join(AWS_PACKAGE, match[1], `${match[2]}.d.ts`), "utf8");
            const start = source.indexOf(`export interface ${match[3]}Args {`);
            result = start >= 0 && /\n {4}tags\?:/.test(source.slice(start, source.indexOf("\n}\n", start)));
        }
        taggable.set(type, result || type === "awsx:ec2:Vpc");
    }
    return taggable.get(type)!;
}

function tagsOf(resource: RecordedResource): Record<string, string> {
    return (resource.inputs.tags as Record<string, string> | undefined) ?? {};
}

const runs = new Map<string, ProgramRun>();

/** The lab program as a student's stack; each student and expiry is run once per test file. */
async function classroomRun(student: string, expiresAt: string): Promise<ProgramRun> {
    const key = `${student}|${expiresAt}`;
    if (!runs.has(key)) {
        const config: RawConfig = { ...readStackConfig("lab"), "vpc-labs:student": student, "vpc-labs:expiresAt": expiresAt };
        runs.set(key, await runProgram(loadProgram(), { stack: "student-07", config }));
    }
    return runs.get(key)!;
}

/** Inputs without the tag maps, which AWS updates in place. */
function withoutTags(resource: RecordedResource): Record<string, unknown> {
    const { tags, volumeTags, ...rest } = resource.inputs;
    void tags;
    void volumeTags;
    return rest;
}

describe("stack tags", () => {
    it("tags every taggable resource of the lab plan with vpc-labs:stack, and no Student or ExpiresAt when unset", async () => {
        const run = await runStack("lab");
        const tagged = run.resources.filter((r) => r.custom && isTaggable(r.type));
        assert.ok(tagged.length > 80, `${tagged.length} taggable resources`);
        for (const resource of tagged) {
            assert.strictEqual(tagsOf(resource)[STACK_TAG], "lab", `${resource.type} ${resource.name}`);
            assert.ok(!(STUDENT_TAG in tagsOf(resource)) && !(EXPIRES_AT_TAG in tagsOf(resource)), resource.name);
        }
        const instance = run.resources.find((r) => r.type === "aws:ec2/instance:Instance")!;
        assert.strictEqual((instance.inputs.volumeTags as Record<string, string>)[STACK_TAG], "lab", "root volumes are grouped too");
    });

    it("adds Student and ExpiresAt to every taggable resource of a student's stack, awsx VPCs included", async () => {
        const run = await classroomRun("Kim Minji", "2026-12-31");
        for (const resource of run.resources.filter((r) => r.custom && isTaggable(r.type))) {
            const tags = tagsOf(resource);
            assert.deepStrictEqual([tags[STACK_TAG], tags[STUDENT_TAG], tags[EXPIRES_AT_TAG]], ["student-07", "Kim Minji", "2026-12-31"], `${resource.type} ${resource.name}`);
        }
        const dev = await runProgram(loadProgram(), { stack: "dev-student", config: { ...readStackConfig("dev"), "vpc-labs:student": "Lee" } });
        const awsx = dev.resources.filter((r) => r.type === "awsx:ec2:Vpc");
        assert.strictEqual(awsx.length, 3);
        awsx.forEach((vpc) => assert.deepStrictEqual([tagsOf(vpc)[STACK_TAG], tagsOf(vpc)[STUDENT_TAG]], ["dev-student", "Lee"]));
    });

    it("changes only tags when the student or the expiry changes: same resources, same names, same other inputs", async () => {
        const before = await classroomRun("Kim Minji", "2026-12-31");
        const after = await classroomRun("Park Jisoo", "2027-01-15T09:00:00Z");
        assert.deepStrictEqual(
            after.resources.map((r) => r.urn),
            before.resources.map((r) => r.urn),
        );
        before.resources.forEach((resource, i) => assert.deepStrictEqual(withoutTags(after.resources[i]), withoutTags(resource), resource.urn));
        const changed = after.resources.filter((r, i) => JSON.stringify(r.inputs.tags) !== JSON.stringify(before.resources[i].inputs.tags));
        assert.ok(changed.length > 80, "the tags did change");
    });
});
