#!/usr/bin/env python3
"""Benchmark: lead capture with notifications on vs off, and the delivery rate to a local receiver (issue 16).

Usage: python3 bench/notify.py [--seconds 10] [--connections 8] [--rounds 2] [--backlog 20000]
Starts a throwaway cluster, the release `parkdesk serve` (its notification workers on) and bench/receiver.py.
Capture: wrk posts leads (bench/lead_post.lua) with no channel ("off"), then with a webhook channel and a WeCom
robot channel both pointing at the receiver ("on": every lead writes two outbox rows in its transaction and the
workers deliver while wrk posts); rounds alternate off/on and the best of each is reported. Delivery: a backlog of
lead.captured rows queued at once (capture_lead() in one transaction), then the time until `serve` has delivered
them all, with every event id checked at the receiver.
"""
import argparse, os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import BIN, ensure_release_binary, free_port, throwaway_cluster
from lead_capture import count, ensure_wrk, measure, wait_ready

HERE = os.path.dirname(os.path.abspath(__file__))


def received(path):
    try:
        with open(path) as f:
            requests, ids, distinct = (int(x) for x in f.read().split())
            return requests, ids, distinct
    except (OSError, ValueError):
        return 0, 0, 0


def wait_drained(psql, timeout=600):
    start = time.time()
    while time.time() - start < timeout:
        if count(psql, "SELECT count(*) FROM notify_outbox WHERE state = 'pending'") == 0:
            return time.time() - start
        time.sleep(0.05)
    raise SystemExit("the outbox did not drain")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--backlog", type=int, default=20000)
    args = ap.parse_args()
    ensure_wrk()
    ensure_release_binary()
    with throwaway_cluster("notify", "-c shared_buffers=256MB") as (data, pg_port, psql):
        url = f"postgres://postgres@localhost:{pg_port}/postgres?host={data}"
        env = dict(os.environ, DATABASE_URL=url, LOG_LEVEL="warning", PARKDESK_LEAD_RATE_BURST="0",
                   PARKDESK_LEAD_MIN_FILL_MS="0", PARKDESK_DIGEST_HOUR="off", PARKDESK_MATCH_THRESHOLD="101")
        receiver_port, counts = free_port(), os.path.join(data, "received.txt")
        receiver = subprocess.Popen([sys.executable, os.path.join(HERE, "receiver.py"), str(receiver_port), counts])
        port = free_port()
        server = subprocess.Popen([BIN, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            wait_ready(port)
            hook = f"http://127.0.0.1:{receiver_port}/hook"
            channels = [["crm", "--kind", "webhook", "--url", hook, "--secret", "bench"],
                        ["office", "--kind", "wecom", "--url", hook + "?key=bench", "--per-minute", "10000"]]
            best = {"off": None, "on": None}
            run = 0
            for _ in range(args.rounds):
                for mode in ("off", "on"):
                    for channel in channels:
                        if mode == "on":
                            subprocess.check_call([BIN, "notify", "channel", "add"] + channel, env=env,
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        else:
                            subprocess.call([BIN, "notify", "channel", "remove", channel[0]], env=env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    print(f"notifications {mode}:")
                    rows = measure(port, psql, data, args.seconds, [args.connections])
                    rate = rows[0][1]
                    if best[mode] is None or rate > best[mode][1]:
                        best[mode] = rows[0]
                    run += 1
                    if mode == "on":
                        drained = wait_drained(psql)
                        print(f"  outbox drained {drained:.1f} s after wrk stopped")
            ratio = best["on"][1] / best["off"][1]
            print(f"\ncapture at c = {args.connections}: off {best['off'][1]:.0f} leads/s (p99 {best['off'][3]:.1f} ms), "
                  f"on {best['on'][1]:.0f} leads/s (p99 {best['on'][3]:.1f} ms): on/off = {ratio:.1%}")
            delivered_events = count(psql, "SELECT count(DISTINCT event_id) FROM notify_outbox")
            _, _, distinct = received(counts)
            print(f"events announced {delivered_events}, distinct event ids at the receiver {distinct}")

            # Delivery rate: a backlog queued in one transaction, drained by serve's workers.
            requests_before, ids_before, _ = received(counts)
            subprocess.run(psql, check=True, text=True, input=f"""
                SELECT count(*) FROM generate_series(1, {args.backlog}) AS n,
                  LATERAL capture_lead(jsonb_build_object('mobile', '19' || lpad(n::text, 9, '0'), 'contact_name', '积压' || n,
                                                          'source', 'web', 'created_by', 'bench', 'wanted_kinds', '{{factory}}'::text[]),
                                       jsonb_build_object('receipt', gen_random_uuid(), 'source', 'web', 'entered_by', 'bench'), 30);
            """, stdout=subprocess.DEVNULL)
            queued = args.backlog * len(channels)
            start = time.time()
            drained = wait_drained(psql)
            time.sleep(0.5)
            requests, ids, _ = received(counts)
            hook_rows = args.backlog
            robot_messages = requests - requests_before - hook_rows
            print(f"\ndelivery: {queued} rows ({args.backlog} webhook + {args.backlog} WeCom robot) delivered in "
                  f"{drained:.2f} s = {queued / drained:.0f} rows/s; {requests - requests_before} HTTP requests "
                  f"(robot rows sent {((ids - ids_before - hook_rows) / max(robot_messages, 1)):.1f} to a message), "
                  f"{ids - ids_before} event ids announced")
            dead = count(psql, "SELECT count(*) FROM notify_outbox WHERE state <> 'delivered'")
            print(f"rows not delivered: {dead}")
        finally:
            server.terminate()
            server.wait(timeout=30)
            receiver.terminate()


if __name__ == "__main__":
    main()
