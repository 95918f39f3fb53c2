"""Writes a synthetic venv of N distributions and about SIZE_MB: OUT N SIZE_MB [SEED].

Deterministic for a seed. Each distribution has a package of .py modules (text that compresses
about as well as real Python), their hash-checked-style .pyc files under __pycache__ (less
compressible), and about one in six ships a native extension (.so, mostly incompressible), the
mix of a real OpenStack venv. Every distribution has a dist-info with METADATA, RECORD and
INSTALLER; the last one, "synthetic-service", is the service and has a console script.
"""
import base64, hashlib, os, random, sys

WORDS = ("def class return self import from if else elif for in while try except raise with as "
         "None True False lambda yield pass break continue and or not is oslo config log context "
         "request response session engine query filter value key name id project user token").split()


def text_corpus(rng, size):
    out, n = [], 0
    while n < size:
        indent = "    " * rng.randrange(4)
        line = indent + " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 12))) + "\n"
        out.append(line)
        n += len(line)
    return "".join(out).encode()


def main(out, n, size_mb, seed=1):
    rng = random.Random(int(seed))
    corpus = text_corpus(rng, 4 << 20)
    sp = os.path.join(out, "lib", "python3.11", "site-packages")
    os.makedirs(sp, exist_ok=True)
    os.makedirs(os.path.join(out, "bin"), exist_ok=True)
    per_dist = int(size_mb) * (1 << 20) // int(n)
    for i in range(int(n)):
        name = "synthetic-service" if i == int(n) - 1 else f"synthetic-lib-{i:03d}"
        module = name.replace("-", "_")
        budget = int(per_dist * rng.lognormvariate(0, 0.8) / 1.37)
        files = {}
        if i % 6 == 3:
            so = budget // 2
            data = rng.randbytes(so // 2) + corpus[:so - so // 2]
            files[f"{module}/_native.cpython-311-x86_64-linux-gnu.so"] = data
            budget -= so
        j = 0
        while budget > 0:
            size = min(budget, int(rng.lognormvariate(9.2, 1.0)) + 200)
            off = rng.randrange(len(corpus) - size)
            src = f"# {name} module {j}\n".encode() + corpus[off:off + size]
            files[f"{module}/m{j:03d}.py"] = src
            pyc = b"\x6f\x0d\x0d\x0a\x03\x00\x00\x00" + hashlib.sha256(src).digest()[:8] + rng.randbytes(size // 4) + src[: size // 2]
            files[f"{module}/__pycache__/m{j:03d}.cpython-311.pyc"] = pyc
            budget -= len(src) + len(pyc)
            j += 1
        files[f"{module}/__init__.py"] = f"VERSION = '1.0.{i}'\n".encode()
        dist_info = f"{module}-1.0.{i}.dist-info"
        files[f"{dist_info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0.{i}\n\n".encode()
        files[f"{dist_info}/INSTALLER"] = b"pip\n"
        if name == "synthetic-service":
            files["../../../bin/synthetic-service"] = (
                b"#!/var/lib/openstack/bin/python\nimport sys\nfrom synthetic_service import VERSION\nprint(VERSION)\n")
        record = []
        for rel, data in files.items():
            path = os.path.normpath(os.path.join(sp, rel))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            if rel.startswith("../"):
                os.chmod(path, 0o755)
            if "__pycache__" in rel:
                record.append(f"{rel},,")
            else:
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                record.append(f"{rel},sha256={digest},{len(data)}")
        record.append(f"{dist_info}/RECORD,,")
        with open(os.path.join(sp, dist_info, "RECORD"), "w") as f:
            f.write("\n".join(record) + "\n")
    with open(os.path.join(out, "pyvenv.cfg"), "w") as f:
        f.write("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
