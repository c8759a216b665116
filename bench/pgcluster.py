"""What the benchmark scripts share: the release binary, a throwaway PostgreSQL cluster (as the postgres user
when run as root), and wrk."""
import argparse, contextlib, http.client, os, re, shutil, socket, subprocess, sys


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# PARKDESK_BIN runs another build (e.g. an older commit, for before/after figures) with the same scripts.
BIN = os.environ.get("PARKDESK_BIN") or os.path.join(ROOT, ".build", "release", "parkdesk")


def options(**defaults):
    """The script's whole-number options (`--name N`), each with its default, as given on the command line."""
    parser = argparse.ArgumentParser()
    for name, default in defaults.items():
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=default)
    return parser.parse_args()


def ensure_wrk():
    """Installs wrk from Debian's packages when it is missing."""
    if not shutil.which("wrk"):
        subprocess.check_call(["apt-get", "update", "-qq"], stdout=subprocess.DEVNULL)
        subprocess.check_call(["apt-get", "install", "-y", "-qq", "wrk"], stdout=subprocess.DEVNULL)


def ensure_release_binary():
    """Builds the release `parkdesk` the benchmarks run, when it is missing."""
    if not os.path.exists(BIN):
        subprocess.check_call(["swift", "build", "-c", "release", "--product", "parkdesk"], cwd=ROOT)


def pg_bindir():
    try:
        return subprocess.check_output(["pg_config", "--bindir"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        sys.exit("PostgreSQL is not installed: apt-get install postgresql-15")


def as_postgres(cmd):
    return (["runuser", "-u", "postgres", "--"] + cmd) if os.geteuid() == 0 else cmd


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_cluster(name, settings=""):
    """Yields (socket_dir, port, psql_command); the cluster is stopped and deleted afterwards."""
    bindir = pg_bindir()
    data = f"/tmp/parkdesk-bench-{name}-{os.getpid()}"
    os.makedirs(data)
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = free_port()
    subprocess.check_call(as_postgres([f"{bindir}/initdb", "-D", data, "-U", "postgres", "-E", "UTF8",
                                       "--locale=C.UTF-8", "--auth=trust"]), stdout=subprocess.DEVNULL)
    subprocess.check_call(as_postgres([f"{bindir}/pg_ctl", "-D", data, "-l", f"{data}/log", "-w", "-o",
                                       f"-c listen_addresses='' -k {data} -p {port} {settings}", "start"]),
                          stdout=subprocess.DEVNULL)
    try:
        yield data, port, ["psql", "-h", data, "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]
    finally:
        subprocess.call(as_postgres([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


def http_get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def wrk(port, path, connections, seconds, headers=()):
    """requests/s, p50 ms, p99 ms and non-2xx/3xx answers; `headers` as "Name: value" strings."""
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.check_output(["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
                                   "--latency", *extra, f"http://127.0.0.1:{port}{path}"], text=True)
    def ms(label):
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), ms("50%"), ms("99%"), int(non2xx.group(1)) if non2xx else 0
