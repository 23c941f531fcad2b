import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { BufferConsole } from "../../offline/plan/cli";
import { main as planMain, PlanOptions } from "../../offline/plan/planCommand";
import { main as policyMain } from "../../offline/plan/policyCommand";

/** The fixture project: stack files for test programs and for the real program. */
export const FIXTURE_PROJECT = join(__dirname, "project");

/** The hand-written stack exports. */
export const EXPORTS = join(__dirname, "..", "fixtures", "exports");

export interface CommandResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    /** stdout parsed as JSON, for `--json` runs. */
    json<T = Record<string, unknown>>(): T;
}

function result(code: number, io: BufferConsole): CommandResult {
    return { code, stdout: io.outText, stderr: io.errText, json: <T>() => JSON.parse(io.outText) as T };
}

/** `npm run plan -- <argv>`, in-process. */
export async function plan(argv: string[], options: PlanOptions = { projectDir: FIXTURE_PROJECT }): Promise<CommandResult> {
    const io = new BufferConsole();
    return result(await planMain(argv, io, options), io);
}

/** `npm run policy -- <argv>`, in-process; stack policy configs come from the fixture project unless told. */
export async function policy(argv: string[], projectDir = FIXTURE_PROJECT): Promise<CommandResult> {
    const io = new BufferConsole();
    return result(await policyMain(argv, io, { projectDir }), io);
}

const scratchDirs: string[] = [];
after(() => scratchDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary folder for files the commands write; removed when the run ends. */
export function scratchDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "vpc-labs-plan-"));
    scratchDirs.push(dir);
    return dir;
}
