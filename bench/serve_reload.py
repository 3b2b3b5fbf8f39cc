#!/usr/bin/env python3
"""Edit → reload, end to end: starts `briefing serve` on a site, listens to
its event stream as an open page does, edits one page, and times each edit
until the `reload` event arrives (watcher debounce, rebuild and push
included). The page is restored afterwards.

    bench/serve_reload.py BRIEFING_BINARY SITE_ROOT content/briefs/x.md [EDITS]
    bench/serve_reload.py BRIEFING_BINARY SITE_ROOT --kinds [ROUNDS]

With --kinds, each round makes one edit of each kind, as
`examples/rebuild --kinds` does (a brief's text, another brief's title, an
event's date, a term alias, a seed paragraph), and prints the median and
90th percentile (nearest rank) of each kind and of all edits.
"""

import glob
import math
import os
import re
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


def add_sentence(text, n):
    return text + f"\nAn added sentence, edit number {n}.\n"


def replace_first(pattern, repl):
    def edit(text, n):
        out, count = re.subn(pattern, lambda m: repl(m, n), text, count=1, flags=re.M)
        if count != 1:
            raise ValueError(f"no line matches {pattern}")
        return out

    return edit


def redate(m, n):
    year = int(m.group(1))
    other = year - 1 - n if year > 1990 else year + 1 + n
    return f'date = "{other}{m.group(2)}'


def extend_paragraph(text, n):
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += f" An added sentence, edit number {n}."
    return "\n".join(lines)


def every_kind(root):
    def nth(pattern, i):
        names = sorted(
            p for p in glob.glob(os.path.join(root, pattern)) if not p.endswith("_index.md")
        )
        return os.path.relpath(names[i], root)

    return [
        ("brief text", nth("content/briefs/*.md", 0), add_sentence),
        (
            "brief title",
            nth("content/briefs/*.md", 1),
            replace_first(r'^title = "(.*)"$', lambda m, n: f'title = "{m.group(1)} (edit {n})"'),
        ),
        ("event date", nth("content/events/*.md", 0), replace_first(r'^date = "(\d{4})(.*)$', redate)),
        (
            "term alias",
            "content/glossary.toml",
            replace_first(
                r"^aliases = \[(\]?)",
                lambda m, n: f'aliases = ["Edited alias {n}"' + ("]" if m.group(1) else ", "),
            ),
        ),
        ("seed paragraph", nth("seeds/*.txt", 0), extend_paragraph),
    ]


def percentiles(times):
    times = sorted(times)
    at = lambda q: times[min(len(times), max(1, math.ceil(len(times) * q))) - 1]
    return at(0.5), at(0.9)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    binary, root, page = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else None
    if page == "--kinds":
        kinds = every_kind(root)
        edits = count or 4
    else:
        kinds = [("brief text", page, add_sentence)]
        edits = count or 6
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

    originals = {}
    for _, rel, _ in kinds:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            originals[rel] = f.read()
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
            for name, rel, edit in kinds:
                with socket.create_connection(("127.0.0.1", port)) as events:
                    events.settimeout(60)
                    events.sendall(
                        f"GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
                    )
                    wait_for(events, b": connected", time.time() + 60)
                    time.sleep(0.5)
                    edited = edit(originals[rel], i)
                    t = time.time()
                    with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                        f.write(edited)
                    wait_for(events, b"event: reload", time.time() + 60)
                    times.append((name, (time.time() - t) * 1000))
                # Let the search index (built after the reload) finish.
                done += 1
                wait_for_index(done, time.time() + 300)
                time.sleep(0.2)
    finally:
        for rel, text in originals.items():
            with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                f.write(text)
        server.terminate()
        server.wait()
    print("edit → reload event, ms:", " ".join(f"{x:.0f}" for _, x in times))
    if len(kinds) > 1:
        for name, _, _ in kinds:
            p50, p90 = percentiles([x for n, x in times if n == name])
            print(f"{name:<15} p50 {p50:.0f} ms, p90 {p90:.0f} ms to the reload event")
        p50, p90 = percentiles([x for _, x in times])
        print(f"all             p50 {p50:.0f} ms, p90 {p90:.0f} ms ({len(times)} edits)")
    ordered = sorted(x for _, x in times)
    print(f"median {ordered[len(ordered) // 2]:.0f} ms")


if __name__ == "__main__":
    main()
