#!/usr/bin/env python3
"""Benchmark: listing search latency through the HTTP API with N synthetic listings.

Usage: python3 bench/search.py [--listings 100000] [--requests 300] [--seed 1]
Starts a throwaway PostgreSQL cluster of its own (shared_buffers 256MB, like `parkdesk serve`'s own),
loads `parkdesk seed --synthetic`, warms the listings table and its indexes (pg_prewarm), runs the
release `parkdesk serve`, and times sequential keep-alive requests (concurrency 1) for several filter
sets, each request with different values. Prints p50/p95/p99 per filter set, in ms.
"""
import http.client, json, os, random, subprocess, time, urllib.parse

from pgcluster import BIN, ensure_release_binary, free_port, options, throwaway_cluster

DISTRICTS = ["yuhu", "yuetang", "xiangtan-county", "xiangxiang", "xiangtan-etdz", "xiangtan-hitech", "beihu",
             "suxian", "zixing", "guiyang", "linwu", "yizhang"]
CENTRES = {"yuhu": (27.86, 112.90), "xiangtan-county": (27.78, 112.95), "beihu": (25.79, 113.01), "linwu": (25.28, 112.56)}
KEYWORDS = ["厂房", "行车", "仓库", "独门独院", "可环评", "钢结构", "锂电池", "养猪", "集体建设", "火箭"]
SORTS = ["newest", "price-asc", "area-desc"]


def shapes(rng):
    """Each shape returns a fresh query string per call."""
    def keyword_filter_sort():
        return {"q": rng.choice(KEYWORDS), "district": rng.choice(DISTRICTS), "sort": rng.choice(SORTS),
                "minBuildingArea": rng.choice([0, 500, 1000]), "limit": 20}
    def keyword_kind_sort():
        return {"q": rng.choice(KEYWORDS), "kind": "factory", "sort": rng.choice(SORTS), "limit": 20}
    def keyword_only():
        return {"q": rng.choice(KEYWORDS)}
    def filters_only():
        low = rng.choice([500, 1000, 2000])
        return {"district": rng.choice(DISTRICTS), "kind": "factory", "minBuildingArea": low,
                "maxBuildingArea": low * 4, "sort": "newest"}
    def crane_price():
        return {"deal": "rent", "minCraneTons": rng.choice([5, 10, 16]), "sort": "price-asc"}
    def radius():
        lat, lng = CENTRES[rng.choice(list(CENTRES))]
        return {"near": f"{lat + rng.uniform(-0.05, 0.05):.4f},{lng + rng.uniform(-0.05, 0.05):.4f}",
                "radiusKm": rng.choice([5, 10, 20]), "sort": "distance"}
    def facets():
        return {"q": rng.choice(KEYWORDS[:5]), "district": rng.choice(DISTRICTS), "facets": "true"}
    return [("keyword + district + area + sort", keyword_filter_sort), ("keyword + kind + sort", keyword_kind_sort),
            ("keyword only (newest)", keyword_only), ("district + kind + area range", filters_only),
            ("crane ≥ N, sort by price", crane_price), ("radius, sort by distance", radius),
            ("keyword + district + facets", facets)]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def get(conn, path):
    t = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - t) * 1000
    if response.status != 200:
        raise RuntimeError(f"{path} → {response.status} {body[:300]!r}")
    return elapsed, body


def main():
    args = options(listings=100_000, requests=300, seed=1)
    ensure_release_binary()
    with throwaway_cluster("search", "-c shared_buffers=256MB") as (data, pg_port, psql):
        run(args, data, pg_port, psql)


def run(args, data, pg_port, psql):
    server = None
    try:
        subprocess.check_call(psql + ["-d", "postgres", "-c", "CREATE DATABASE bench"])
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{pg_port}/bench?host={data}", LOG_LEVEL="warning")
        subprocess.check_call([BIN, "migrate"], env=env, stdout=subprocess.DEVNULL)
        t = time.perf_counter()
        subprocess.check_call([BIN, "seed", "--synthetic", "--listings", str(args.listings), "--seed", str(args.seed)],
                              env=env, stdout=subprocess.DEVNULL)
        load_s = time.perf_counter() - t
        subprocess.check_call(psql + ["-d", "bench", "-c", "VACUUM ANALYZE"])
        # Warm figures, as a running office server has them: the listings and their indexes in memory.
        subprocess.check_call(psql + ["-d", "bench", "-c", "CREATE EXTENSION IF NOT EXISTS pg_prewarm", "-c",
                                      "SELECT pg_prewarm(c.oid) FROM pg_class c WHERE c.relname LIKE 'listing%' AND c.relkind IN ('r', 'i')"],
                              stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([BIN, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(200):
            try:
                get(conn, "/readyz")
                break
            except (OSError, RuntimeError, http.client.HTTPException):
                conn.close()
                time.sleep(0.1)
        rng = random.Random(args.seed)
        print(f"listings: {args.listings:,} (synthetic load {load_s:.1f} s); {args.requests} requests per filter set, "
              f"concurrency 1, keep-alive; ms")
        print(f"{'filter set':36} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}  {'avg items':>9}")
        for name, shape in shapes(rng):
            for _ in range(30):
                get(conn, "/api/v1/listings?" + urllib.parse.urlencode(shape()))
            times, counts = [], []
            for _ in range(args.requests):
                elapsed, body = get(conn, "/api/v1/listings?" + urllib.parse.urlencode(shape()))
                times.append(elapsed)
                counts.append(len(json.loads(body)["items"]))
            print(f"{name:36} {percentile(times, 50):7.2f} {percentile(times, 95):7.2f} {percentile(times, 99):7.2f} "
                  f"{max(times):7.2f}  {sum(counts) / len(counts):9.1f}")
        # Deep pages: follow the cursor 20 pages down a keyword search.
        times = []
        for _ in range(max(1, args.requests // 20)):
            query = {"q": rng.choice(KEYWORDS[:5]), "sort": rng.choice(SORTS)}
            for _ in range(20):
                elapsed, body = get(conn, "/api/v1/listings?" + urllib.parse.urlencode(query))
                times.append(elapsed)
                cursor = json.loads(body).get("nextCursor")
                if not cursor:
                    break
                query["cursor"] = cursor
        print(f"{'keyword, pages 1–20 via cursor':36} {percentile(times, 50):7.2f} {percentile(times, 95):7.2f} "
              f"{percentile(times, 99):7.2f} {max(times):7.2f}")
        refs = subprocess.check_output(psql + ["-d", "bench", "-c",
                                               "SELECT ref FROM listings WHERE status = 'active' ORDER BY random() LIMIT 500"],
                                       text=True).split()
        times = [get(conn, f"/api/v1/listings/{rng.choice(refs)}")[0] for _ in range(args.requests)]
        print(f"{'listing detail by ref':36} {percentile(times, 50):7.2f} {percentile(times, 95):7.2f} "
              f"{percentile(times, 99):7.2f} {max(times):7.2f}")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
