#!/usr/bin/env python3
"""Benchmark: uploading typical phone photos through the admin API, and serving a stored web size.

Usage: python3 bench/media.py [--photos 100] [--connections 4] [--seconds 10]
Starts a throwaway cluster and the release `parkdesk serve` with its own media folder, makes N distinct JPEGs of
about 4 MB (4032 × 3024 noise, as hard to compress as a phone photo), uploads them to one listing with N
connections (If-Match: *), and reports photos/s, MB/s, the latency per upload and the server's peak RSS
(VmHWM; libvips runs in child processes, whose memory is its own). Then wrk fetches one 1280 px size.
"""
import concurrent.futures, http.client, json, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgcluster import (BIN, ROOT, ensure_release_binary, ensure_wrk, free_port, options,  # noqa: E402
                       throwaway_cluster)
from lead_capture import wait_ready  # noqa: E402


def make_photos(folder, count):
    paths = []
    for i in range(count):
        path = os.path.join(folder, f"IMG_{i:04d}.jpg")
        subprocess.check_call(["vips", "gaussnoise", path + "[Q=85]", "4032", "3024", "--sigma", "15"])
        paths.append(path)
    return paths


def upload(port, token, ref, path):
    with open(path, "rb") as f:
        data = f.read()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request("POST", f"/api/v1/admin/listings/{ref}/media", body=data, headers={
        "Authorization": f"Bearer {token}", "If-Match": "*", "Content-Type": "image/jpeg"})
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - started, len(data)


def vm(pid, field):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(rf"{field}:\s+(\d+)", f.read()).group(1)) / 1024


def main():
    args = options(photos=100, connections=4, seconds=10)
    ensure_release_binary()
    ensure_wrk()
    work = tempfile.mkdtemp(prefix="parkdesk-media-bench-")
    try:
        t = time.perf_counter()
        photos = make_photos(work, args.photos)
        sizes = [os.path.getsize(p) for p in photos]
        print(f"photos: {len(photos)} JPEGs 4032x3024, {sum(sizes) / len(sizes) / 1e6:.1f} MB each "
              f"(made in {time.perf_counter() - t:.0f} s)")
        with throwaway_cluster("media") as (data, port, psql):
            run(args, data, port, psql, work, photos)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, data, port, psql, work, photos):
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{port}/postgres?host={data}",
               PARKDESK_MEDIA_DIR=os.path.join(work, "media"), LOG_LEVEL="warning")
    token = subprocess.check_output([BIN, "token", "create", "--name", "bench", "--role", "admin"], env=env,
                                    text=True).strip().split()[-1]
    added = subprocess.check_output([BIN, "listing", "add", "--kind", "厂房", "--deal", "出租", "--title",
                                     "九华厂房出租", "--district", "九华", "--building-area", "3000", "--price",
                                     "面议", "--status", "active"], env=env, text=True)
    ref = added.split()[1]
    http_port = free_port()
    server = subprocess.Popen([BIN, "serve", "--port", str(http_port)], env=dict(env, PARKDESK_MEDIA_PER_LISTING="100"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(http_port)
        idle = vm(server.pid, "VmRSS")
        t = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.connections) as pool:
            results = list(pool.map(lambda p: upload(http_port, token, ref, p), photos))
        elapsed = time.perf_counter() - t
        statuses = sorted({r[0] for r in results})
        latencies = sorted(r[1] for r in results)
        megabytes = sum(r[2] for r in results) / 1e6
        peak = vm(server.pid, "VmHWM")
        stored = subprocess.check_output(psql + ["-d", "postgres", "-c", "SELECT count(*) FROM listing_media"],
                                         text=True).strip()
        print(f"upload + processing, {args.connections} connections: {len(photos)} photos in {elapsed:.1f} s = "
              f"{len(photos) / elapsed:.2f} photos/s, {megabytes / elapsed:.1f} MB/s; statuses {statuses}; "
              f"stored {stored}; per upload p50 {latencies[len(latencies) // 2]:.2f} s, "
              f"p99 {latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]:.2f} s")
        print(f"serve RSS: idle {idle:.1f} MiB, peak {peak:.1f} MiB (target <= 200 MiB)")
        c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        c.request("GET", f"/api/v1/listings/{ref}")
        media = json.loads(c.getresponse().read())["media"]
        path = media[0]["url"]
        out = subprocess.check_output(["wrk", "-t2", "-c32", f"-d{args.seconds}s", "--latency",
                                       f"http://127.0.0.1:{http_port}{path}"], text=True)
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
        p99 = re.search(r"99%\s+(\S+)", out).group(1)
        p50 = re.search(r"50%\s+(\S+)", out).group(1)
        print(f"serving {path.split('-')[-1]} ({media[0]['width']}x{media[0]['height']}), wrk 32 connections: "
              f"{float(rps):,.0f} req/s, p50 {p50}, p99 {p99}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
