#!/usr/bin/env python3
"""Benchmark: `parkdesk lead export` of N leads vs `psql \\copy (SELECT …) TO … CSV` of the same columns.

Usage: python3 bench/lead_export.py [--leads 1000000] [--runs 3]
Starts a throwaway PostgreSQL cluster, seeds N synthetic leads with `parkdesk seed`, then times both exports
and measures the exporter's peak RSS (/usr/bin/time). Prints the figures; files go to bench/out/.
"""
import argparse, csv, os, re, subprocess, time

from pgcluster import BIN, ROOT, ensure_release_binary, throwaway_cluster

OUT = os.path.join(ROOT, "bench", "out")

# The same columns the CSV has, as PostgreSQL's own COPY formats them (no labels, no neutralising).
COPY_SELECT = """
SELECT l.ref, l.created_at, l.status, l.status_reason, l.source, l.campaign, l.contact_name, l.mobile, l.landline,
       l.wechat, l.email, l.company, l.credit_code, l.intended_use, l.wanted_kinds, l.deal, l.min_area_m2,
       l.max_area_m2, l.budget_amount, l.budget_unit,
       ARRAY(SELECT d.name FROM districts d WHERE d.id = ANY(l.district_ids)),
       ARRAY(SELECT p.name FROM parks p WHERE p.id = ANY(l.park_ids)), l.min_crane_tons, l.move_in, l.need_text,
       l.expected_tax_wan, l.investment_wan, li.ref, l.message, l.inquiry_count, l.last_inquiry_at, t.login,
       l.consent_version, l.consent_at, l.updated_at
FROM leads l LEFT JOIN listings li ON li.id = l.listing_id LEFT JOIN staff t ON t.id = l.assignee_id
WHERE l.merged_into IS NULL ORDER BY l.id
""".replace("\n", " ")


def timed(cmd, env=None):
    """Wall seconds and peak RSS (MiB) of a command."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v"] + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, check=True)
    seconds = time.perf_counter() - start
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    return seconds, rss


def compare(env, psql, database, runs):
    """Times both exports of the leads in `database`; prints and returns (parkdesk s, psql s, peak RSS MiB)."""
    os.makedirs(OUT, exist_ok=True)
    app_file, copy_file = os.path.join(OUT, "leads.csv"), os.path.join(OUT, "leads.copy.csv")
    app, app_rss, pg = [], [], []
    for _ in range(runs):
        seconds, rss = timed([BIN, "lead", "export", "--out", app_file], env)
        app.append(seconds)
        app_rss.append(rss)
        seconds, _ = timed(psql + ["-d", database, "-c", f"\\copy ({COPY_SELECT}) TO '{copy_file}' CSV HEADER"])
        pg.append(seconds)
    with open(app_file, newline="", encoding="utf-8-sig") as f:
        rows = sum(1 for _ in csv.reader(f)) - 1
    size = os.path.getsize(app_file) / 2**20
    best_app, best_pg = min(app), min(pg)
    print(f"parkdesk lead export: best {best_app:.2f} s of {runs} ({rows:,} rows read back by Python csv, {size:.0f} MiB)")
    print(f"psql \\copy:           best {best_pg:.2f} s of {runs}")
    print(f"ratio parkdesk/psql:  {best_app / best_pg:.2f}x (target <= 2x)")
    print(f"exporter peak RSS:    {max(app_rss):.1f} MiB (target <= 64 MiB)")
    return best_app, best_pg, max(app_rss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--leads", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    ensure_release_binary()
    with throwaway_cluster("export", "-c shared_buffers=256MB") as (data, port, psql):
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{port}/postgres?host={data}")
        t = time.perf_counter()
        subprocess.check_call([BIN, "seed", "--synthetic", "--leads", str(args.leads), "--seed", "11"], env=env,
                              stdout=subprocess.DEVNULL)
        seed_seconds = time.perf_counter() - t
        subprocess.check_call(psql + ["-d", "postgres", "-c", "VACUUM ANALYZE"])
        print(f"leads: {args.leads} (seeded in {seed_seconds:.1f} s, {args.leads / seed_seconds:,.0f} rows/s)")
        compare(env, psql, "postgres", args.runs)


if __name__ == "__main__":
    main()
