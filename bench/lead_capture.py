#!/usr/bin/env python3
"""Benchmark: lead capture through `POST /api/v1/leads` under load, and the check that none is lost.

Usage: python3 bench/lead_capture.py [--seconds 10] [--connections 1,8,32]
Starts a throwaway PostgreSQL cluster and the release `parkdesk serve` (rate limit off, fill-time check off),
drives it with wrk (bench/lead_post.lua, a unique mobile per request) at each concurrency, and checks after
each run that the stored leads and inquiries equal the 201 answers. Installs wrk with apt-get if missing.
"""
import argparse, http.client, os, re, subprocess, time

from pgcluster import BIN, ROOT, ensure_release_binary, ensure_wrk, free_port, throwaway_cluster

LUA = os.path.join(ROOT, "bench", "lead_post.lua")


def wait_ready(port, seconds=30):
    for _ in range(seconds * 10):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("parkdesk serve did not become ready")


def count(psql, sql, database="postgres"):
    return int(subprocess.check_output(psql + ["-d", database], input=sql, text=True).strip())


def check(psql, receipts_file, created, stored, connections, database="postgres"):
    """Every 201's receipt is one inquiry of its own lead; extra leads only from requests still in flight when
    wrk stopped (it does not read their answers)."""
    with open(receipts_file) as f:
        receipts = [line.strip() for line in f if line.strip()]
    if len(receipts) != created or len(set(receipts)) != created:
        return f"FAIL: {len(receipts)} receipts, {len(set(receipts))} distinct, {created} answers"
    values = ",".join(f"('{r}'::uuid)" for r in receipts)
    matched = count(psql, f"""SELECT count(*) FROM (VALUES {values}) AS r(receipt)
                              JOIN lead_inquiries i USING (receipt) JOIN leads l ON l.id = i.lead_id AND l.inquiry_count = 1""",
                    database)
    if matched != created:
        return f"FAIL: only {matched} of {created} receipts found as a lead of their own"
    if not 0 <= stored - created <= connections:
        return f"FAIL: {stored} stored for {created} answers"
    return f"ok ({stored - created} answered after wrk stopped)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", default="1,8,32")
    args = ap.parse_args()
    ensure_wrk()
    ensure_release_binary()
    with throwaway_cluster("capture", "-c shared_buffers=256MB") as (data, pg_port, psql):
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{pg_port}/postgres?host={data}",
                   LOG_LEVEL="warning", PARKDESK_LEAD_RATE_BURST="0", PARKDESK_LEAD_MIN_FILL_MS="0")
        port = free_port()
        server = subprocess.Popen([BIN, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(port)
            measure(port, psql, data, args.seconds, [int(c) for c in args.connections.split(",")])
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure(port, psql, data, seconds, connection_counts, database="postgres", first_run=0):
    """Runs wrk at each concurrency against a server whose rate limit is off; prints a row per run (runs are
    numbered from `first_run`, which keeps their mobiles apart: at most 70 runs in all)."""
    print(f"POST /api/v1/leads, {seconds} s per run, a unique mobile per request")
    print(f"{'connections':>11} {'leads/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'201s':>8} {'stored':>8} {'other':>6}  check")
    rows = []
    for run, connections in enumerate(connection_counts, start=first_run):
        before = count(psql, "SELECT count(*) FROM leads", database)
        receipts_file = os.path.join(data, f"receipts-{run}.txt")
        out = subprocess.check_output(["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
                                       "--latency", "-s", LUA, f"http://127.0.0.1:{port}", "--", str(run)],
                                      text=True, env=dict(os.environ, RECEIPTS_FILE=receipts_file))
        result = dict(re.findall(r"(\w+)=([\d.]+)", out.split("RESULT", 1)[1]))
        created = int(result["created"])
        stored = count(psql, "SELECT count(*) FROM leads", database) - before
        ok = check(psql, receipts_file, created, stored, connections, database)
        rate = created / float(result["seconds"])
        print(f"{connections:>11} {rate:>9.0f} {float(result['p50_ms']):>8.2f} "
              f"{float(result['p99_ms']):>8.2f} {created:>8} {stored:>8} {result['other']:>6}  {ok}")
        rows.append((connections, rate, float(result["p50_ms"]), float(result["p99_ms"]), ok))
    return rows

if __name__ == "__main__":
    main()
