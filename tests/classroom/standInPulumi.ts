import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, join } from "path";

/**
 * A stand-in `pulumi` command: a small node script that records every invocation (arguments,
 * working directory, start and end time) and answers as the CLI does for what the Automation
 * API asks: `version`, `stack select` (no stack named ... found), `stack init`, `up`,
 * `destroy`, `stack output --json`, `stack history --json`. Stacks in `FAKE_PULUMI_FAIL`
 * fail their update with the CLI's error text; `FAKE_PULUMI_DELAY_MS` slows up and destroy.
 */
const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require("fs");
const path = require("path");
const args = process.argv.slice(2);
const dir = process.env.FAKE_PULUMI_DIR;
const started = Date.now();
const record = (extra) => fs.appendFileSync(path.join(dir, "calls.jsonl"), JSON.stringify({ args, cwd: process.cwd(), automation: process.env.PULUMI_AUTOMATION_API === "true", started, ended: Date.now(), ...extra }) + "\n");
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const stateFile = (stack) => path.join(dir, "stack-" + stack + ".json");
const load = (stack) => (fs.existsSync(stateFile(stack)) ? JSON.parse(fs.readFileSync(stateFile(stack), "utf8")) : undefined);
const save = (stack, state) => fs.writeFileSync(stateFile(stack), JSON.stringify(state));
const finish = (code, out, err) => { if (out) process.stdout.write(out); if (err) process.stderr.write(err); record({ code }); process.exit(code); };
const [cmd, sub] = args;
const stack = flag("--stack");
if (cmd === "version") finish(0, "v3.210.0\n");
else if (cmd === "stack" && sub === "select") load(stack) ? finish(0) : finish(255, "", "error: no stack named '" + stack + "' found\n");
else if (cmd === "stack" && sub === "init") { if (load(args[2])) finish(255, "", "error: stack '" + args[2] + "' already exists\n"); save(args[2], { history: [] }); finish(0, "Created stack '" + args[2] + "'\n"); }
else if (cmd === "up" || cmd === "destroy") {
    const state = load(stack);
    if (!state) finish(255, "", "error: no stack named '" + stack + "' found\n");
    setTimeout(() => {
        const failing = (process.env.FAKE_PULUMI_FAIL || "").split(",").includes(stack);
        const entry = { version: state.history.length + 1, kind: cmd === "up" ? "update" : "destroy", startTime: new Date(started).toISOString(), endTime: new Date().toISOString(), message: "", environment: {}, config: {}, result: failing ? "failed" : "succeeded", resourceChanges: failing ? { create: 3 } : cmd === "up" ? { create: 97 } : { delete: 97 } };
        state.history.push(entry);
        save(stack, state);
        if (failing) finish(255, "Updating (" + stack + ")\n", "error: update failed\n  aws:ec2:Vpc (endpoints-network-vpc):\n    error: creating EC2 VPC: operation error EC2: CreateVpc, VpcLimitExceeded: The maximum number of VPCs has been reached.\n");
        finish(0, (cmd === "up" ? "Updating (" : "Destroying (") + stack + ")\nResources:\n    + 97 created\n");
    }, Number(process.env.FAKE_PULUMI_DELAY_MS || 0));
}
else if (cmd === "stack" && sub === "output") finish(0, "{}\n");
else if (cmd === "stack" && sub === "history") finish(0, JSON.stringify([...((load(stack) || { history: [] }).history)].reverse().slice(0, Number(flag("--page-size") || 1000))) + "\n");
else finish(255, "", "error: the stand-in pulumi does not answer: " + args.join(" ") + "\n");
`;

export interface RecordedCall {
    readonly args: readonly string[];
    readonly cwd: string;
    readonly automation: boolean;
    readonly started: number;
    readonly ended: number;
    readonly code: number;
}

/** Puts the stand-in first on PATH for the duration of a test; `restore` puts PATH back. */
export class StandInPulumi {
    readonly dir = mkdtempSync(join(tmpdir(), "vpc-labs-pulumi-"));
    private readonly saved: Record<string, string | undefined> = {};

    constructor(env: Readonly<Record<string, string>> = {}) {
        writeFileSync(join(this.dir, "pulumi"), SCRIPT);
        chmodSync(join(this.dir, "pulumi"), 0o755);
        this.set({ PATH: `${this.dir}${delimiter}${process.env.PATH}`, FAKE_PULUMI_DIR: this.dir, FAKE_PULUMI_FAIL: "", FAKE_PULUMI_DELAY_MS: "0", ...env });
    }

    set(env: Readonly<Record<string, string>>): void {
        for (const [key, value] of Object.entries(env)) {
            if (!(key in this.saved)) {
                this.saved[key] = process.env[key];
            }
            process.env[key] = value;
        }
    }

    calls(): RecordedCall[] {
        const file = join(this.dir, "calls.jsonl");
        return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as RecordedCall) : [];
    }

    restore(): void {
        for (const [key, value] of Object.entries(this.saved)) {
            if (value === undefined) {
                delete process.env[key];
            } else {
                process.env[key] = value;
            }
        }
        rmSync(this.dir, { recursive: true, force: true });
    }
}
