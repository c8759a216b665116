#!/usr/bin/env python3
"""The server's CPU time per request, for comparing two builds (issue 19): unlike requests/s it does not depend on
how the two cores are shared with PostgreSQL and wrk at the moment.

Usage: bench/cpu_per_request.py [--listings N] [--seconds S] [--connections C] [--rounds R] [--against BIN]

Seeds N synthetic listings (default 100,000) on a throwaway cluster, starts the release `serve`, warms each path,
then runs wrk for S seconds at C connections (default 4 s, 1: at 8 the two cores are saturated and contention
moves the figure by ±15 %) and divides the CPU time all the server's threads spent meanwhile
(/proc/PID/task/*/schedstat, nanoseconds) by the requests answered; the median of R rounds (default 3).
PostgreSQL's time is not in it. `--against` measures another build (an older commit's) on the same database,
alternating with this one, for a before/after figure.

valgrind's callgrind (instructions, the issue's first choice) cannot run the server: valgrind 3.19, Debian 12's,
stops with an internal SIGSEGV in libdispatch's main-thread handling before `main`; and this VM exposes no hardware
counters to `perf stat`.
"""
import argparse, glob, os, re, statistics, subprocess, sys, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import BIN, ensure_release_binary, free_port, http_get, throwaway_cluster  # noqa: E402
import lead_capture  # noqa: E402

PATHS = [
    ("search: district + kind + area", {"district": "xiangtan-county", "kind": "factory", "minBuildingArea": 1000,
                                        "maxBuildingArea": 5000}),
    ("search: keyword 厂房", {"q": "厂房"}),
    ("search: rent by price", {"deal": "rent", "sort": "price-asc"}),
]


def cpu_ns(pid):
    """CPU time of all the process's threads so far, in nanoseconds."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as f:
                total += int(f.read().split()[0])
        except (OSError, IndexError, ValueError):
            pass  # a thread that ended meanwhile
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listings", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=4)
    ap.add_argument("--connections", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--against", help="another parkdesk binary, measured alternately with this one")
    args = ap.parse_args()
    binaries = [BIN] + ([args.against] if args.against else [])
    ensure_release_binary()
    with throwaway_cluster("cpu", "-c shared_buffers=256MB") as (data, pg_port, psql):
        subprocess.check_call(psql + ["-d", "postgres", "-c", "CREATE DATABASE bench"])
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{pg_port}/bench?host={data}",
                   LOG_LEVEL="warning", PARKDESK_NOTIFY="off")
        subprocess.check_call([BIN, "seed", "--synthetic", "--listings", str(args.listings), "--leads", "0", "--seed", "1"],
                              env=env, stdout=subprocess.DEVNULL)
        subprocess.check_call(psql + ["-d", "bench", "-c", "VACUUM ANALYZE"], stdout=subprocess.DEVNULL)
        results = {}
        for _ in range(args.rounds):
            for binary in binaries:
                for name, used in measure(binary, env, args).items():
                    results.setdefault((name, binary), []).append(used)
        names = list(dict.fromkeys(name for name, _ in results))
        print(f"server CPU per request, µs (median of {args.rounds}; {args.listings:,} listings, wrk c={args.connections})")
        print(f"{'request':34}" + "".join(f" {os.path.basename(os.path.dirname(os.path.dirname(b))) or b:>14}"
                                          for b in binaries))
        for name in names:
            print(f"{name:34}" + "".join(f" {statistics.median(results[(name, b)]):>14.1f}" for b in binaries))


def measure(binary, env, args):
    """CPU µs per request of each path, on a server of `binary`."""
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        lead_capture.wait_ready(port)
        paths = [(name, "/api/v1/listings?" + urllib.parse.urlencode(query)) for name, query in PATHS]
        ref = re.search(r'"ref":"([^"]+)"', http_get(port, paths[0][1])[1].decode()).group(1)
        paths.append(("listing detail", f"/api/v1/listings/{ref}"))
        used = {}
        for name, path in paths:
            for _ in range(50):
                assert http_get(port, path)[0] == 200, path
            before = cpu_ns(server.pid)
            out = subprocess.check_output(["wrk", "-t", str(min(2, args.connections)), "-c", str(args.connections),
                                           "-d", f"{args.seconds}s", f"http://127.0.0.1:{port}{path}"], text=True)
            requests = int(re.search(r"(\d+) requests in", out).group(1))
            used[name] = (cpu_ns(server.pid) - before) / requests / 1000
        return used
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
