/**
 * User data for the lab's web instances: a page of the instance's metadata, read with IMDSv2
 * session tokens (the instances refuse IMDSv1), served on port 80.
 *
 * It installs nothing: the original pulled httpd, PHP and a git repository at boot, which
 * fails without a NAT gateway. curl, python3 and systemd ship with Amazon Linux 2023, so the
 * page works in the dev stack, where private instances have no way out.
 */

/** Where the page script is installed and the unit that serves it. */
export const PAGE_SCRIPT_PATH = "/usr/local/bin/imd-meta-page";
export const PAGE_UNIT = "imd-meta-page.service";
/** The unit's runtime directory: recreated, empty, on every start. */
export const PAGE_DIRECTORY = "/run/imd-meta";

const NAME_TAG = /^[A-Za-z0-9._-]+$/;

/**
 * The page script: `imd-meta-page OUTPUT_FILE TITLE`. It asks IMDS for a session token with
 * `PUT /latest/api/token`, sends that token with every read, and also records that a request
 * without a token is refused (401), which is what IMDSv2 "required" means.
 */
export function metadataPageScript(): string {
    return `#!/bin/bash
# Writes an HTML page of this instance's metadata, every value read with an IMDSv2 token.
# Usage: imd-meta-page OUTPUT_FILE TITLE
set -euo pipefail
out="$1"
title="$2"
imds="http://169.254.169.254/latest"
token="$(curl -sS -f --retry 3 -X PUT "$imds/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 300")"
meta() {
    curl -sS -f --retry 3 -H "X-aws-ec2-metadata-token: $token" "$imds/meta-data/$1" 2>/dev/null || echo "(none)"
}
esc() {
    sed -e 's/&/\\&amp;/g' -e 's/</\\&lt;/g' -e 's/>/\\&gt;/g'
}
row() {
    printf '<tr><th>%s</th><td>%s</td></tr>\\n' "$1" "$(printf '%s' "$2" | esc)"
}
mac="$(meta mac)"
without_token="$(curl -s -o /dev/null -w '%{http_code}' "$imds/meta-data/instance-id" || true)"
{
    printf '<!doctype html>\\n<html><head><meta charset="utf-8"><title>%s</title></head><body>\\n' "$(printf '%s' "$title" | esc)"
    printf '<h1>%s</h1>\\n<table>\\n' "$(printf '%s' "$title" | esc)"
    row "Instance ID" "$(meta instance-id)"
    row "Instance type" "$(meta instance-type)"
    row "AMI" "$(meta ami-id)"
    row "Availability Zone" "$(meta placement/availability-zone)"
    row "Private IP" "$(meta local-ipv4)"
    row "Public IP" "$(meta public-ipv4)"
    row "Private DNS name" "$(meta local-hostname)"
    row "VPC" "$(meta "network/interfaces/macs/$mac/vpc-id")"
    row "Subnet" "$(meta "network/interfaces/macs/$mac/subnet-id")"
    row "Subnet CIDR" "$(meta "network/interfaces/macs/$mac/subnet-ipv4-cidr-block")"
    row "Security groups" "$(meta security-groups | paste -sd ' ' -)"
    row "Instance profile" "$(meta iam/info | sed -n 's/.*"InstanceProfileArn" *: *"\\([^"]*\\)".*/\\1/p')"
    row "Request without a token (IMDSv1)" "HTTP $without_token"
    printf '</table>\\n<p>Read at %s with an IMDSv2 session token.</p>\\n</body></html>\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out.tmp"
mv "$out.tmp" "$out"
`;
}

/** The systemd unit that refreshes the page and serves it with python3 on port 80. */
export function metadataPageUnit(nameTag: string): string {
    return `[Unit]
Description=Instance metadata page (read with IMDSv2) on port 80
Wants=network-online.target
After=network-online.target

[Service]
# A throwaway unprivileged user with only the right to bind port 80.
DynamicUser=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
RuntimeDirectory=imd-meta
# Read again on every start, so a stop and start (new public IP) shows current values.
ExecStartPre=${PAGE_SCRIPT_PATH} ${PAGE_DIRECTORY}/index.html ${nameTag}
ExecStart=/usr/bin/python3 -m http.server 80 --directory ${PAGE_DIRECTORY}
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
`;
}

/**
 * The whole user data of a web instance: installs the page script and the unit, then starts
 * it. `nameTag` (e.g. `PUBLIC-01`) is the page's title.
 */
export function metadataPageUserData(nameTag: string): string {
    if (!NAME_TAG.test(nameTag)) {
        // Programming error: the tag lands unquoted in a unit file line.
        throw new Error(`metadataPageUserData: name tag "${nameTag}" must match ${NAME_TAG}`);
    }
    return `#!/bin/bash
# ${nameTag}: a page of this instance's metadata, read with IMDSv2 tokens, on port 80.
# Installs nothing, so it works without internet access.
set -euo pipefail
cat > ${PAGE_SCRIPT_PATH} <<'IMD_META_PAGE'
${metadataPageScript()}IMD_META_PAGE
chmod 0755 ${PAGE_SCRIPT_PATH}
cat > /etc/systemd/system/${PAGE_UNIT} <<'IMD_META_UNIT'
${metadataPageUnit(nameTag)}IMD_META_UNIT
systemctl daemon-reload
systemctl enable --now ${PAGE_UNIT}
`;
}
