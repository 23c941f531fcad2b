import { DEFAULT_PARALLELISM, STARTUP } from "./createTimes";
import { DeployStep, deploySteps, GraphResource } from "./graph";

export interface PathStep {
    readonly name: string;
    readonly type: string;
    /** Seconds after the first create started. */
    readonly startSeconds: number;
    readonly seconds: number;
}

export interface DeployTimeEstimate {
    /** The `--parallel` the schedule used; null: unbounded (the CLI's default). */
    readonly parallelism: number | null;
    readonly steps: number;
    /** Program and plugin start plus the preview `pulumi up` runs first. */
    readonly startupSeconds: number;
    /** From the first create to the last, with the parallelism above. */
    readonly createSeconds: number;
    /** startupSeconds + createSeconds: what `pulumi up` is expected to take. */
    readonly totalSeconds: number;
    /** The chain of creates that decides the duration, first to last. */
    readonly criticalPath: readonly PathStep[];
    readonly criticalPathSeconds: number;
    /** Types that had no create time of their own and took the default. */
    readonly defaultTimeTypes: readonly string[];
}

/**
 * How long `pulumi up` of these resources takes from scratch: the engine starts each create
 * as soon as everything it waits for exists, up to `parallelism` at once (in registration
 * order when more are ready), so with the default the longest chain of waits decides.
 */
export function estimateDeployTime(resources: readonly GraphResource[], parallelism = DEFAULT_PARALLELISM): DeployTimeEstimate {
    const steps = deploySteps(resources);
    const { finish } = schedule(steps, parallelism);
    const createSeconds = steps.length === 0 ? 0 : Math.max(...finish);
    const path = criticalPath(steps);
    const earliest = earliestFinish(steps);
    return {
        parallelism: Number.isFinite(parallelism) ? parallelism : null,
        steps: steps.length,
        startupSeconds: STARTUP.seconds,
        createSeconds,
        totalSeconds: STARTUP.seconds + createSeconds,
        criticalPath: path.map((i) => ({ name: steps[i].name, type: steps[i].type, startSeconds: earliest[i] - steps[i].seconds, seconds: steps[i].seconds })),
        criticalPathSeconds: path.length === 0 ? 0 : earliest[path[path.length - 1]],
        defaultTimeTypes: [...new Set(steps.filter((s) => s.assumed).map((s) => s.type))].sort(),
    };
}

/** When each step starts and finishes with at most `parallelism` creates at once. */
export function schedule(steps: readonly DeployStep[], parallelism: number): { start: number[]; finish: number[] } {
    if (!(parallelism >= 1)) {
        throw new RangeError(`parallelism must be at least 1, got ${parallelism}`);
    }
    const waiting = steps.map((s) => s.after.length);
    const dependents = steps.map(() => [] as number[]);
    steps.forEach((s, i) => s.after.forEach((j) => dependents[j].push(i)));
    const start = steps.map(() => NaN);
    const finish = steps.map(() => NaN);
    const ready = steps.map((_, i) => i).filter((i) => waiting[i] === 0);
    const running: number[] = [];
    let now = 0;
    let done = 0;
    while (done < steps.length) {
        ready.sort((a, b) => a - b);
        while (ready.length > 0 && running.length < parallelism) {
            const next = ready.shift() as number;
            start[next] = now;
            finish[next] = now + steps[next].seconds;
            running.push(next);
        }
        if (running.length === 0) {
            throw new Error(`the deploy graph has a cycle among ${steps.filter((_, i) => Number.isNaN(start[i])).map((s) => s.name).join(", ")}`);
        }
        now = Math.min(...running.map((i) => finish[i]));
        for (const i of running.filter((r) => finish[r] === now)) {
            running.splice(running.indexOf(i), 1);
            done++;
            for (const dependent of dependents[i]) {
                if (--waiting[dependent] === 0) {
                    ready.push(dependent);
                }
            }
        }
    }
    return { start, finish };
}

/** Each step's finish with unbounded parallelism: its time after the latest of what it waits for. */
function earliestFinish(steps: readonly DeployStep[]): number[] {
    const memo = new Map<number, number>();
    const visit = (i: number, depth: number): number => {
        if (depth > steps.length) {
            throw new Error("the deploy graph has a cycle");
        }
        let value = memo.get(i);
        if (value === undefined) {
            value = steps[i].seconds + Math.max(0, ...steps[i].after.map((j) => visit(j, depth + 1)));
            memo.set(i, value);
        }
        return value;
    };
    return steps.map((_, i) => visit(i, 0));
}

/** The longest chain of waits: from the step that finishes last back through the predecessor that finished last (first registered on ties). */
export function criticalPath(steps: readonly DeployStep[]): number[] {
    if (steps.length === 0) {
        return [];
    }
    const finish = earliestFinish(steps);
    let current = finish.indexOf(Math.max(...finish));
    const path = [current];
    while (steps[current].after.length > 0) {
        const latest = Math.max(...steps[current].after.map((j) => finish[j]));
        current = steps[current].after.find((j) => finish[j] === latest) as number;
        path.unshift(current);
    }
    return path;
}
