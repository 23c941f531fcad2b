/**
 * First-boot scripts of the lab's instances, as pure functions so tests read the exact text.
 *
 * The web servers sit in CustomVPC, which has no route to the internet, so their script
 * installs nothing: it writes the page and serves it with what Amazon Linux 2023 already
 * ships (python3's http.server under a systemd unit).
 */

/** The port the web servers listen on, the NLB listens on, and the endpoint admits. */
export const WEB_PORT = 80;

/** Where each web server keeps its page. */
export const WEB_ROOT = "/srv/lab-web";

/** The systemd unit that serves the page. */
export const WEB_UNIT = "lab-web.service";

/** The heading of web server `index`'s page: what `curl` through the endpoint prints. */
export function webServerHeading(index: number): string {
    return `Endpoint Service Lab - Web Server ${index}`;
}

/**
 * The systemd unit serving {@link WEB_ROOT} on `port`. It runs as a throwaway user
 * (DynamicUser) that may bind a port below 1024 and nothing else, so the page server never
 * runs as root.
 */
export function webServerUnit(port: number): string {
    return [
        "[Unit]",
        `Description=Endpoint Service Lab web page on port ${port}`,
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        `ExecStart=/usr/bin/python3 -m http.server ${port} --bind 0.0.0.0 --directory ${WEB_ROOT}`,
        "DynamicUser=yes",
        "AmbientCapabilities=CAP_NET_BIND_SERVICE",
        "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
        "Restart=always",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ].join("\n");
}

/**
 * User data of web server `index` (1 or 2): writes a page naming the server and the zone it
 * runs in (read from IMDSv2, which needs no internet), and starts {@link webServerUnit}.
 */
export function webServerUserData(index: number, nameTag: string, port: number = WEB_PORT): string {
    return [
        "#!/bin/bash",
        `# ${nameTag}: serves its page on port ${port} with python3 and systemd from the AMI;`,
        "# CustomVPC has no route to the internet, so nothing is installed at boot.",
        "set -euo pipefail",
        `install -d -m 0755 ${WEB_ROOT}`,
        'TOKEN=$(curl -fsS -m 2 -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60" || true)',
        'ZONE=$(curl -fsS -m 2 -H "X-aws-ec2-metadata-token: ${TOKEN}" http://169.254.169.254/latest/meta-data/placement/availability-zone || echo unknown)',
        `cat > ${WEB_ROOT}/index.html <<HTML`,
        `<html><body><h1>${webServerHeading(index)}</h1><p>${nameTag} in \${ZONE}</p></body></html>`,
        "HTML",
        `chmod 0644 ${WEB_ROOT}/index.html`,
        `cat > /etc/systemd/system/${WEB_UNIT} <<'UNIT'`,
        webServerUnit(port) + "UNIT",
        "systemctl daemon-reload",
        `systemctl enable --now ${WEB_UNIT}`,
        "",
    ].join("\n");
}

/**
 * User data of My-EC2: installs dig (bind-utils) for the lab's DNS check. MyVPC routes to the
 * internet, and dnf reaches the Amazon Linux repositories over HTTPS.
 */
export function clientUserData(nameTag: string): string {
    return ["#!/bin/bash", `# ${nameTag}: dig for the lab's DNS check.`, "dnf install -y bind-utils", ""].join("\n");
}
