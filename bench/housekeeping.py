#!/usr/bin/env python3
"""Benchmark: housekeeping (`parkdesk maintenance run`) on a large database (issue 29).

Usage: python3 bench/housekeeping.py [--listings 1000000] [--leads 1000000] [--seed 42]
Starts a throwaway cluster, loads synthetic listings and leads (`parkdesk seed --synthetic`, COPY), then ages
them as years of use would: half the listings untouched for 200 days (due to expire after 180), half the leads
inactive for 400 days (due for deletion with a 365-day retention), as many delivered notifications 60 days old,
idempotency keys two days old and rate-limit buckets idle for two hours. Then times one housekeeping run (every
step in batches of its own transactions, under the default 120 s statement limit per batch) and a second run
with nothing left to do, and checks that nothing due is left behind.
"""
import os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import BIN, ensure_release_binary, options, throwaway_cluster

AGE = """
UPDATE listings SET updated_at = now() - interval '200 days' WHERE id % 2 = 0 AND status IN ('active', 'pending');
UPDATE leads SET updated_at = now() - interval '400 days' WHERE id % 2 = 0;
INSERT INTO notify_channels (name, kind, url, secret) VALUES ('bench', 'webhook', 'http://127.0.0.1:9/hook', 'k');
INSERT INTO notify_outbox (event_id, event, channel_id, state, created_at, finished_at)
SELECT gen_random_uuid(), 'lead.captured', (SELECT id FROM notify_channels WHERE name = 'bench'), 'delivered',
       now() - interval '60 days', now() - interval '60 days'
FROM generate_series(1, {leads} / 2);
INSERT INTO idempotency_keys (key, request_hash, claimed_at)
SELECT 'bench-' || g, sha256(g::text::bytea), now() - interval '2 days' FROM generate_series(1, {leads} / 10) AS g;
INSERT INTO rate_limit_buckets (bucket, tokens, allowed, updated_at)
SELECT 'bench-' || g, 1, true, now() - interval '2 hours' FROM generate_series(1, {leads} / 10) AS g;
VACUUM ANALYZE;
"""

DUE = """
SELECT (SELECT count(*) FROM listings WHERE status IN ('active', 'pending')
                                        AND updated_at < now() - interval '180 days') || ' listings, ' ||
       (SELECT count(*) FROM leads WHERE updated_at < now() - interval '365 days') || ' leads, ' ||
       (SELECT count(*) FROM notify_outbox WHERE state = 'delivered'
                                            AND finished_at < now() - interval '30 days') || ' notifications, ' ||
       (SELECT count(*) FROM idempotency_keys WHERE claimed_at < now() - interval '24 hours') || ' keys, ' ||
       (SELECT count(*) FROM rate_limit_buckets WHERE updated_at < now() - interval '1 hour') || ' buckets'
"""


def main():
    args = options(listings=1_000_000, leads=1_000_000, seed=42)
    ensure_release_binary()
    with throwaway_cluster("housekeeping", "-c shared_buffers=512MB -c max_wal_size=8GB") as (data, port, psql):
        subprocess.check_call(psql + ["-d", "postgres", "-c", "CREATE DATABASE bench"])
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{port}/bench?host={data}",
                   LOG_LEVEL="warning", PARKDESK_LEAD_RETENTION_DAYS="365", PARKDESK_NOTIFY_RETENTION_DAYS="30")
        subprocess.check_call([BIN, "migrate"], env=env, stdout=subprocess.DEVNULL)
        started = time.monotonic()
        subprocess.check_call([BIN, "seed", "--synthetic", "--listings", str(args.listings), "--leads",
                               str(args.leads), "--seed", str(args.seed)], env=env, stdout=subprocess.DEVNULL)
        print(f"loaded {args.listings:,} listings and {args.leads:,} leads in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        subprocess.run(psql + ["-d", "bench"], input=AGE.format(leads=args.leads), text=True, check=True)
        print(f"aged in {time.monotonic() - started:.0f} s; due: "
              + subprocess.check_output(psql + ["-d", "bench", "-c", DUE], text=True).strip())
        for run in ("first run", "second run (nothing due)"):
            started = time.monotonic()
            out = subprocess.run([BIN, "maintenance", "run"], env=env, capture_output=True, text=True)
            took = time.monotonic() - started
            print(f"{run}: {took:.1f} s, exit {out.returncode}: {(out.stdout + out.stderr).strip()}")
        print("left due: " + subprocess.check_output(psql + ["-d", "bench", "-c", DUE], text=True).strip())


if __name__ == "__main__":
    main()
