#!/usr/bin/env python3
"""Benchmark: public search throughput with one server on the primary against two servers reading a hot standby.

Usage: bench/replicas.py [--listings 10000] [--seconds 10] [--connections 16]
Starts a throwaway primary (shared_buffers 256MB) and a hot standby of it made with `pg_basebackup -R`, seeds
synthetic listings, and runs the release `parkdesk serve` three ways on the same machine in the same run:
  1. one server, everything on the primary;
  2. two servers, both on the primary;
  3. two servers with PARKDESK_READ_DATABASE_URL on the standby (public reads there, writes on the primary).
Each way gets the same total load from wrk (all connections on one server, or half on each) for each request
shape. Prints requests/s, p99 and the ratio to way 1, and checks that way 3's servers report `reads: replica`.
"""
import json, os, shutil, subprocess, sys, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import (BIN, as_postgres, ensure_release_binary, ensure_wrk, free_port, http_get,  # noqa: E402
                       options, pg_bindir, throwaway_cluster, wrk)

SETTINGS = "-c shared_buffers=256MB"
SHAPES = [
    ("keyword 厂房", "/api/v1/listings?" + urllib.parse.urlencode({"q": "厂房"})),
    ("district + kind + area range", "/api/v1/listings?" + urllib.parse.urlencode(
        {"district": "xiangtan-county", "kind": "factory", "minBuildingArea": 1000, "maxBuildingArea": 5000})),
    ("rent, sort by price", "/api/v1/listings?" + urllib.parse.urlencode({"deal": "rent", "sort": "price-asc"})),
]


def start_standby(primary_data, primary_port):
    """A hot standby of the primary in its own folder, on its own socket; returns (folder, port)."""
    bindir = pg_bindir()
    data = primary_data + "-standby"
    os.makedirs(data)
    os.chmod(data, 0o700)
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.check_call(as_postgres([f"{bindir}/pg_basebackup", "-D", data, "-R", "-X", "stream", "-c", "fast",
                                       "-h", primary_data, "-p", str(primary_port), "-U", "postgres"]))
    port = free_port()
    subprocess.check_call(as_postgres([f"{bindir}/pg_ctl", "-D", data, "-l", f"{data}/log", "-w", "-o",
                                       f"-c listen_addresses='' -k {data} -p {port} {SETTINGS}", "start"]),
                          stdout=subprocess.DEVNULL)
    return data, port


def stop_standby(data):
    subprocess.call(as_postgres([f"{pg_bindir()}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
                    stdout=subprocess.DEVNULL)
    shutil.rmtree(data, ignore_errors=True)


def serve(env, count):
    """`count` servers with `env`, ready; returns (processes, ports)."""
    ports = [free_port() for _ in range(count)]
    processes = [subprocess.Popen([BIN, "serve", "--port", str(p)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for p in ports]
    for port in ports:
        for _ in range(300):
            try:
                if http_get(port, "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
    return processes, ports


def reads(port):
    return json.loads(http_get(port, "/readyz")[1]).get("reads", {}).get("source", "primary (no replica)")


def load(ports, path, connections, seconds):
    """The same total connections spread over `ports`, at once: total requests/s and the worst p99."""
    with ThreadPoolExecutor(len(ports)) as pool:
        results = list(pool.map(lambda p: wrk(p, path, connections // len(ports), seconds), ports))
    assert all(r[3] == 0 for r in results), f"non-2xx answers: {results}"
    return sum(r[0] for r in results), max(r[2] for r in results)


def main():
    args = options(listings=10_000, seconds=10, connections=16)
    ensure_wrk()
    ensure_release_binary()
    print(f"replicas: {args.listings:,} listings, {args.connections} connections in all, {args.seconds} s each; "
          f"{os.cpu_count()} cores (primary, standby, servers and wrk share them)")
    with throwaway_cluster("replicas", SETTINGS) as (data, pg_port, psql):
        subprocess.check_call(psql + ["-d", "postgres", "-c", "CREATE DATABASE bench"])
        primary_url = f"postgres://postgres@localhost:{pg_port}/bench?host={data}"
        env = dict(os.environ, DATABASE_URL=primary_url, LOG_LEVEL="warning")
        subprocess.check_call([BIN, "seed", "--synthetic", "--listings", str(args.listings), "--seed", "1"], env=env,
                              stdout=subprocess.DEVNULL)
        subprocess.check_call(psql + ["-d", "bench", "-c", "VACUUM ANALYZE"], stdout=subprocess.DEVNULL)
        standby, standby_port = start_standby(data, pg_port)
        try:
            replica_env = dict(env, PARKDESK_READ_DATABASE_URL=f"postgres://postgres@localhost:{standby_port}/bench"
                                                               f"?host={standby}")
            ways = [("1 server, primary", env, 1), ("2 servers, primary", env, 2),
                    ("2 servers + replica", replica_env, 2)]
            figures = {}
            for way, way_env, count in ways:
                processes, ports = serve(way_env, count)
                try:
                    if way_env is replica_env:
                        for _ in range(50):
                            if all(reads(p) == "replica" for p in ports):
                                break
                            time.sleep(0.2)
                    sources = sorted({reads(p) for p in ports})
                    for name, path in SHAPES:
                        assert http_get(ports[0], path)[0] == 200, path
                        load(ports, path, args.connections, 2)  # warm both databases' caches
                        figures[(way, name)] = load(ports, path, args.connections, args.seconds)
                    print(f"{way}: public reads from {', '.join(sources)}")
                finally:
                    for process in processes:
                        process.terminate()
                        process.wait(timeout=30)
            print(f"{'request':30} " + " ".join(f"{way:>26}" for way, _, _ in ways))
            for name, _ in SHAPES:
                base = figures[(ways[0][0], name)][0]
                cells = [f"{rps:>8.0f} r/s {p99:>5.1f} ms {rps / base:>4.2f}x" for rps, p99 in
                         (figures[(way, name)] for way, _, _ in ways)]
                print(f"{name:30} " + " ".join(f"{cell:>26}" for cell in cells))
        finally:
            stop_standby(standby)


if __name__ == "__main__":
    main()
