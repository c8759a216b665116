#!/usr/bin/env python3
"""Notification receivers for the benchmarks and scripts/fault-test.

Run as a program: a fast local receiver, HTTP/1.1 keep-alive, answers every POST with {"errcode":0,"code":0} and
counts requests and announced event ids (X-ParkDesk-Event-Id) in a file it rewrites each 0.2 s:
"<requests> <event ids> <distinct event ids>".
Usage: python3 bench/receiver.py PORT COUNT_FILE

Imported: `Receiver`, a webhook on its own threads that can be slow, hang or fail, and records when each event id
arrived and when each was tried.
"""
import asyncio, http.server, sys, threading, time

ANSWER = b'{"errcode":0,"code":0}'
RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(ANSWER)).encode() + b"\r\n\r\n" + ANSWER)
requests = 0
ids = []
seen = set()


async def handle(reader, writer):
    global requests
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value.strip())
                elif name == b"x-parkdesk-event-id":
                    for event in value.strip().split(b","):
                        ids.append(event)
                        seen.add(event)
            if length:
                await reader.readexactly(length)
            requests += 1
            writer.write(RESPONSE)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def report(path):
    while True:
        with open(path + ".tmp", "w") as f:
            f.write(f"{requests} {len(ids)} {len(seen)}\n")
        import os
        os.replace(path + ".tmp", path)
        await asyncio.sleep(0.2)


async def main(port, path):
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    asyncio.create_task(report(path))
    async with server:
        await server.serve_forever()


class Receiver:
    """A webhook receiver on its own threads: answers after `delay` seconds; fails (500) its first `failing`
    requests, and each event's first `failing_each` tries; records when each event id first arrived (`arrivals`),
    when each request came (`requests`) and when each event was tried (`tries`)."""

    def __init__(self, delay=0.0, failing=0, failing_each=0):
        self.arrivals, self.requests, self.tries, self.lock = {}, [], {}, threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                now = time.time()
                events = [e for e in (self.headers.get("X-ParkDesk-Event-Id") or "").split(",") if e]
                with receiver.lock:
                    receiver.requests.append(now)
                    index = len(receiver.requests)
                    tried = [receiver.tries.setdefault(e, []) for e in events]
                    for times in tried:
                        times.append(now)
                    ok = index > failing and all(len(times) > failing_each for times in tried)
                if delay:
                    time.sleep(delay)
                if ok:
                    with receiver.lock:
                        for event in events:
                            receiver.arrivals.setdefault(event, time.time())
                body = b'{"errcode":0,"code":0}' if ok else b"down"
                try:
                    self.send_response(200 if ok else 500)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the sender gave up waiting (the hanging receiver)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 256
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
