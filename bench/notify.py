#!/usr/bin/env python3
"""Benchmark: lead capture with notifications on vs off, and the delivery rate to a local receiver (issue 16).

Usage: python3 bench/notify.py [--seconds 10] [--connections 8] [--rounds 3] [--backlog 20000]
Starts a throwaway cluster, the release `parkdesk serve` and bench/receiver.py (a keep-alive HTTP receiver that
answers {"errcode":0}). wrk posts leads (bench/lead_post.lua) in four modes, rounds alternating, the median of each
reported:
  off       no channel: what capture costs without notifications;
  queued    the office's WeCom robot channel, serve's workers off (PARKDESK_NOTIFY=off): every lead writes its
            outbox row in its transaction, nothing is sent — the cost on the request path;
  robot     the same robot with the workers on, at its platform budget (20 messages a minute, rows coalesced):
            the office's real set-up;
  queued2   the robot and a webhook channel, workers off: two rows a lead;
  stress    the robot without a budget and the webhook, every row delivered while wrk posts.
Delivery: a backlog of lead.captured rows for the newest leads queued at once (as after an outage), then the time
until serve has delivered them all to both channels.
"""
import argparse, os, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import BIN, ensure_release_binary, free_port, throwaway_cluster
from lead_capture import count, ensure_wrk, measure, wait_ready

HERE = os.path.dirname(os.path.abspath(__file__))


def received(path):
    try:
        with open(path) as f:
            return tuple(int(x) for x in f.read().split())
    except (OSError, ValueError):
        return 0, 0, 0


def wait_drained(psql, timeout=900):
    start = time.time()
    while time.time() - start < timeout:
        if count(psql, "SELECT count(*) FROM notify_outbox WHERE state = 'pending'") == 0:
            return time.time() - start
        time.sleep(0.05)
    raise SystemExit("the outbox did not drain")


class Server:
    """`parkdesk serve` with the given extra environment; restarted per mode."""

    def __init__(self, env, data):
        self.env, self.data, self.process, self.port = env, data, None, None

    def start(self, **extra):
        self.stop()
        self.port = free_port()
        log = open(os.path.join(self.data, "serve.log"), "a")
        self.process = subprocess.Popen([BIN, "serve", "--port", str(self.port)], env=dict(self.env, **extra),
                                        stdout=log, stderr=log)
        wait_ready(self.port)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--backlog", type=int, default=20000)
    args = ap.parse_args()
    if args.rounds * 5 > 70:
        sys.exit("at most 70 runs (bench/lead_post.lua keeps the mobiles of 70 runs apart)")
    ensure_wrk()
    ensure_release_binary()
    with throwaway_cluster("notify", "-c shared_buffers=256MB -c max_wal_size=4GB") as (data, pg_port, psql):
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{pg_port}/postgres?host={data}",
                   LOG_LEVEL="warning", PARKDESK_LEAD_RATE_BURST="0", PARKDESK_LEAD_MIN_FILL_MS="0",
                   PARKDESK_DIGEST_HOUR="off")
        receiver_port, counts = free_port(), os.path.join(data, "received.txt")
        receiver = subprocess.Popen([sys.executable, os.path.join(HERE, "receiver.py"), str(receiver_port), counts])
        server = Server(env, data)
        hook = f"http://127.0.0.1:{receiver_port}/hook"

        def channels(*wanted):
            subprocess.call([BIN, "notify", "channel", "remove", "crm"], env=env, stderr=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL)
            subprocess.call([BIN, "notify", "channel", "remove", "office"], env=env, stderr=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL)
            for channel in wanted:
                subprocess.check_call([BIN, "notify", "channel", "add"] + channel, env=env, stdout=subprocess.DEVNULL)

        webhook = ["crm", "--kind", "webhook", "--url", hook, "--secret", "bench"]
        robot = ["office", "--kind", "wecom", "--url", hook + "?key=bench"]
        unlimited_robot = robot + ["--per-minute", "10000"]
        modes = {
            "off": ([], {}),
            "queued": ([robot], {"PARKDESK_NOTIFY": "off"}),
            "robot": ([robot], {}),
            "queued2": ([webhook, unlimited_robot], {"PARKDESK_NOTIFY": "off"}),
            "stress": ([webhook, unlimited_robot], {}),
        }
        rates = {mode: [] for mode in modes}
        p99s = {mode: [] for mode in modes}
        try:
            run = 0
            for _ in range(args.rounds):
                for mode, (wanted, extra) in modes.items():
                    channels(*wanted)
                    server.start(**extra)
                    subprocess.run(psql, input="CHECKPOINT;", text=True, check=True)
                    time.sleep(1)
                    print(f"{mode}:")
                    row = measure(server.port, psql, data, args.seconds, [args.connections], first_run=run)[0]
                    run += 1
                    rates[mode].append(row[1])
                    p99s[mode].append(row[3])
                    if mode == "stress":
                        print(f"  outbox drained {wait_drained(psql):.1f} s after wrk stopped")
            off = statistics.median(rates["off"])
            print(f"\nlead capture at c = {args.connections}, median of {args.rounds}:")
            for mode in modes:
                rate = statistics.median(rates[mode])
                print(f"  {mode:<8} {rate:>6.0f} leads/s  p99 {statistics.median(p99s[mode]):>5.1f} ms  "
                      f"{rate / off:>6.1%} of off")

            # Delivery rate: a backlog of rows for both channels, drained by serve's workers.
            channels(webhook, unlimited_robot)
            server.start()
            requests_before, ids_before, _ = received(counts)
            queued = int(subprocess.check_output(psql, text=True, input=f"""
                WITH queued AS (
                    INSERT INTO notify_outbox (event_id, event, channel_id, lead_id)
                    SELECT e.id, 'lead.captured', c.id, l.id
                    FROM (SELECT id FROM leads ORDER BY id DESC LIMIT {args.backlog}) AS l
                         CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) AS e, notify_channels c
                    RETURNING 1)
                SELECT count(*) FROM queued;
            """).strip())
            drained = wait_drained(psql)
            time.sleep(0.5)
            requests, ids, _ = received(counts)
            hook_rows = queued // 2
            robot_messages = requests - requests_before - hook_rows
            print(f"\ndelivery: {queued} rows ({hook_rows} webhook, {hook_rows} WeCom robot) delivered in {drained:.2f} s"
                  f" = {queued / drained:.0f} rows/s; {requests - requests_before} HTTP requests "
                  f"({robot_messages} robot messages, {hook_rows / max(robot_messages, 1):.1f} rows each); "
                  f"{ids - ids_before} event ids received")
            print(f"rows not delivered: {count(psql, 'SELECT count(*) FROM notify_outbox WHERE state <> ' + chr(39) + 'delivered' + chr(39))}")
        finally:
            server.stop()
            receiver.terminate()


if __name__ == "__main__":
    main()
