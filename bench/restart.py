#!/usr/bin/env python3
"""Benchmark: what requests in flight see when PostgreSQL restarts (issue 29).

Usage: python3 bench/restart.py [--runs 4] [--clients 16]
Each run starts the debug `parkdesk serve` on its own cluster (as scripts/fault-test does), sends listing searches
and inquiries from `--clients` threads, runs `pg_ctl restart -m fast` after 3 s, keeps the load 10 s more, then
prints the slowest answers around the restart and how many of each status were seen.
"""
import argparse, collections, importlib.machinery, os, subprocess, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fault = importlib.machinery.SourceFileLoader("fault_test", os.path.join(ROOT, "scripts", "fault-test")).load_module()


def run(clients):
    work = tempfile.mkdtemp(prefix="parkdesk-restart-")
    os.chmod(work, 0o777)
    data_dir = os.path.join(work, "restart", "pgdata")
    server = fault.Server(data_dir)
    if not server.ready():
        raise SystemExit("serve did not become ready")
    stop, lock, answers = threading.Event(), threading.Lock(), []

    def client(index):
        n = 0
        while not stop.is_set():
            n += 1
            started = time.monotonic()
            try:
                if index % 2:
                    status = fault.call(server.port, "GET", "/api/v1/listings?limit=5", timeout=20)[0]
                else:
                    body = {"contactName": "压测王", "mobile": "1%d%09d" % (3 + index // 10, index % 10 * 10**8 + n), "consentVersion": "2026-01",
                            "fillMillis": 30000}
                    status = fault.call(server.port, "POST", "/api/v1/leads", body, timeout=20)[0]
            except OSError as error:
                status = type(error).__name__
            with lock:
                answers.append((started, time.monotonic() - started, status))
            time.sleep(0.01)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(3)
    restarted = time.monotonic()
    subprocess.run(fault.as_postgres([fault.pg_bin("pg_ctl"), "-D", data_dir, "-m", "fast", "-w", "restart", "-l",
                                      os.path.join(data_dir, "server.log")]), capture_output=True, check=True)
    took = time.monotonic() - restarted
    time.sleep(10)
    stop.set()
    for t in threads:
        t.join()
    server.stop()
    around = [(start - restarted, waited, status) for start, waited, status in answers if start + waited > restarted - 1]
    slowest = sorted(around, key=lambda a: -a[1])[:5]
    print(f"restart took {took:.2f} s; statuses {dict(collections.Counter(s for _, _, s in around))}; slowest: "
          + ", ".join(f"{waited:.2f} s ({status}, started {start:+.2f} s)" for start, waited, status in slowest))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--clients", type=int, default=16)
    args = ap.parse_args()
    fault.LIMITS.pop("PARKDESK_STATEMENT_TIMEOUT_MS")  # the default limits: a 7 s request deadline
    for _ in range(args.runs):
        run(args.clients)


if __name__ == "__main__":
    main()
