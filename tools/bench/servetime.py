#!/usr/bin/env python3
"""`make serve`'s edit-to-rebuilt time: sphinx-autobuild on a copy of the real site, one page edited.

    .venv/bin/python tools/bench/servetime.py [--reps 5] [--page docs/cicd/lifecycle.md]

The committed tree (``git archive HEAD``, with a git history of its own for the last-updated dates) is
served the way `make serve` serves it; after the first build, a sentence with a new token is appended
to one page, ``--reps`` times, and two times are printed for each edit: until the page's HTML holds
the token (what a reload shows), and until sphinx-autobuild prints "Serving on" again (the build,
build-finished handlers included, is over and the browser is told to reload). Wall times on a
shared machine: report the load average beside them.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tree(folder: Path) -> Path:
    tree = folder / "src"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    (tree / "node_modules").symlink_to(ROOT / "node_modules")
    git = ["git", "-C", str(tree), "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "serve bench"], check=True)
    return tree


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lines(proc: subprocess.Popen, out: queue.Queue) -> None:
    for line in proc.stdout:
        out.put((time.perf_counter(), line.rstrip("\n")))


def _wait_for(lines: queue.Queue, text: str, timeout: float) -> float:
    end = time.perf_counter() + timeout
    while True:
        stamp, line = lines.get(timeout=max(end - time.perf_counter(), 0.01))
        if text in line:
            return stamp


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--page", default="docs/cicd/lifecycle.md")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="servetime-"))
    try:
        tree = _tree(folder)
        out = folder / "serve"
        cmd = [str(Path(sys.executable).with_name("sphinx-autobuild")), "--host", "127.0.0.1"]
        cmd += ["--port", str(_free_port()), "--watch", "snippets", "--watch", "teamwiki", "-c", ".", "docs", str(out)]
        proc = subprocess.Popen(
            cmd,
            cwd=tree,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines, args=(proc, lines), daemon=True).start()
        try:
            start = time.perf_counter()
            _wait_for(lines, "Waiting to detect changes", 1800)
            print(f"first build: {time.perf_counter() - start:.1f} s")
            page = tree / args.page
            html = out / Path(args.page).relative_to("docs").with_suffix(".html")
            shown, done = [], []
            for rep in range(args.reps):
                token = f"servetime{rep}x{os.getpid()}"
                time.sleep(1.0)  # the watcher settles
                with page.open("a", encoding="utf-8") as f:
                    f.write(f"\n\n基准测量追加的一句话 {token}。\n")
                edited = time.perf_counter()
                while token not in (html.read_text(encoding="utf-8") if html.exists() else ""):
                    time.sleep(0.02)
                shown.append(time.perf_counter() - edited)
                done.append(_wait_for(lines, "Serving on", 600) - edited)  # printed after each rebuild
                print(f"edit {rep + 1}: page written after {shown[-1]:.2f} s, rebuild over after {done[-1]:.2f} s")
            print(
                f"median of {args.reps}: page written {statistics.median(shown):.2f} s, rebuild over "
                f"{statistics.median(done):.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
            )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
