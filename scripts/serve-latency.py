#!/usr/bin/env python3
"""Save-to-served latency of `journeybook serve`: the time from writing a persona file to
the moment the server returns the page with the new content.

usage: scripts/serve-latency.py BINARY REPORT_DIR PERSONA_ID [RUNS] [name|body]

Edits content/personas/PERSONA_ID.md in place RUNS times (default 30), 300 ms apart, and
prints the median, 90th percentile, min and max in milliseconds. It measures what a browser
sees: the reload event on the live-reload channel, then one request for the page, which
must show the new content. `name` (default) changes
the persona's name, which the overview and the print page show too; `body` changes a line
of its markdown body, which only its own page and the print page show. Only talks to
127.0.0.1.
"""
import http.client
import os
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


class Events:
    """The live-reload channel, read like a browser's EventSource."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__journeybook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.file = self.sock.makefile("rb")

    def next_event(self, timeout):
        self.sock.settimeout(timeout)
        while True:
            line = self.file.readline().decode().strip()
            if line.startswith("event: "):
                return line[len("event: "):]


def main():
    binary, report, persona_id = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    mode = sys.argv[5] if len(sys.argv) > 5 else "name"
    port = free_port()
    # SERVE_LOG=FILE keeps the server's own "rebuilt in N ms" lines for comparison.
    log = open(os.environ["SERVE_LOG"], "w") if os.environ.get("SERVE_LOG") else subprocess.DEVNULL
    server = subprocess.Popen([binary, "serve", str(report), "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=log)
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
        events = Events(port)
        assert events.next_event(10) == "hello"
        try:
            for i in range(runs):
                if mode == "body":
                    marker = f"Latency marker {i}."
                    text = original.rstrip("\n") + f"\n\n{marker}\n"
                else:
                    marker = f"{name} v{i}"
                    text = original.replace(f"name: {name}", f"name: {marker}", 1)
                start = time.monotonic()
                path.write_text(text)
                if events.next_event(10) != "reload":
                    sys.exit(f"run {i}: no reload event")
                if marker not in get(port, page)[1]:
                    sys.exit(f"run {i}: the page after the reload event is stale")
                samples.append((time.monotonic() - start) * 1000)
                time.sleep(0.3)
        finally:
            path.write_text(original)
        samples.sort()
        p90 = samples[int(len(samples) * 0.9) - 1]
        print(f"{len(samples)} saves ({mode}): median {statistics.median(samples):.1f} ms, "
              f"p90 {p90:.1f} ms, min {samples[0]:.1f} ms, max {samples[-1]:.1f} ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
