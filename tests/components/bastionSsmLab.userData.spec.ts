import * as assert from "assert";
import { spawnSync } from "child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { metadataPageScript, metadataPageUnit, metadataPageUserData } from "../../components/labs/bastionSsmLab/userData";

/** The text between `<<'MARKER'` and the closing MARKER line of a heredoc in the user data. */
function heredoc(userData: string, marker: string): string {
    const match = new RegExp(`<<'${marker}'\\n([\\s\\S]*?)^${marker}$`, "m").exec(userData);
    assert.ok(match, `no heredoc ${marker}`);
    return match[1];
}

/** IMDS as the fake curl answers it: meta-data paths to values; anything else is a 404. */
const METADATA: Record<string, string> = {
    "instance-id": "i-0123456789abcdef0",
    "instance-type": "t3.micro",
    "ami-id": "ami-0abc",
    "placement/availability-zone": "ap-northeast-2a",
    "local-ipv4": "10.1.11.10",
    "local-hostname": "ip-10-1-11-10.ap-northeast-2.compute.internal",
    mac: "0a:1b:2c:3d:4e:5f",
    "network/interfaces/macs/0a:1b:2c:3d:4e:5f/vpc-id": "vpc-1",
    "network/interfaces/macs/0a:1b:2c:3d:4e:5f/subnet-id": "subnet-1",
    "network/interfaces/macs/0a:1b:2c:3d:4e:5f/subnet-ipv4-cidr-block": "10.1.11.0/24",
    "security-groups": "IMD-PRI-SG\nodd<&>group",
    "iam/info": '{\n  "Code" : "Success",\n  "InstanceProfileArn" : "arn:aws:iam::123456789012:instance-profile/lab-profile",\n  "InstanceProfileId" : "AIPA1"\n}',
};

/**
 * A stand-in for curl that behaves like IMDS with IMDSv2 required: PUT /api/token with a TTL
 * header returns a token, reads with that token answer from files under `metaDir`, reads
 * without one get 401. It logs every call's arguments, separated by \x1f, one call a line.
 * Bash, not node: it runs once per metadata read and must start fast.
 */
function fakeCurl(log: string, metaDir: string): string {
    return `#!/bin/bash
(IFS=$'\\x1f'; printf '%s\\n' "$*") >> '${log}'
url=""; put=0; wflag=0; prev=""; headers=()
for a in "$@"; do
    case "$prev" in
        -H) headers+=("$a") ;;
        -X) [ "$a" = PUT ] && put=1 ;;
    esac
    case "$a" in
        http://*) url="$a" ;;
        -w) wflag=1 ;;
    esac
    prev="$a"
done
has() { local h; for h in "\${headers[@]}"; do [ "$h" = "$1" ] && return 0; done; return 1; }
if [ $put = 1 ] && [ "$url" = http://169.254.169.254/latest/api/token ] && has "X-aws-ec2-metadata-token-ttl-seconds: 300"; then
    printf TOKEN-1; exit 0
fi
if ! has "X-aws-ec2-metadata-token: TOKEN-1"; then
    if [ $wflag = 1 ]; then printf 401; exit 0; fi
    exit 22
fi
path="\${url#http://169.254.169.254/latest/meta-data/}"
[ "$path" != "$url" ] && [ -f '${metaDir}'/"$path" ] || exit 22
cat '${metaDir}'/"$path"
`;
}

describe("bastion-ssm lab: metadata page user data", () => {
    const userData = metadataPageUserData("PRIVATE-01");

    it("is a bash script that parses", () => {
        assert.ok(userData.startsWith("#!/bin/bash\n"));
        const check = spawnSync("bash", ["-n"], { input: userData });
        assert.strictEqual(check.status, 0, check.stderr.toString());
    });

    it("installs nothing and reaches nothing but IMDS, so it works without internet access", () => {
        assert.doesNotMatch(userData, /\b(dnf|yum|rpm|pip3?|git|amazon-linux-extras)\b/);
        assert.deepStrictEqual([...new Set(userData.match(/https?:\/\/[^\s"'/]+/g))], ["http://169.254.169.254"]);
    });

    it("sets no password and enables no root or password SSH login", () => {
        assert.doesNotMatch(userData, /chpasswd|\bpasswd\b|PermitRootLogin|PasswordAuthentication|root:/);
    });

    it("ships the page script and the unit verbatim", () => {
        assert.strictEqual(heredoc(userData, "IMD_META_PAGE"), metadataPageScript());
        assert.strictEqual(heredoc(userData, "IMD_META_UNIT"), metadataPageUnit("PRIVATE-01"));
        assert.match(userData, /\nchmod 0755 \/usr\/local\/bin\/imd-meta-page\n/);
        assert.ok(userData.endsWith("systemctl daemon-reload\nsystemctl enable --now imd-meta-page.service\n"));
    });

    it("serves the page with python3 on port 80 as an unprivileged user, rewriting it on every start", () => {
        const unit = metadataPageUnit("PUBLIC-02");
        for (const line of [
            "DynamicUser=yes",
            "AmbientCapabilities=CAP_NET_BIND_SERVICE",
            "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
            "RuntimeDirectory=imd-meta",
            "ExecStartPre=/usr/local/bin/imd-meta-page /run/imd-meta/index.html PUBLIC-02",
            "ExecStart=/usr/bin/python3 -m http.server 80 --directory /run/imd-meta",
            "WantedBy=multi-user.target",
        ]) {
            assert.ok(unit.split("\n").includes(line), line);
        }
    });

    it("refuses a name that would not be safe on the unit's command line", () => {
        assert.throws(() => metadataPageUserData("PUBLIC 01; rm -rf /"), /name tag "PUBLIC 01; rm -rf \/" must match/);
    });

    it("reads every value with an IMDSv2 token it asked for first, and writes them as escaped HTML", () => {
        const dir = mkdtempSync(join(tmpdir(), "imd-page-"));
        try {
            const log = join(dir, "curl.log");
            const metaDir = join(dir, "meta-data");
            for (const [path, value] of Object.entries(METADATA)) {
                mkdirSync(dirname(join(metaDir, path)), { recursive: true });
                writeFileSync(join(metaDir, path), value);
            }
            writeFileSync(join(dir, "curl"), fakeCurl(log, metaDir));
            chmodSync(join(dir, "curl"), 0o755);
            writeFileSync(join(dir, "page.sh"), heredoc(userData, "IMD_META_PAGE"));
            const out = join(dir, "index.html");
            const run = spawnSync("bash", [join(dir, "page.sh"), out, "PRIVATE-01"], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
            assert.strictEqual(run.status, 0, run.stderr.toString());

            const calls = readFileSync(log, "utf8").trim().split("\n").map((line) => line.split("\x1f"));
            assert.deepStrictEqual(calls[0], ["-sS", "-f", "--retry", "3", "-X", "PUT", "http://169.254.169.254/latest/api/token", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 300"]);
            const reads = calls.slice(1).filter((args) => !args.includes("-w"));
            assert.strictEqual(reads.length, 13);
            for (const args of reads) {
                assert.ok(args.includes("X-aws-ec2-metadata-token: TOKEN-1"), args.join(" "));
            }
            assert.strictEqual(calls.filter((args) => args.includes("-w")).length, 1, "one deliberate read without a token");

            const html = readFileSync(out, "utf8");
            for (const row of [
                "<title>PRIVATE-01</title>",
                "<h1>PRIVATE-01</h1>",
                "<tr><th>Instance ID</th><td>i-0123456789abcdef0</td></tr>",
                "<tr><th>Availability Zone</th><td>ap-northeast-2a</td></tr>",
                "<tr><th>Private IP</th><td>10.1.11.10</td></tr>",
                "<tr><th>Public IP</th><td>(none)</td></tr>",
                "<tr><th>Subnet CIDR</th><td>10.1.11.0/24</td></tr>",
                "<tr><th>Security groups</th><td>IMD-PRI-SG odd&lt;&amp;&gt;group</td></tr>",
                "<tr><th>Instance profile</th><td>arn:aws:iam::123456789012:instance-profile/lab-profile</td></tr>",
                "<tr><th>Request without a token (IMDSv1)</th><td>HTTP 401</td></tr>",
            ]) {
                assert.ok(html.includes(row), row);
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
