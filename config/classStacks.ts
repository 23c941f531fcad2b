import { existsSync, readdirSync } from "fs";
import { join } from "path";
import { qualified } from "./keys";
import { PROJECT_DIR, readStackConfig } from "./stackFiles";

/** A stack file of the project, by stack name, with the settings that place it. */
export interface StackPlacement {
    readonly stack: string;
    readonly classroom?: string;
    readonly region?: string;
    readonly profile?: string;
}

/** The stacks whose files are in the project folder (`Pulumi.<stack>.yaml`), in name order. */
export function projectStacks(projectDir = PROJECT_DIR): string[] {
    return readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** Where a stack deploys and which class it belongs to, from its stack file. */
export function placementOf(stack: string, projectDir = PROJECT_DIR): StackPlacement {
    const raw = readStackConfig(stack, projectDir);
    const classroom = raw[qualified("classroom")];
    return {
        stack,
        ...(classroom ? { classroom } : {}),
        ...(raw["aws:region"] ? { region: raw["aws:region"] } : {}),
        ...(raw["aws:profile"] ? { profile: raw["aws:profile"] } : {}),
    };
}

/**
 * The stacks of a class that share an account and Region with `stack`: same `classroom`, same
 * `aws:region` and same `aws:profile` (stacks with no profile use the same credentials).
 * A stack that belongs to no class, or whose file is not in this folder, is its own class of one.
 */
export function classmates(stack: string, projectDir = PROJECT_DIR): string[] {
    if (!existsSync(join(projectDir, `Pulumi.${stack}.yaml`))) {
        // A stack whose file is elsewhere (an offline run of another folder's stack) has no class here.
        return [stack];
    }
    const self = placementOf(stack, projectDir);
    if (!self.classroom) {
        return [stack];
    }
    return projectStacks(projectDir).filter((other) => {
        if (other === stack) {
            return true;
        }
        try {
            const placement = placementOf(other, projectDir);
            return placement.classroom === self.classroom && placement.region === self.region && placement.profile === self.profile;
        } catch {
            return false;
        }
    });
}
