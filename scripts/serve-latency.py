#!/usr/bin/env python3
"""Save-to-served latency of `journeybook serve`: the time from writing a persona file to
the moment the server returns the page with the new content.

usage: scripts/serve-latency.py BINARY REPORT_DIR PERSONA_ID [RUNS]

Edits content/personas/PERSONA_ID.md in place RUNS times (default 30), 300 ms apart, and
prints the median, 90th percentile, min and max in milliseconds. Only talks to 127.0.0.1.
"""
import http.client
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def main():
    binary, report, persona_id = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    port = free_port()
    server = subprocess.Popen([binary, "serve", str(report), "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while get(port, "/")[0] != 200:
            if time.monotonic() > deadline:
                sys.exit("server did not start")
            time.sleep(0.05)
        path = report / "content" / "personas" / f"{persona_id}.md"
        page = f"/personas/{persona_id}/index.html"
        original = path.read_text()
        name = re.search(r"^name: (.*)$", original, re.M).group(1)
        samples = []
        try:
            for i in range(runs):
                marker = f"{name} v{i}"
                text = original.replace(f"name: {name}", f"name: {marker}", 1)
                start = time.monotonic()
                path.write_text(text)
                while marker not in get(port, page)[1]:
                    if time.monotonic() - start > 10:
                        sys.exit(f"run {i}: change not served within 10 s")
                    # Poll every 2 ms: often enough to resolve, not so often that the
                    # polling competes with the rebuild for the CPU.
                    time.sleep(0.002)
                samples.append((time.monotonic() - start) * 1000)
                time.sleep(0.3)
        finally:
            path.write_text(original)
        samples.sort()
        p90 = samples[int(len(samples) * 0.9) - 1]
        print(f"{len(samples)} saves: median {statistics.median(samples):.1f} ms, "
              f"p90 {p90:.1f} ms, min {samples[0]:.1f} ms, max {samples[-1]:.1f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
