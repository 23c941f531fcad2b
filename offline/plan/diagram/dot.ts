import { EdgeKind, NodeKind, Topology, TopologyEdge, TopologyGroup, TopologyNode } from "./topology";
import { DIAGRAM_WORDS, DiagramLang, DiagramWords, LEGEND_COLOURS } from "./words";

/** Fill colours and shapes by node kind, after the AWS architecture icon palette. */
const NODE_STYLE: Readonly<Record<NodeKind, Readonly<Record<string, string>>>> = {
    "internet-gateway": { fillcolor: "#ece0ff", color: "#8c4fff" },
    "nat-gateway": { fillcolor: "#e3f1d9", color: "#5a8a1a" },
    "route-table": { shape: "note", style: "filled", fillcolor: "#fff5d9", color: "#b8860b" },
    "network-acl": { shape: "box", style: "filled", fillcolor: "#fde7e4", color: "#d13212", fontsize: "10" },
    "gateway-endpoint": { fillcolor: "#ffe4d1", color: "#d05c17" },
    "interface-endpoint": { fillcolor: "#fbe0ee", color: "#c7157a" },
    instance: { fillcolor: "#ffeccc", color: "#d86613" },
    "load-balancer": { fillcolor: "#ece0ff", color: "#8c4fff" },
    "endpoint-service": { fillcolor: "#fbe0ee", color: "#c7157a", penwidth: "2" },
    "flow-log": { fillcolor: "#e0eefa", color: "#2e73b8" },
    "log-destination": { shape: "cylinder", style: "filled", fillcolor: "#f2f2f2", color: "#5f6b7a" },
    external: { shape: "box", style: "dashed", color: "#7d8998" },
};

const EDGE_STYLE: Readonly<Record<EdgeKind, Readonly<Record<string, string>>>> = {
    association: { style: "dotted", color: "#8a8a8a", arrowhead: "none" },
    nacl: { style: "dotted", color: "#d13212", arrowhead: "none", penwidth: "1.5" },
    route: { color: "#b8860b", fontcolor: "#7a5a00" },
    eni: { style: "dashed", color: "#c7157a", arrowhead: "none" },
    target: { color: "#d86613", fontcolor: "#a04c0e" },
    service: { color: "#8c4fff", penwidth: "1.5" },
    privatelink: { color: "#c7157a", fontcolor: "#c7157a", penwidth: "2.5", style: "bold", constraint: "false" },
    "flow-log": { style: "dashed", color: "#2e73b8" },
    "log-destination": { color: "#2e73b8" },
};

/**
 * The row each kind of node belongs in, top to bottom: gateways a route table sends traffic
 * to, route tables, subnets (with their instances and NAT gateways), the network interfaces
 * of endpoints and load balancers, endpoint services, then flow logs and where they publish.
 */
const LEVEL: Readonly<Record<NodeKind | "subnet" | "vpc", number>> = {
    "internet-gateway": 0,
    "gateway-endpoint": 0,
    external: 0,
    "route-table": 1,
    "network-acl": 1,
    subnet: 2,
    instance: 2,
    "nat-gateway": 2,
    "interface-endpoint": 3,
    "load-balancer": 3,
    "endpoint-service": 4,
    vpc: 5,
    "flow-log": 6,
    "log-destination": 7,
};

/** A DOT quoted string: backslashes and quotes escaped, line breaks as Graphviz `\n`. */
export function quote(text: string): string {
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}

/** A label whose lines are all left-justified (Graphviz ends each such line with `\l`). */
function leftLabel(text: string): string {
    return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\l")}\\l"`;
}

function attributes(values: Readonly<Record<string, string | undefined>>): string {
    const parts = Object.entries(values)
        .filter((entry): entry is [string, string] => entry[1] !== undefined)
        .map(([k, v]) => {
            if (k === "label" && values.labeljust === "l") {
                return `${k}=${leftLabel(v)}`;
            }
            return `${k}=${k === "label" || !/^[A-Za-z0-9_.]+$/.test(v) ? quote(v) : v}`;
        });
    return parts.length > 0 ? ` [${parts.join(", ")}]` : "";
}

/**
 * The topology as a Graphviz graph: a cluster per lab, VPC, zone and subnet; route tables,
 * gateways and endpoints in their VPC; instances and NAT gateways in their subnet; flow logs
 * and their destinations under the VPCs. Edges that mean "this subnet" or "this VPC" attach
 * to the cluster (`lhead`/`ltail`), so Graphviz draws them to the cluster's border. Edges
 * run top to bottom by {@link LEVEL} (reversed ones keep their arrow with `dir=back`), and
 * invisible edges stack the labs, so a stack of several labs reads down the page.
 */
export function toDot(topology: Topology, lang: DiagramLang = "en"): string {
    const words = DIAGRAM_WORDS[lang];
    const out: string[] = [];
    const clusterOf = new Map<string, string>();
    const level = new Map<string, number>();
    const line = (depth: number, text: string) => out.push(`${"  ".repeat(depth)}${text}`);
    const node = (depth: number, n: TopologyNode) => {
        level.set(n.id, LEVEL[n.kind]);
        line(depth, `${n.id}${attributes({ label: n.label, ...NODE_STYLE[n.kind] })};`);
    };
    const anchor = (depth: number, id: string, cluster: string, kind: "subnet" | "vpc") => {
        clusterOf.set(id, cluster);
        level.set(id, LEVEL[kind]);
        line(depth, `${id} [shape=point, width=0.01, height=0.01, style=invis, label=""];`);
    };

    line(0, "digraph topology {");
    const title = topology.groups.length > 0 ? topology.title : `${topology.title}\n${words.noNetwork}`;
    line(1, `graph${attributes({ label: title, labelloc: "t", fontsize: "22", fontname: "Helvetica", compound: "true", newrank: "true", rankdir: "TB", nodesep: "0.25", ranksep: "0.45", pad: "0.3" })};`);
    line(1, `node${attributes({ shape: "box", style: "rounded,filled", fontname: "Helvetica", fontsize: "11", margin: "0.1,0.05" })};`);
    line(1, `edge${attributes({ fontname: "Helvetica", fontsize: "10", arrowsize: "0.7" })};`);
    const invisible: string[] = [];
    for (const group of topology.groups) {
        line(1, `subgraph ${group.id} {`);
        line(2, `graph${attributes({ label: group.label, style: "rounded", color: "#5f6b7a", fontsize: "17", labeljust: "l", margin: "14" })};`);
        for (const vpc of group.vpcs) {
            line(2, `subgraph ${vpc.id} {`);
            line(3, `graph${attributes({ label: vpc.label, style: "rounded", color: "#8c4fff", penwidth: "2", fontsize: "14", fontcolor: "#5a2ca0", labeljust: "l", margin: "12" })};`);
            // The VPC's anchor sits under everything in it, so "the VPC" edges leave from its bottom.
            anchor(3, vpc.anchor, vpc.id, "vpc");
            for (const n of vpc.nodes) {
                node(3, n);
                invisible.push(`${n.id} -> ${vpc.anchor}`);
            }
            for (const zone of vpc.zones) {
                line(3, `subgraph ${zone.id} {`);
                line(4, `graph${attributes({ label: zone.label, style: "dashed,rounded", color: "#147eba", fontcolor: "#147eba", fontsize: "12", labeljust: "l", margin: "10" })};`);
                for (const subnet of zone.subnets) {
                    const colours = subnet.tier === "public" ? { fillcolor: "#eef6e6", color: "#7aa116" } : { fillcolor: "#e6f2f8", color: "#147eba" };
                    line(4, `subgraph ${subnet.id} {`);
                    line(5, `graph${attributes({ label: `${subnet.label}\n${words.subnetTier(subnet.tier)}`, style: "filled,rounded", ...colours, fontsize: "11", labeljust: "l", margin: "8" })};`);
                    anchor(5, subnet.anchor, subnet.id, "subnet");
                    invisible.push(`${subnet.anchor} -> ${vpc.anchor}`);
                    for (const n of subnet.nodes) {
                        node(5, n);
                        invisible.push(`${n.id} -> ${vpc.anchor}`);
                    }
                    line(4, "}");
                }
                line(3, "}");
            }
            // Subnets and what is in them on one row: the zones line up and no subnet grows tall.
            const row = vpc.zones.flatMap((z) => z.subnets.flatMap((s) => [s.anchor, ...s.nodes.map((n) => n.id)]));
            if (row.length > 1) {
                line(3, `{ rank=same; ${row.join("; ")}; }`);
            }
            line(2, "}");
        }
        for (const n of group.nodes) {
            node(2, n);
        }
        line(1, "}");
    }
    invisible.push(...stacking(topology.groups, level));
    if (topology.groups.length > 0) {
        line(1, `legend [shape=plaintext, style="", margin=0, label=<${legendTable(words)}>];`);
        const last = topology.groups[topology.groups.length - 1];
        const bottom = [...last.nodes.map((n) => n.id), ...last.vpcs.map((v) => v.anchor)].reduce<string | undefined>(
            (a, b) => (a === undefined || (level.get(b) ?? 0) > (level.get(a) ?? 0) ? b : a),
            undefined,
        );
        if (bottom) {
            invisible.push(`${bottom} -> legend [weight=0]`);
        }
    }
    for (const edge of topology.edges) {
        line(1, edgeLine(edge, clusterOf, level));
    }
    for (const edge of invisible) {
        line(1, edge.endsWith("]") ? `${edge.slice(0, -1)}, style=invis];` : `${edge} [style=invis];`);
    }
    line(0, "}");
    return `${out.join("\n")}\n`;
}

/** What line styles and fills mean, as an HTML-like Graphviz table. */
function legendTable(words: DiagramWords): string {
    const cells = words.legend.map((text, i) => `<TR><TD ALIGN="LEFT"><FONT COLOR="${LEGEND_COLOURS[i]}">━━▶</FONT></TD><TD ALIGN="LEFT">${text}</TD></TR>`);
    cells.push(`<TR><TD BGCOLOR="#eef6e6">${words.publicRow[0]}</TD><TD ALIGN="LEFT">${words.publicRow[1]}</TD></TR>`);
    cells.push(`<TR><TD BGCOLOR="#e6f2f8">${words.privateRow[0]}</TD><TD ALIGN="LEFT">${words.privateRow[1]}</TD></TR>`);
    return `<TABLE BORDER="1" COLOR="#9aa5b1" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3"><TR><TD COLSPAN="2" ALIGN="LEFT"><B>${words.legendTitle}</B></TD></TR>${cells.join("")}</TABLE>`;
}

/** Invisible edges from the bottom of each lab to the top of the next, so labs stack vertically. */
function stacking(groups: readonly TopologyGroup[], level: ReadonlyMap<string, number>): string[] {
    const edges: string[] = [];
    const members = (group: TopologyGroup) => [
        ...group.nodes.map((n) => n.id),
        ...group.vpcs.flatMap((v) => [v.anchor, ...v.nodes.map((n) => n.id), ...v.zones.flatMap((z) => z.subnets.flatMap((s) => [s.anchor, ...s.nodes.map((n) => n.id)]))]),
    ];
    for (let i = 1; i < groups.length; i++) {
        const above = members(groups[i - 1]);
        const below = members(groups[i]);
        const bottom = above.reduce((a, b) => ((level.get(b) ?? 0) > (level.get(a) ?? 0) ? b : a), above[0]);
        // Every node of the top two rows: a VPC without an internet gateway starts at its route tables.
        const top = below.filter((id) => (level.get(id) ?? 0) <= LEVEL["route-table"]);
        for (const id of top.length > 0 ? top : below.slice(0, 1)) {
            // Weight 0: the edge orders the rows but does not pull the labs into a staircase.
            edges.push(`${bottom} -> ${id} [weight=0]`);
        }
    }
    return edges;
}

/**
 * One edge. An edge that points up the page is written the other way round with `dir=back`,
 * so it still ranks its nodes top to bottom and still shows its arrow where it belongs.
 */
function edgeLine(edge: TopologyEdge, clusterOf: ReadonlyMap<string, string>, level: ReadonlyMap<string, number>): string {
    const style = EDGE_STYLE[edge.kind];
    const reversed = style.constraint !== "false" && (level.get(edge.from) ?? 0) > (level.get(edge.to) ?? 0);
    const [tail, head] = reversed ? [edge.to, edge.from] : [edge.from, edge.to];
    return `${tail} -> ${head}${attributes({
        ...style,
        dir: reversed ? (style.arrowhead === "none" ? "none" : "back") : undefined,
        label: edge.label,
        ltail: clusterOf.get(tail),
        lhead: clusterOf.get(head),
    })};`;
}
