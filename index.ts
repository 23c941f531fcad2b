/**
 * The vpc-labs program: reads the stack config once, builds the chosen labs, and exports what
 * a student uses from each, under the lab's key (`endpoints`, `endpointService`, `bastionSsm`).
 *
 * It is an async entry point so that config validation, which needs the region's zones,
 * finishes before the first resource is registered.
 */
import { quotaPreflight } from "./analysis/quotas/preflight";
import { buildLabs } from "./components/labs/buildStack";
import { loadStack } from "./config/load";

export = async (): Promise<Record<string, unknown>> => {
    const stack = await loadStack({ quotaPreflight });
    const labs = await buildLabs(stack);
    return {
        region: stack.config.region,
        labs: stack.config.labs,
        ...Object.fromEntries(Object.entries(labs).map(([key, lab]) => [key, lab.outputs])),
    };
};
