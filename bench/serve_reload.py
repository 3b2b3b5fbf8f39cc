#!/usr/bin/env python3
"""Edit → reload, end to end: starts `briefing serve` on a site, listens to
its event stream as an open page does, edits one page, and times each edit
until the `reload` event arrives (watcher debounce, rebuild and push
included). The page is restored afterwards.

    bench/serve_reload.py BRIEFING_BINARY SITE_ROOT content/briefs/x.md [EDITS]
"""

import os
import socket
import subprocess
import sys
import threading
import time


def wait_for(sock, needle, deadline):
    buf = b""
    while needle not in buf:
        if time.time() > deadline:
            raise TimeoutError(needle)
        buf += sock.recv(4096)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    binary, root, page = sys.argv[1:4]
    edits = int(sys.argv[4]) if len(sys.argv) > 4 else 6
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [binary, "serve", "--root", root, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # `serve` builds the search index after each reload, on the thread that
    # rebuilds: an edit made before it is done waits for it. Count the
    # indexes built, so that each edit waits for the last one.
    indexes = [0]

    def read_log():
        for line in server.stderr:
            if b"search index in" in line:
                indexes[0] += 1

    threading.Thread(target=read_log, daemon=True).start()

    def wait_for_index(count, deadline):
        while indexes[0] < count:
            if time.time() > deadline:
                raise TimeoutError("search index")
            time.sleep(0.05)

    path = os.path.join(root, page)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    times = []
    try:
        start = time.time()
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() - start > 300:
                    raise
                time.sleep(0.2)
        # The first build ends with its search index, before serving.
        wait_for_index(1, time.time() + 600)
        done = indexes[0]
        for i in range(edits):
            with socket.create_connection(("127.0.0.1", port)) as events:
                events.settimeout(60)
                events.sendall(
                    f"GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
                )
                wait_for(events, b": connected", time.time() + 60)
                time.sleep(0.5)
                t = time.time()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(original + f"\nAn added sentence, edit number {i}.\n")
                wait_for(events, b"event: reload", time.time() + 60)
                times.append((time.time() - t) * 1000)
            # Let the search index (built after the reload) finish.
            done += 1
            wait_for_index(done, time.time() + 300)
            time.sleep(0.2)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()
    print("edit → reload event, ms:", " ".join(f"{x:.0f}" for x in times))
    times.sort()
    print(f"median {times[len(times) // 2]:.0f} ms")


if __name__ == "__main__":
    main()
