import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { NetworkModel } from "../../analysis/reach/analyze";
import { analyseChecks } from "../../analysis/reach/checks";
import { LAB_COMPONENT_TYPES } from "../../analysis/reach/types";
import { readConfig } from "../lib/ruleKit";

const schema: PolicyConfigSchema = {
    properties: {
        ignoreChecks: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Checks (`<lab>/<id>`, e.g. `bastion-ssm/private-internet`) whose stated result this stack knowingly does not meet.",
        },
    },
};


/**
 * A lab teaches what its checks state: the private instance reaches S3 through the gateway
 * endpoint, the internal NLB's own name times out. The offline reachability analysis answers
 * each check's probe from the stack's resources; this policy reports the checks it answers
 * the other way. A check it cannot answer (an opaque awsx VPC, values unknown in preview) is
 * never a violation.
 */
export const labConnectivityIntents: StackValidationPolicy = {
    name: "lab-connectivity-intents",
    description: "Checks that each lab check's connectivity probe, analysed offline from the stack's resources, gets the result the lab states.",
    enforcementLevel: "advisory",
    configSchema: schema,
    validateStack: (args, reportViolation) => {
        const labs = args.resources.filter((r) => LAB_COMPONENT_TYPES.includes(r.type));
        if (labs.length === 0) {
            return;
        }
        const { ignoreChecks } = readConfig<{ ignoreChecks: string[] }>(args, schema);
        const model = new NetworkModel(args.resources);
        const urnOfLab = new Map(model.index.nodes.filter((n) => LAB_COMPONENT_TYPES.includes(n.type)).map((n) => [n.urn, n]));
        for (const row of analyseChecks(model)) {
            if (!row.differs || ignoreChecks.includes(`${row.lab}/${row.id}`)) {
                continue;
            }
            const lab = [...urnOfLab.values()].find((n) => Array.isArray(n.props.checks) && (n.props.checks as { id?: unknown; lab?: unknown }[]).some((c) => c.id === row.id && c.lab === row.lab));
            reportViolation(
                `Lab check "${row.lab}/${row.id}" states the flow is ${row.stated ? "reachable" : "blocked"}, but the resources make it ${row.analysed ? "reachable" : "blocked"}: ${row.path}. ` +
                    "Fix the resource that changed, or the check's expected result (or list it in ignoreChecks).",
                lab?.urn,
            );
        }
    },
};
