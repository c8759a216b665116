#!/usr/bin/env python3
"""Instructions the server executes per request, counted by valgrind's callgrind (issue 19): a figure that does not
move with the machine's load, for comparing two builds.

Usage: bench/callgrind.py [--listings N[,N…]] [--requests R] [--against BIN]

For each size, seeds N synthetic listings (default 100,000) on a throwaway cluster, starts the release `serve` under
callgrind with instrumentation off, then for each of `bench/run`'s search shapes and a listing detail: 50 requests
with instrumentation on (warm), counters zeroed, R requests (default 300, one connection), counters dumped;
instructions (Ir) of all the server's threads ÷ R. Deterministic to ~0.2 % between runs, so several sizes show whether
the server's work per request depends on the table's size. `--against` measures another build on data seeded alike
(by that build, on its own schema), for a before/after figure.

Needs valgrind ≥ 3.22: Debian 12's 3.19 cannot read the DWARF 5 debug information of Swift 6 binaries, so the script
unpacks Debian 13's valgrind package into bench/out/valgrind (no install; its tools are static) and drives it with
Debian 12's `vgdb` (`apt-get install valgrind`). A build must not start through `dispatch_main` — valgrind dies in
libdispatch's main-thread handling — hence `Sources/parkdesk/main.swift` blocks its main thread instead; an older
commit needs that file to be measured.

Caveat: under valgrind the CPU has no SHA extensions, so BoringSSL's SHA-256 (ETags) runs its AVX code, several
times the instructions of the SHA-NI code that runs natively; the script also prints the count without it.
"""
import argparse, glob, http.client, lzma, os, re, shutil, subprocess, sys, tempfile, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import BIN, ROOT, ensure_release_binary, free_port, http_get, throwaway_cluster  # noqa: E402
import lead_capture  # noqa: E402
from importlib.machinery import SourceFileLoader  # noqa: E402

SHAPES = SourceFileLoader("bench_run", os.path.join(ROOT, "bench", "run")).load_module().SHAPES

DEBIAN = "http://deb.debian.org/debian"
VALGRIND_DIR = os.path.join(ROOT, "bench", "out", "valgrind")
SHA256 = "CCryptoBoringSSL_sha256_block_data_order"


def valgrind():
    """The unpacked Debian 13 valgrind (downloaded once) and Debian 12's vgdb."""
    launcher = os.path.join(VALGRIND_DIR, "usr", "bin", "valgrind.bin")
    if not os.path.exists(launcher):
        index = lzma.decompress(urllib.request.urlopen(f"{DEBIAN}/dists/trixie/main/binary-amd64/Packages.xz").read())
        stanza = re.search(rb"^Package: valgrind\n(?:.+\n)*?Filename: (\S+)", index, re.M)
        with tempfile.NamedTemporaryFile(suffix=".deb") as deb:
            deb.write(urllib.request.urlopen(f"{DEBIAN}/{stanza.group(1).decode()}").read())
            deb.flush()
            subprocess.check_call(["dpkg-deb", "-x", deb.name, VALGRIND_DIR])
    if not shutil.which("vgdb"):
        subprocess.check_call(["apt-get", "install", "-y", "-q", "valgrind"], stdout=subprocess.DEVNULL)
    return launcher, os.path.join(VALGRIND_DIR, "usr", "libexec", "valgrind")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listings", default="100000", help="sizes, comma-separated")
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--against", help="another parkdesk binary (built with this main.swift), measured on the same data")
    args = ap.parse_args()
    binaries = [BIN] + ([args.against] if args.against else [])
    ensure_release_binary()
    tools = valgrind()
    sizes = [int(size) for size in args.listings.split(",")]
    counts = {}
    with throwaway_cluster("callgrind", "-c shared_buffers=256MB") as (data, pg_port, psql):
        for size in sizes:
            for number, binary in enumerate(binaries):
                # each build on a database it seeded itself: an older build does not run on a newer schema
                database = f"bench_{size}_{number}"
                subprocess.check_call(psql + ["-d", "postgres", "-c", f"CREATE DATABASE {database}"])
                env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{pg_port}/{database}?host={data}",
                           LOG_LEVEL="warning", PARKDESK_NOTIFY="off")
                subprocess.check_call([binary, "seed", "--synthetic", "--listings", str(size), "--leads", "0",
                                       "--seed", "1"], env=env, stdout=subprocess.DEVNULL)
                subprocess.check_call(psql + ["-d", database, "-c", "VACUUM ANALYZE"], stdout=subprocess.DEVNULL)
                counts[(size, binary)] = measure(binary, env, tools, args.requests)
    print(f"server instructions per request (callgrind Ir, {args.requests} requests each; in brackets: without SHA-256)")
    columns = [(size, binary) for binary in binaries for size in sizes]
    print(f"{'request':34}" + "".join(f" {f'{label(b)}, {size:,}':>24}" for size, b in columns))
    for name in counts[columns[0]]:
        print(f"{name:34}" + "".join(f" {counts[c][name][0]:>11,.0f} ({counts[c][name][1]:>9,.0f})" for c in columns))


def label(binary):
    return "this build" if binary == BIN else binary


def measure(binary, env, tools, requests):
    """(Ir, Ir without SHA-256) per request of each path, on a server of `binary` under callgrind."""
    launcher, lib = tools
    port = free_port()
    with tempfile.TemporaryDirectory() as out:
        server = subprocess.Popen(
            [launcher, "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}/cg.out", binary, "serve",
             "--port", str(port)],
            env=dict(env, VALGRIND_LIB=lib), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            lead_capture.wait_ready(port, seconds=120)
            paths = [(name, "/api/v1/listings?" + urllib.parse.urlencode(query)) for name, query in SHAPES]
            ref = re.search(r'"ref":"([^"]+)"', http_get(port, paths[0][1])[1].decode()).group(1)
            paths.append(("listing detail", f"/api/v1/listings/{ref}"))
            control(server.pid, "instrumentation", "on")
            counts = {}
            for name, path in paths:
                get(port, path, 50)
                control(server.pid, "zero")
                get(port, path, requests)
                control(server.pid, "dump")
                total, sha = instructions(sorted(glob.glob(f"{out}/cg.out.*"), key=os.path.getmtime)[-1])
                counts[name] = (total / requests, (total - sha) / requests)
            return counts
        finally:
            server.terminate()
            server.wait(timeout=120)


def get(port, path, count):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(count):
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
    connection.close()


def control(pid, *command):
    subprocess.check_call(["vgdb", f"--pid={pid}", *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def instructions(dump):
    """All instructions of a callgrind dump, and the self cost of the SHA-256 block functions."""
    total = sha = 0
    names = {}  # callgrind's name compression: "fn=(7) name" once, "fn=(7)" after
    in_sha = after_call = False
    with open(dump, errors="replace") as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                total = int(line.split()[1])
            elif line.startswith(("fn=", "cfn=")):
                match = re.match(r"c?fn=\((\d+)\)(?: (.*))?", line.strip())
                name = names.setdefault(match.group(1), match.group(2) or "") if match else line
                if line.startswith("fn="):
                    in_sha = SHA256 in name
            elif line.startswith("calls="):
                after_call = True  # the next cost line is the call's inclusive cost
            elif line[:1].isdigit() or line[:1] in "+-*":
                if in_sha and not after_call:
                    sha += int(line.split()[1])
                after_call = False
    return total, sha


if __name__ == "__main__":
    main()
