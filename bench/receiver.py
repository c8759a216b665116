#!/usr/bin/env python3
"""A fast local notification receiver for the benchmarks: HTTP/1.1 keep-alive, answers every POST with
{"errcode":0,"code":0} and counts requests and announced event ids (X-ParkDesk-Event-Id) in a file it rewrites
each 0.2 s: "<requests> <event ids> <distinct event ids>".

Usage: python3 bench/receiver.py PORT COUNT_FILE
"""
import asyncio, sys

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


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
