#!/usr/bin/env python3
"""Writes a synthetic OSV export (an all.zip like osv.dev's) for bench/scan.

usage: synthetic-osv.py OUT.zip RECORDS [NAMES...]

RECORDS advisories about made-up PyPI packages, each with a 40-version `versions` list, two
ranges and a CVSS vector, which is about the shape and size of real PyPI records; plus one
advisory per NAME (a package the scanned image has), so the scan has something to find.
"""
import json
import sys
import zipfile


def record(i, name):
    versions = [f"{major}.{minor}.{patch}" for major in range(2) for minor in range(4) for patch in range(5)]
    return {
        "schema_version": "1.6.0",
        "id": f"BENCH-{i:06d}",
        "aliases": [f"CVE-2099-{i:06d}"],
        "summary": f"synthetic advisory {i} about {name}, long enough to look like a real summary line",
        "details": "x" * 600,
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"}],
        "affected": [{
            "package": {"ecosystem": "PyPI", "name": name, "purl": f"pkg:pypi/{name}"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.4.0"}]},
                       {"type": "GIT", "repo": f"https://example.com/{name}", "events": [{"introduced": "0"}]}],
            "versions": versions,
        }],
        "references": [{"type": "WEB", "url": f"https://example.com/advisories/{i}"}],
    }


def main():
    out, count, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(count):
            z.writestr(f"BENCH-{i:06d}.json", json.dumps(record(i, f"bench-package-{i % 5000}")))
        for j, name in enumerate(names):
            z.writestr(f"BENCH-HIT-{j}.json", json.dumps(record(count + j, name)))


if __name__ == "__main__":
    main()
