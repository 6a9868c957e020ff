"""The one strict build of the wiki: every target a reader gets and every host runs this.

    python -m teamwiki.build html _build/html

``-n -W --keep-going``: any warning fails, and all of them are reported in one build. ``-E``: the
saved environment is never trusted, so a page whose warning was printed by an earlier failed build
is read and warned about again (an incremental rebuild would skip it and pass). Only the live
preview (`make serve`) builds incrementally.
"""

from __future__ import annotations

import locale
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from teamwiki import ROOT

STRICT = ("-n", "-W", "--keep-going")
# When set, every build of the whole wiki (not of a tiny test site) appends one line here: builder, seconds,
# output folder. The test suite sets it to count and report its whole-site builds (tests/conftest.py).
LOG_VARIABLE = "TEAMWIKI_BUILD_LOG"


def arguments(builder: str, outdir: Path | str, root: Path = ROOT, extra: Sequence[str] = ()) -> list[str]:
    """Sphinx's arguments for the strict, fresh build of the site whose conf.py is in ``root``."""
    return [*STRICT, "-E", "-b", builder, *extra, "-c", str(root), str(Path(root) / "docs"), str(outdir)]


def command(builder: str, outdir: Path | str, root: Path = ROOT, extra: Sequence[str] = ()) -> list[str]:
    """The command line of the strict, fresh build of the site whose conf.py is in ``root``."""
    return [sys.executable, "-m", "sphinx", *arguments(builder, outdir, root, extra)]


def run(builder: str, outdir: Path | str, root: Path = ROOT, extra: Sequence[str] = (), **kwargs):
    """Run the strict build; keyword arguments as for ``sphinx``."""
    log = (kwargs.get("env") or os.environ).get(LOG_VARIABLE)  # the build's own environment says where
    start = time.monotonic()
    result = sphinx(arguments(builder, outdir, root, extra), cwd=root, **kwargs)
    if log and Path(root).resolve() == ROOT:
        with open(log, "a", encoding="utf-8") as file:  # one short append: whole lines even from parallel runs
            file.write(f"{builder}\t{time.monotonic() - start:.1f}\t{outdir}\n")
    return result


# -- Warm processes ---------------------------------------------------------------------------------------
# A process that starts many builds (the test suite: about 70 of them, most on tiny sites) may have each one
# forked from a server that has already imported Sphinx, MyST, Furo and the wiki's extensions: the same
# command in a process of its own, less the 0.6-0.8 s of start-up and imports it spends before reading a page.
_WARM = {"on": False}
# What the server imports once: the extensions of the wiki's conf.py and what Sphinx loads for every build.
PRELOAD = ["sphinx.cmd.build", "sphinx.builders.html", "sphinx.builders.singlehtml", "sphinx.builders.dirhtml"]


def warm_processes() -> None:
    """From now on, this process's builds are forked from a server that has imported what every build needs.

    Only for a process run with ``python -m`` or ``-c`` (pytest and its workers): multiprocessing runs a main
    script again in the server, so a process run from a script keeps starting its builds the plain way."""
    import multiprocessing

    from sphinx.config import Config
    from sphinx.util.tags import Tags

    main = sys.modules["__main__"]
    if getattr(main, "__spec__", None) is None and getattr(main, "__file__", None) is not None:
        return
    extensions = Config.read(ROOT, overrides={}, tags=Tags()).extensions
    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD + list(extensions))
    _WARM["on"] = True


def sphinx(args: Sequence[str], *, cwd=None, env=None, capture_output: bool = False, text: bool = False):
    """``python -m sphinx ARGS`` in a process of its own; returns its ``subprocess.CompletedProcess``.

    Forked warm (``warm_processes``), the process starts with the server's imports: a module the server has
    imported is not looked up again on the ``PYTHONPATH`` of ``env``."""
    if not _WARM["on"]:
        return subprocess.run(
            [sys.executable, "-m", "sphinx", *args], cwd=cwd, env=env, capture_output=capture_output, text=text
        )
    import multiprocessing
    import tempfile

    with tempfile.TemporaryDirectory(prefix="wiki-build-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        out.touch()  # both are read even if the child fails before it opens them
        err.touch()
        child = multiprocessing.get_context("forkserver").Process(
            target=_sphinx_child,
            args=(list(map(str, args)), str(cwd or os.getcwd()), dict(os.environ if env is None else env), out, err),
        )
        child.start()
        child.join()
        stdout, stderr = out.read_bytes(), err.read_bytes()
    if not capture_output:  # what the build printed goes where a subprocess's would have
        sys.stdout.buffer.write(stdout) if hasattr(sys.stdout, "buffer") else sys.stdout.write(stdout.decode())
        sys.stderr.buffer.write(stderr) if hasattr(sys.stderr, "buffer") else sys.stderr.write(stderr.decode())
        stdout = stderr = None
    elif text:  # as subprocess decodes: the locale's encoding, universal newlines
        encoding = locale.getpreferredencoding(False)
        stdout, stderr = (data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n") for data in (stdout, stderr))
    return subprocess.CompletedProcess(["sphinx", *args], child.exitcode, stdout, stderr)


def _sphinx_child(args: list[str], cwd: str, env: dict, out: Path, err: Path) -> None:
    """In the forked process: become ``python -m sphinx ARGS`` started in ``cwd`` with ``env``."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    paths = [path for path in env.get("PYTHONPATH", "").split(os.pathsep) if path]
    sys.path[:0] = [cwd, *paths]
    for fd, path in ((1, out), (2, err)):  # the build's own subprocesses (the diagram renderer) print here too
        with open(path, "wb") as file:
            os.dup2(file.fileno(), fd)
    import sphinx.cmd.build

    sys.argv = [sphinx.cmd.build.__file__, *args]
    raise SystemExit(sphinx.cmd.build.main(args))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print("usage: python -m teamwiki.build BUILDER OUTDIR [SPHINX OPTION …]", file=sys.stderr)
        return 2
    builder, outdir, *extra = args
    return run(builder, outdir, extra=extra).returncode


if __name__ == "__main__":
    raise SystemExit(main())
