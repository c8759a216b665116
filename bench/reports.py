#!/usr/bin/env python3
"""The office's numbers (issue 34): the period report's time over N leads and N listings, and what counting listing
views costs a listing page.

Usage: bench/reports.py [--sizes 1000,10000,1000000] [--seconds 5] [--data-dir DIR]
Per size, on its own cluster (auto_explain logs the plan of every statement over 200 ms; they are counted): synthetic
listings and leads (status histories included), six agents sharing the leads, views for every 50th listing on each
of the last 120 days; then GET /api/v1/admin/reports for last month, this quarter and last year (JSON: p50 and max of
7; the workbook once), and wrk at c = 8 on one listing page with a browser's user agent (counted) against a
crawler's (not counted), alternated, the better of two kept. The issue's bounds: a month ≤ 2 s at 1,000,000;
counting ≤ 5 %. `--data-dir` measures an existing cluster seeded by `parkdesk seed --synthetic` (PARKDESK_DATA_DIR;
one size, no seeding; its plans are not logged).
"""
import argparse, datetime, json, os, re, statistics, subprocess, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import BIN, ensure_release_binary, ensure_wrk, free_port, http_get, throwaway_cluster, wrk  # noqa: E402
import lead_capture  # noqa: E402

BROWSER = "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
CRAWLER = "User-Agent: Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"

PREPARE = """
INSERT INTO staff (login, display_name, role, created_by)
SELECT 'agent' || n, '专员' || n, 'agent', 'bench' FROM generate_series(1, 6) n ON CONFLICT DO NOTHING;
UPDATE leads SET assignee_id = (SELECT id FROM staff WHERE login = 'agent' || (1 + leads.id % 6))
WHERE assignee_id IS NULL AND id % 10 <> 0;
INSERT INTO listing_views (listing_id, day, page_views, api_views)
SELECT l.id, current_date - d, 1 + (l.id + d) % 40, (l.id + d) % 7
FROM listings l, generate_series(0, 119) d WHERE l.id % 50 = 0 ON CONFLICT DO NOTHING
"""
# psql runs each -c on its own (VACUUM cannot run inside the transaction of a multi-statement string)
PREPARE_ARGS = ["-c", PREPARE, "-c", "VACUUM ANALYZE"]


def periods(today):
    first = today.replace(day=1)
    last_month = (first - datetime.timedelta(days=1)).strftime("%Y-%m")
    return [("month", last_month), ("quarter", f"{today.year}-Q{(today.month - 1) // 3 + 1}"),
            ("year", str(today.year - 1))]


def timed(port, path, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": "Bearer " + token})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        body = answer.read()
    return (time.perf_counter() - started) * 1000, body


def measure(port, token, size, seconds):
    for name, period in periods(datetime.date.today()):
        times = []
        for _ in range(7):
            ms, body = timed(port, f"/api/v1/admin/reports?period={period}", token)
            times.append(ms)
        leads = json.loads(body)["leads"]["total"]
        xlsx, _ = timed(port, f"/api/v1/admin/reports.xlsx?period={period}", token)
        print(f"report {name:8} {period:8} {size:>9,} | {leads:>7,} new leads | JSON p50 {statistics.median(times):7.0f} ms"
              f" max {max(times):7.0f} ms | workbook {xlsx:6.0f} ms", flush=True)
    status, body = http_get(port, "/api/v1/listings?limit=1")
    ref = json.loads(body)["items"][0]["ref"]
    path = f"/listings/{ref}"
    wrk(port, path, 8, 1, [BROWSER])
    runs = {agent: [] for agent in (BROWSER, CRAWLER)}
    for agent in (CRAWLER, BROWSER, BROWSER, CRAWLER) * 2:
        runs[agent].append(wrk(port, path, 8, seconds, [agent]))
    # the median run of each (four apiece, alternated): a single run on this machine varies by ±10 %
    counted = sorted(runs[BROWSER], key=lambda r: r[0])[2]
    uncounted = sorted(runs[CRAWLER], key=lambda r: r[0])[2]
    assert all(run[3] == 0 for run in runs[BROWSER] + runs[CRAWLER])
    print(f"listing page c=8 {size:>9,} | counted {counted[0]:7.0f}/s p50 {counted[1]:5.2f} ms"
          f" | not counted {uncounted[0]:7.0f}/s p50 {uncounted[1]:5.2f} ms"
          f" | cost {100 * (uncounted[0] / counted[0] - 1):+5.1f} %", flush=True)


# housekeeping would expire the synthetic listings older than 180 days while the figures are taken
QUIET = {"LOG_LEVEL": "warning", "PARKDESK_NOTIFY": "off", "PARKDESK_EXPIRE_DAYS": "36500",
         "PARKDESK_MAINTENANCE_MINUTES": "10080"}


def serve_and_measure(env, size, seconds, prepare=None):
    token = subprocess.check_output([BIN, "token", "create", "--name", f"bench{time.time_ns()}", "--role", "admin"],
                                    env=env, text=True, stderr=subprocess.DEVNULL).strip()
    port = free_port()
    server = subprocess.Popen([BIN, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        lead_capture.wait_ready(port)
        if prepare:
            prepare()
        measure(port, token, size, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


def at_size(size, seconds):
    settings = ("-c shared_buffers=256MB -c shared_preload_libraries=auto_explain"
                " -c auto_explain.log_min_duration=200ms")
    with throwaway_cluster(f"reports{size}", settings) as (data, pg_port, psql):
        subprocess.check_call(psql + ["-d", "postgres", "-c", "CREATE DATABASE bench"])
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{pg_port}/bench?host={data}", **QUIET)
        subprocess.check_call([BIN, "seed", "--synthetic", "--listings", str(size), "--leads", str(size), "--seed", "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.check_call(psql + ["-d", "bench"] + PREPARE_ARGS, stdout=subprocess.DEVNULL)
        serve_and_measure(env, size, seconds)
        # the report's three statements, not the seeding's or this script's own setting up
        log = open(f"{data}/log", encoding="utf-8").read()
        slow = [ms for ms, text in re.findall(r"duration: ([\d.]+) ms\s+plan:\s+Query Text: (\S+)", log)
                if text.startswith(("WITH cohort", "WITH moves", "--"))]
        print(f"report statements over 200 ms at {size:,}: {len(slow)} ({', '.join(slow[:9])} ms)", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,1000000")
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--data-dir")
    args = ap.parse_args()
    ensure_wrk()
    ensure_release_binary()
    if args.data_dir:
        env = dict(os.environ, PARKDESK_DATA_DIR=args.data_dir, **QUIET)
        env.pop("DATABASE_URL", None)
        psql = ["psql", "-h", args.data_dir, "-U", "postgres", "-d", "parkdesk", "-v", "ON_ERROR_STOP=1", "-qAt"] + PREPARE_ARGS
        serve_and_measure(env, int(args.sizes.split(",")[0]), args.seconds,
                          prepare=lambda: subprocess.check_call(psql, stdout=subprocess.DEVNULL))
        return
    for size in [int(n) for n in args.sizes.split(",") if n]:
        at_size(size, args.seconds)


if __name__ == "__main__":
    main()
