import { StackConfig } from "../config/stackConfig";
import { validateStackConfig } from "../config/validate";
import { DEFAULT_ACCOUNT } from "./fakeCloud";
import { PROJECT_DIR, readStackConfig } from "../config/stackFiles";

/**
 * A stack's validated config as the program would see it in the fake account: the stack
 * file's Region (ap-northeast-2 when it names none) with zones a to d. Throws StackFileError
 * or ConfigError like a plan would.
 */
export function offlineStackConfig(stack: string, projectDir = PROJECT_DIR): StackConfig {
    const raw = readStackConfig(stack, projectDir);
    const region = raw["aws:region"] ?? DEFAULT_ACCOUNT.region;
    const availableZones = region === DEFAULT_ACCOUNT.region ? DEFAULT_ACCOUNT.availabilityZones : ["a", "b", "c", "d"].map((z) => `${region}${z}`);
    return validateStackConfig(raw, { region, availableZones });
}
