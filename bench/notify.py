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

--scenario sick (issue 29): a healthy webhook beside a hanging (60 s), a slow (3 s) and a failing one (each event's
first 3 tries answered 500), and a WeCom robot at its budget. 200 leads captured in a burst at 8 connections, then
a batch of 20: how long each event took to reach the healthy webhook (from its outbox row's creation), when the
robot had them all, and the failing channel's gaps between tries against the documented 5/10/20 s back-off.
--scenario pace (issue 29): leads posted at a steady --rate (80) a second for --pace-seconds (90) to one webhook
that takes 40 ms per request (an internet round trip): whether delivery keeps pace (the oldest undelivered event's
age, sampled each second) and each event's delay.
"""
import argparse, http.client, json, os, statistics, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import BIN, ensure_release_binary, ensure_wrk, free_port, throwaway_cluster
from lead_capture import count, measure, wait_ready
from receiver import Receiver

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


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def spread(values, unit="s"):
    return (f"p50 {percentile(values, 50):.2f} {unit}, p99 {percentile(values, 99):.2f} {unit}, "
            f"max {max(values, default=float('nan')):.2f} {unit} (n = {len(values)})")


def post_leads(port, mobiles, connections, rate=None):
    """Posts one inquiry per mobile over `connections` keep-alive connections, as fast as answered or at `rate` a
    second in all; returns the statuses."""
    statuses, lock, start = [], threading.Lock(), time.monotonic()

    def worker(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for n in range(index, len(mobiles), connections):
            if rate:
                time.sleep(max(0.0, start + n / rate - time.monotonic()))
            body = json.dumps({"contactName": "通知压测", "mobile": mobiles[n], "consentVersion": "2026-01",
                               "fillMillis": 30000, "need": {"kinds": ["factory"]}}).encode()
            try:
                connection.request("POST", "/api/v1/leads", body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = "connection"
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def created_at(psql, channel):
    """Event id → when its outbox row was written (epoch seconds), for one channel's rows."""
    out = subprocess.check_output(psql, text=True, input=f"""
        SELECT o.event_id::text || ' ' || extract(epoch FROM o.created_at)::text FROM notify_outbox o
        JOIN notify_channels c ON c.id = o.channel_id WHERE c.name = '{channel}';""")
    return {event: float(at) for event, at in (line.split() for line in out.split("\n") if line.strip())}


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def delays(receiver, created):
    with receiver.lock:
        return [receiver.arrivals[e] - at for e, at in created.items() if e in receiver.arrivals]


def sick(env, data, psql, channels, connections):
    healthy, hanging, slow = Receiver(), Receiver(delay=60), Receiver(delay=3)
    failing, robot = Receiver(failing_each=3), Receiver()
    channels(["healthy", "--kind", "webhook", "--url", healthy.url, "--secret", "bench"],
             ["hanging", "--kind", "webhook", "--url", hanging.url, "--secret", "bench"],
             ["slow", "--kind", "webhook", "--url", slow.url, "--secret", "bench"],
             ["failing", "--kind", "webhook", "--url", failing.url, "--secret", "bench"],
             ["office", "--kind", "wecom", "--url", robot.url + "?key=bench"])
    server = Server(env, data)
    server.start()
    try:
        print(f"\nsick channels: 200 leads in a burst at {connections} connections, then 20 more")
        statuses = post_leads(server.port, ["1660%07d" % n for n in range(200)], connections)
        print(f"  burst answered: {sorted(set(statuses))}")
        wait_until(lambda: len(healthy.arrivals) >= 200, 120)
        burst = created_at(psql, "healthy")
        print(f"  healthy webhook, burst: {len(healthy.arrivals)} of {len(burst)} events; delay {spread(delays(healthy, burst))}")
        post_leads(server.port, ["1661%07d" % n for n in range(20)], connections)
        wait_until(lambda: len(healthy.arrivals) >= 220, 60)
        batch = {e: at for e, at in created_at(psql, "healthy").items() if e not in burst}
        print(f"  healthy webhook, later batch of 20: delay {spread(delays(healthy, batch))}")
        robot_rows = created_at(psql, "office")
        wait_until(lambda: len(robot.arrivals) >= len(robot_rows), 240)
        print(f"  WeCom robot (20 messages a minute): {len(robot.arrivals)} of {len(robot_rows)} events in "
              f"{len(robot.requests)} messages; delay {spread(delays(robot, robot_rows))}")
        failing_rows = created_at(psql, "failing")
        wait_until(lambda: len(failing.arrivals) >= len(failing_rows), 180)
        with failing.lock:
            tries = [t for t in failing.tries.values() if len(t) >= 4]
        for k, documented in [(1, "2.5–5"), (2, "5–10"), (3, "10–20")]:
            gaps = [t[k] - t[k - 1] for t in tries]
            print(f"  failing webhook, gap before try {k + 1} (documented {documented} s): {spread(gaps)}")
        print(f"  failing webhook: {len(failing.arrivals)} of {len(failing_rows)} delivered; delay {spread(delays(failing, failing_rows))}")
        print(f"  slow webhook (3 s a request): {len(slow.arrivals)} of {len(failing_rows)} delivered so far; "
              f"hanging webhook (60 s): {len(hanging.arrivals)}")
    finally:
        server.stop()
        for receiver in (healthy, hanging, slow, failing, robot):
            receiver.close()


def pace(env, data, psql, channels, rate, seconds):
    receiver = Receiver(delay=0.04)
    channels(["paced", "--kind", "webhook", "--url", receiver.url, "--secret", "bench"])
    server = Server(env, data)
    server.start()
    samples, stop = [], threading.Event()

    def sample():
        while not stop.is_set():
            out = subprocess.check_output(psql, text=True, input="""
                SELECT count(*) || ' ' || coalesce(extract(epoch FROM now() - min(created_at)), 0)
                FROM notify_outbox WHERE state = 'pending';""").split()
            samples.append((int(out[0]), float(out[1])))
            time.sleep(1)

    try:
        print(f"\npace: {rate} leads a second for {seconds} s, one webhook answering in 40 ms")
        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.monotonic()
        statuses = post_leads(server.port, ["1662%07d" % n for n in range(rate * seconds)], 16, rate=rate)
        posted_for = time.monotonic() - started
        stop.set()
        sampler.join()
        at_stop = samples[-1] if samples else (0, 0)
        rows = created_at(psql, "paced")
        wait_until(lambda: len(receiver.arrivals) >= len(rows), 300)
        drained = time.monotonic() - started - posted_for
        print(f"  posted {len(statuses)} in {posted_for:.1f} s = {len(statuses) / posted_for:.1f} a second "
              f"({sorted(set(statuses))})")
        print(f"  while posting: most pending {max(n for n, _ in samples)}, oldest pending at most "
              f"{max(age for _, age in samples):.2f} s; at the stop {at_stop[0]} pending, the oldest {at_stop[1]:.2f} s")
        print(f"  all {len(receiver.arrivals)} of {len(rows)} delivered {drained:.1f} s after posting stopped; "
              f"delay {spread(delays(receiver, rows))}")
    finally:
        server.stop()
        receiver.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", choices=["capture", "sick", "pace", "all"], default="all")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--backlog", type=int, default=20000)
    ap.add_argument("--rate", type=int, default=80)
    ap.add_argument("--pace-seconds", type=int, default=90)
    args = ap.parse_args()
    if args.rounds * 5 > 70:
        sys.exit("at most 70 runs (bench/lead_post.lua keeps the mobiles of 70 runs apart)")
    ensure_wrk()
    ensure_release_binary()
    with throwaway_cluster("notify", "-c shared_buffers=256MB -c max_wal_size=4GB") as (data, pg_port, psql):
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{pg_port}/postgres?host={data}",
                   LOG_LEVEL="warning", PARKDESK_LEAD_RATE_BURST="0", PARKDESK_LEAD_MIN_FILL_MS="0",
                   PARKDESK_DIGEST_HOUR="off")

        subprocess.check_call([BIN, "migrate"], env=env, stdout=subprocess.DEVNULL)

        def replace_channels(*wanted):
            """Removes every channel (and so its rows), then adds `wanted`."""
            subprocess.run(psql, input="DELETE FROM notify_channels;", text=True, check=True, capture_output=True)
            for channel in wanted:
                subprocess.check_call([BIN, "notify", "channel", "add"] + channel, env=env, stdout=subprocess.DEVNULL)

        if args.scenario in ("sick", "all"):
            sick(env, data, psql, replace_channels, args.connections)
        if args.scenario in ("pace", "all"):
            pace(env, data, psql, replace_channels, args.rate, args.pace_seconds)
        if args.scenario in ("capture", "all"):
            capture(env, data, psql, replace_channels, args)


def capture(env, data, psql, channels, args):
    """The capture modes and the backlog's delivery rate (issue 16)."""
    receiver_port, counts = free_port(), os.path.join(data, "received.txt")
    receiver = subprocess.Popen([sys.executable, os.path.join(HERE, "receiver.py"), str(receiver_port), counts])
    server = Server(env, data)
    hook = f"http://127.0.0.1:{receiver_port}/hook"

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
