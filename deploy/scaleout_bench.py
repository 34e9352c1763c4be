"""One app server against two behind nginx, in the same run: `make bench-scaleout` (needs a running stack).

Each repeat measures the page through nginx with every app server up, then with all but the first
stopped (nginx notices at the first refused connection and stops sending there), then starts them
again. Prints req/s and p50/p99 for both and the ratio two ÷ one.
"""

import argparse
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read_env():
    path = Path(os.environ.get("STACK_DIR", "/tmp/careerhub-stack")) / "stack.env"
    if not path.exists():
        raise SystemExit(f"No running stack ({path} is missing): start it with deploy/stack.sh start.")
    return dict(line.replace('"', "").split("=", 1) for line in path.read_text().splitlines())


def wrk(url, connections, seconds):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "deploy/wrk_report.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    report = json.loads(output.split("WRKJSON ", 1)[1])
    report["rps"] = report["requests"] / (report["duration_us"] / 1e6)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", default="/transitions/bank-analyst-to-ml-engineer/")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    env = read_env()
    url = f"https://127.0.0.1:{env['STACK_HTTPS_PORT']}{args.path}"
    others = env["STACK_APP_PORTS"].split()[1:]

    def stack(*command):
        subprocess.run([ROOT / "deploy/stack.sh", *command], env={**os.environ, **env}, check=True, capture_output=True)

    runs = {"two": [], "one": []}
    try:
        for _ in range(args.repeats):
            wrk(url, args.connections, 2)
            runs["two"].append(wrk(url, args.connections, args.duration))
            for port in others:
                stack("stop-app", port)
            time.sleep(1)
            wrk(url, args.connections, 2)  # nginx marks the stopped servers down here
            runs["one"].append(wrk(url, args.connections, args.duration))
            for port in others:
                stack("start-app", port)
    finally:
        for port in others:
            stack("start-app", port)

    print(f"{url}, {args.connections} connections, {args.repeats} repeat(s) of {args.duration} s (medians)")
    for name, label in (("one", "1 app server"), ("two", f"{1 + len(others)} app servers")):
        group = runs[name]
        errors = sum(run["errors"] + run["non2xx"] for run in group)
        print(
            f"{label:<14} {statistics.median(run['rps'] for run in group):>7.0f} req/s  "
            f"p50 {statistics.median(run['p50_us'] for run in group) / 1000:.1f} ms  "
            f"p99 {statistics.median(run['p99_us'] for run in group) / 1000:.1f} ms  errors {errors}"
        )
    ratios = [two["rps"] / one["rps"] for two, one in zip(runs["two"], runs["one"], strict=True)]
    print(f"two ÷ one: {statistics.median(ratios):.2f} (per repeat: {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"machine: {os.cpu_count()} CPUs, shared by every app server, nginx, PostgreSQL, Redis and wrk")


if __name__ == "__main__":
    main()
