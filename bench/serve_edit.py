#!/usr/bin/env python3
"""Times `dossier serve` from an edit to one article to its page served.

    python3 bench/serve_edit.py [--dossier target/release/dossier]
        [--corpus /dev/shm/dossier-bench/corpus/dossier-10000-s1/content]
        [--edits 6]

Copies the corpus into a temporary folder (the corpus itself is never
touched), starts `dossier serve` on it, and edits one article at a time, in
turn: a sentence added that mentions nothing, then one that mentions a
country. For each edit it prints, in milliseconds from the write:

- `page`: the article's page served with the new sentence;
- `mention`: for an added mention, the page of that country served with
  the new sentence;
- `all`: the server saying it has rendered every page the edit touches
  (blank for a server that renders everything before serving anything).

Each edit waits for the last one to be done, so the edits do not overlap.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

POLL = 0.002


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", "replace")


def wait_until(check, limit=120.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if check():
            return True
        time.sleep(POLL)
    return False


class Server:
    def __init__(self, dossier, content):
        env = dict(os.environ, NO_COLOR="1", SOURCE_DATE_EPOCH="1700000000")
        self.process = subprocess.Popen(
            [dossier, "serve", "--content", content, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.log = []
        threading.Thread(target=self._read_stderr, daemon=True).start()
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            sys.exit(f"serve printed no URL: {line!r}\n{''.join(self.log)}")
        self.url = match.group(0)

    def _read_stderr(self):
        for line in self.process.stderr:
            self.log.append(line)

    def said(self, what):
        return sum(what in line for line in self.log)

    def stop(self):
        self.process.terminate()
        self.process.wait()


def first_country_mentioned(content, body):
    names = []
    folder = os.path.join(content, "countries")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            match = re.search(r'^name = "(.*)"$', file.read(), re.M)
        names.append((match.group(1), name[: -len(".md")]))
    for name, slug in names:
        if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", body):
            return name, slug
    return names[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossier", default="target/release/dossier")
    parser.add_argument(
        "--corpus", default="/dev/shm/dossier-bench/corpus/dossier-10000-s1/content"
    )
    parser.add_argument("--edits", type=int, default=6)
    args = parser.parse_args()
    temp = tempfile.mkdtemp(prefix="dossier-serve-edit-", dir="/dev/shm")
    content = os.path.join(temp, "content")
    shutil.copytree(args.corpus, content)
    started = time.monotonic()
    server = Server(os.path.abspath(args.dossier), content)
    print(f"first build served after {time.monotonic() - started:.1f} s")
    articles = sorted(os.listdir(os.path.join(content, "articles")))
    print("edit  kind       page   mention     all  (ms)")
    try:
        for edit in range(args.edits):
            slug = articles[(edit * 997) % len(articles)][: -len(".md")]
            path = os.path.join(content, "articles", slug + ".md")
            with open(path, encoding="utf-8") as file:
                text = file.read()
            country, country_slug = first_country_mentioned(content, text)
            marker = f"Benchmark sentence {edit} was added"
            kind = "plain" if edit % 2 == 0 else "mention"
            added = f"{marker}." if kind == "plain" else f"{marker} about {country}."
            done_before = server.said("pages it touches updated")
            built_before = server.said("built ")
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as file:
                file.write(text.rstrip("\n") + "\n\n" + added + "\n")
            page_url = f"{server.url}articles/{slug}.html"
            wait_until(lambda: marker in get(page_url))
            page = time.monotonic() - t0
            mention = None
            if kind == "mention":
                country_url = f"{server.url}countries/{country_slug}.html"
                wait_until(lambda: marker in get(country_url))
                mention = time.monotonic() - t0
            incremental = wait_until(
                lambda: server.said("pages it touches updated") > done_before
                or server.said("built ") > built_before,
                limit=300,
            ) and server.said("built ") == built_before
            everything = time.monotonic() - t0
            shown = f"{everything * 1000:7.0f}" if incremental else "      -"
            mentioned = f"{mention * 1000:9.0f}" if mention else "        -"
            print(f"{edit:4}  {kind:8} {page * 1000:6.0f} {mentioned} {shown}")
            time.sleep(0.5)
    finally:
        server.stop()
        shutil.rmtree(temp)
    print("server said:")
    print("".join(line for line in server.log if "updated" in line or "built" in line))


if __name__ == "__main__":
    main()
