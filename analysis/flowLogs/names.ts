import { prepare, stackResources } from "../stack/serverShapes";
import { StackIndex } from "../stack/stackIndex";
import { recordsFromEngine } from "../stack/policyRecords";
import { RecordedResource } from "../../lib/records";
import { flowLogView, StackFlowLogView } from "./stackView";

/** The stack's flow log view from recorded resources (an offline run or a stack export read back). */
export function viewOfResources(resources: readonly RecordedResource[]): StackFlowLogView {
    return flowLogView(new StackIndex(stackResources(recordsFromEngine(resources).map(prepare))));
}

/**
 * Names for the IDs and addresses records carry: an ENI by its owner's Name tag, an address
 * by the resource that holds it, and VPC, subnet and instance IDs by their Name tags.
 */
export class RecordNames {
    private readonly byValue = new Map<string, string>();

    constructor(view: StackFlowLogView) {
        for (const eni of view.interfaces) {
            if (eni.eniId) {
                this.byValue.set(eni.eniId, eni.ownerName);
            }
            if (eni.address) {
                this.byValue.set(eni.address, eni.ownerName);
            }
            if (eni.publicAddress) {
                this.byValue.set(eni.publicAddress, `${eni.ownerName} (public)`);
            }
        }
        for (const [urn, id] of view.ids) {
            if (/^(vpc|subnet|i|fl)-[0-9a-f]+$/.test(id) && !this.byValue.has(id)) {
                this.byValue.set(id, view.names.get(urn) ?? id);
            }
        }
    }

    /** The name of an ID or address of the stack, or undefined when the stack has none. */
    nameOf(value: string | undefined): string | undefined {
        return value === undefined || value === "-" ? undefined : this.byValue.get(value);
    }

    /** The value with its name in parentheses when it has one. */
    label(value: string | undefined): string {
        if (value === undefined) {
            return "";
        }
        const name = this.nameOf(value);
        return name ? `${value} (${name})` : value;
    }
}

/** Names of nothing, for records read without a stack. */
export const NO_NAMES = new RecordNames({ flowLogs: [], interfaces: [], names: new Map(), ids: new Map() });
