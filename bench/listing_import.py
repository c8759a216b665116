#!/usr/bin/env python3
"""Benchmark: `parkdesk listing import` of N listings from CSV vs `psql \\copy` of the same rows, and of the same
listings as one-line titles (.txt, read by the text parser), with the parser's own speed on one core.

Usage: python3 bench/listing_import.py [--rows 100000] [--runs 3]
Starts a throwaway PostgreSQL cluster of its own (as the postgres user when run as root), builds
parkdesk in release mode if needed, and prints the figures. Nothing outside bench/out/ is touched.
"""
import argparse, os, random, subprocess, time

from pgcluster import BIN, ROOT, ensure_release_binary, throwaway_cluster

OUT = os.path.join(ROOT, "bench", "out")
DISTRICTS = [(1, "雨湖区"), (2, "岳塘区"), (3, "湘潭县"), (4, "湘乡市"), (5, "韶山市"), (6, "湘潭经开区"),
             (7, "湘潭高新区"), (21, "北湖区"), (22, "苏仙区"), (23, "资兴市"), (28, "临武县")]
FEATURES = ["独门独院", "停车方便", "可环评", "大车进出", "水电配套"]


def generate(rows, seed=7):
    """Same rows three times: field names for parkdesk, table columns for psql, titles as the office writes them."""
    rng = random.Random(seed)
    app_path, copy_path = os.path.join(OUT, "listings.csv"), os.path.join(OUT, "listings.copy.csv")
    titles_path = os.path.join(OUT, "titles.txt")
    with open(app_path, "w", encoding="utf-8") as app, open(copy_path, "w", encoding="utf-8") as cp, \
            open(titles_path, "w", encoding="utf-8") as titles:
        app.write("kind,deal,title,district,buildingArea,craneTons,price,priceUnit,features,description\n")
        cp.write("kind,deal,title,description,district_id,building_area_m2,crane_count,crane_max_tons,features,price_amount,price_unit,status\n")
        for i in range(rows):
            did, dname = rng.choice(DISTRICTS)
            area = rng.randrange(300, 20000)
            crane = rng.choice([None, 5, 10, 16, 20, 32])
            price = f"{rng.randrange(5, 30)}.{rng.randrange(0, 10)}"
            feats = rng.sample(FEATURES, rng.randrange(0, 4))
            title = f"{dname}{'独栋' if i % 2 else ''}单层厂房{area}平米出租" + (f",行车{crane}吨" if crane else "")
            desc = f"第{i}号,{'、'.join(feats) or '标准厂房'},交通便利"
            app.write(f'factory,rent,"{title}",{dname},{area},{crane or ""},{price},yuan-per-m2-month,"{",".join(feats)}","{desc}"\n')
            arr = "{" + ",".join(f'""{f}""' for f in feats) + "}"
            cp.write(f'factory,rent,"{title}","{desc}",{did},{area},{1 if crane else ""},{crane or ""},"{arr}",{price},yuan-per-m2-month,active\n')
            titles.write(f"{title},{price}元/平/月" + (f",{feats[0]}" if feats else "") + "\n")
    return app_path, copy_path, titles_path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    ensure_release_binary()
    with throwaway_cluster("import") as (data, port, psql):
        run(args, data, port, psql)


def run(args, data, port, psql):
    app_csv, copy_csv, titles_txt = generate(args.rows)
    results = {"parkdesk": [], "psql": [], "titles": []}
    for db in ("bench_app", "bench_psql"):
        subprocess.check_call(psql + ["-d", "postgres", "-c", f"CREATE DATABASE {db}"])
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{port}/{db}?host={data}")
        subprocess.check_call([BIN, "migrate"], env=env, stdout=subprocess.DEVNULL)
    reset = "SET client_min_messages = warning; TRUNCATE listings RESTART IDENTITY CASCADE"
    cols = "kind,deal,title,description,district_id,building_area_m2,crane_count,crane_max_tons,features,price_amount,price_unit,status"
    for _ in range(args.runs):
        subprocess.check_call(psql + ["-d", "bench_app", "-c", reset])
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@localhost:{port}/bench_app?host={data}")
        t = time.perf_counter()
        subprocess.check_call([BIN, "listing", "import", app_csv], env=env, stdout=subprocess.DEVNULL)
        results["parkdesk"].append(time.perf_counter() - t)
        subprocess.check_call(psql + ["-d", "bench_psql", "-c", reset])
        t = time.perf_counter()
        subprocess.check_call(psql + ["-d", "bench_psql", "-c", f"\\copy listings({cols}) FROM '{copy_csv}' CSV HEADER"])
        results["psql"].append(time.perf_counter() - t)
        subprocess.check_call(psql + ["-d", "bench_app", "-c", reset])
        t = time.perf_counter()
        subprocess.check_call([BIN, "listing", "import", titles_txt], env=env, stdout=subprocess.DEVNULL)
        results["titles"].append(time.perf_counter() - t)
    # the titles' listings must be the CSV's: same areas, cranes and prices
    same = "SELECT count(*) FROM listings WHERE kind = 'factory' AND deal = 'rent' AND building_area_m2 IS NOT NULL AND price_unit = 'yuan-per-m2-month'"
    titles_right = subprocess.check_output(psql + ["-d", "bench_app", "-Atc", same], text=True).strip()
    parse = subprocess.check_output([BIN, "listing", "parse", "--file", titles_txt, "--summary"], env=env, text=True).strip()
    counts = [subprocess.check_output(psql + ["-d", db, "-c", "SELECT count(*) FROM listings"], text=True).strip()
              for db in ("bench_app", "bench_psql")]
    best_app, best_psql = min(results["parkdesk"]), min(results["psql"])
    print(f"rows: {args.rows} (stored: parkdesk {counts[0]}, psql {counts[1]})")
    print(f"parkdesk listing import: best {best_app:.2f} s of {args.runs} ({args.rows / best_app:,.0f} rows/s)")
    print(f"psql \\copy:              best {best_psql:.2f} s of {args.runs} ({args.rows / best_psql:,.0f} rows/s)")
    print(f"ratio parkdesk/psql:     {best_app / best_psql:.2f}x (target < 3x)")
    best_titles = min(results["titles"])
    print(f"parkdesk listing import of the same as titles (.txt): best {best_titles:.2f} s of {args.runs} "
          f"({args.rows / best_titles:,.0f} rows/s, {best_titles / best_psql:.2f}x psql); "
          f"{titles_right} of {args.rows} stored as factories for rent with area and price")
    print(f"text parser: {parse}")


if __name__ == "__main__":
    main()
