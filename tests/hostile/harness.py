"""Run ``kgraph`` as a user would, watched: exit status, signal, peak memory, files opened, sockets.

:func:`run_kgraph` starts ``python audited.py ARGS`` (this folder's wrapper around
:func:`kgraph.cli.main`, run exactly as the ``kgraph`` program runs, supervisor included) with an
audit hook that logs every file opened under a watched folder and every socket connection
attempted, and collects the peak resident memory of the process tree with ``os.wait4``.
:func:`check_outcome` asserts what the hostile-input campaign requires of every run.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUDITED = Path(__file__).resolve().parent / "audited.py"
#: every run must stay under this much resident memory (the issue's target)
MEMORY_TARGET = 2 * 1024 ** 3
#: exit code of a command whose process died by a signal (kgraph.limits.CRASH_EXIT_CODE)
CRASH_EXIT_CODE = 70


@dataclass
class Outcome:
    args: list[str]
    returncode: int
    stdout: bytes
    stderr: str
    peak_rss: int  # bytes, largest process of the tree
    seconds: float
    timed_out: bool
    opened: list[str] = field(default_factory=list)  # files opened under the watched folder
    connections: list[str] = field(default_factory=list)  # socket connections attempted

    @property
    def signalled(self) -> bool:
        return self.returncode < 0 or self.returncode == CRASH_EXIT_CODE

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr

    @property
    def error_lines(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if ln.strip() and not ln.startswith("kgraph: warning:")]


def run_kgraph(*args: str, watch: Path, stdin: bytes | None = None, timeout: float = 120,
               env: dict[str, str] | None = None, cwd: Path | None = None) -> Outcome:
    """Run kgraph with ``args``; files opened under ``watch`` and connections are recorded."""
    log = watch / f".audit-{os.getpid()}-{time.monotonic_ns()}.log"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "KGRAPH_AUDIT_LOG": str(log),
                   "KGRAPH_AUDIT_ROOT": str(watch.resolve()), **(env or {})}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, str(AUDITED), *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=cwd)
    timed_out = False
    try:
        stdout, stderr = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        process.kill()
        stdout, stderr = process.communicate()
    seconds = time.monotonic() - started
    peak, opened, connections = 0, [], []
    if log.exists():
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            kind, _, value = line.partition(" ")
            if kind == "peak":
                peak = int(value)
            else:
                (connections if kind == "connect" else opened).append(value)
        log.unlink()
    return Outcome(list(args), process.returncode, stdout, stderr.decode("utf-8", errors="replace"), peak,
                   seconds, timed_out, sorted(set(opened)), connections)


def digest(path: Path) -> str | None:
    """A file's content hash (None if it does not exist): to prove earlier output is intact."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def check_outcome(outcome: Outcome, *, expect: str, allowed: set[Path] = frozenset(), watch: Path | None = None,
                  port_hits: int = 0) -> list[str]:
    """What is wrong with ``outcome`` (an empty list when nothing is).

    ``expect`` is ``"error"`` (non-zero exit, exactly one line ``kgraph: error: …``), ``"ok"``
    (exit 0) or ``"either"``. Always: no traceback, no death by signal, inside the time limit,
    no socket connection, no file under ``watch`` opened but the ``allowed`` ones (inputs,
    outputs and their temporary twins).
    """
    problems = []
    if outcome.timed_out:
        problems.append("ran past its time limit")
    if outcome.traceback:
        problems.append("printed a traceback")
    if outcome.signalled:
        problems.append(f"died by a signal (exit {outcome.returncode})")
    if expect == "ok" and outcome.returncode != 0:
        problems.append(f"exit {outcome.returncode}, expected 0: {outcome.stderr[-300:]!r}")
    if expect == "error":
        lines = outcome.error_lines
        if outcome.returncode == 0:
            problems.append("exit 0, expected an error")
        elif not _one_line_error(lines):
            problems.append(f"not a one-line error: {outcome.stderr[-400:]!r}")
    if outcome.connections or port_hits:
        problems.append(f"reached the network: {outcome.connections or port_hits}")
    if watch is not None:
        allowed_names = {str(p.resolve()) for p in allowed}
        outside = [p for p in outcome.opened if p not in allowed_names
                   and not any(p.startswith(a.rstrip("/") + "/") or _is_twin(p, a) for a in allowed_names)
                   and "/.audit-" not in p]
        if outside:
            problems.append(f"opened files it was not given: {outside[:3]}")
    if outcome.peak_rss >= MEMORY_TARGET:
        problems.append(f"peak memory {outcome.peak_rss / 2 ** 30:.2f} GiB")
    return problems


def _one_line_error(lines: list[str]) -> bool:
    """One ``kgraph: error:`` line, or argparse's usage block followed by one error line."""
    if len(lines) == 1:
        return lines[0].startswith("kgraph: error:")
    return (len(lines) > 1 and lines[0].startswith("usage:") and lines[-1].startswith("kgraph")
            and ": error: " in lines[-1] and all(ln.startswith(("usage:", " ")) for ln in lines[:-1]))


def _is_twin(path: str, allowed: str) -> bool:
    """``.NAME.XXXX.part`` next to an allowed output is that output's temporary twin."""
    folder, name = os.path.split(allowed)
    return os.path.dirname(path) == folder and os.path.basename(path).startswith(f".{name}.")


def run_case(case, watch: Path, port_hits=lambda: 0) -> tuple[Outcome, list[str]]:
    """Run one campaign case (:class:`families.Case`): its outcome and what is wrong with it.

    ``port_hits`` counts connections the loopback listener has seen so far.
    """
    before = {path: digest(path) for path in case.keep}
    hits = port_hits()
    beside = None
    if case.beside:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
        beside = subprocess.Popen(case.beside, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        beside.stdout.readline()  # it has the store open and is writing
        time.sleep(0.3)
    try:
        outcome = run_kgraph(*case.args, watch=watch, stdin=case.stdin, timeout=case.timeout, env=case.env)
    finally:
        if beside is not None:
            beside.kill()
            beside.wait()
    problems = check_outcome(outcome, expect=case.expect, allowed=set(case.allowed) | set(case.keep),
                             watch=watch, port_hits=port_hits() - hits)
    for path, old in before.items():
        if outcome.returncode != 0 and digest(path) != old:
            problems.append(f"{path.name} changed although the run failed")
    if case.verify is not None and not outcome.timed_out:
        problems += case.verify(outcome)
    return outcome, problems
