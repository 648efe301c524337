"""A memory ceiling for every command, and a supervisor that turns a crash into one line.

``kgraph COMMAND`` runs the command in a forked child (:func:`run_supervised`) whose data size
is capped with ``resource.setrlimit(RLIMIT_DATA)`` (``--max-memory``, ``$KGRAPH_MAX_MEMORY``,
default 2 GiB; a command may set its own default, as ``load`` does). Python code that goes over
the ceiling gets a :class:`MemoryError` (reported on one line by the CLI); native code
(Oxigraph, torch) that cannot allocate aborts, and a parser that overflows its stack dies by a
signal: the supervising parent then prints one line saying so and exits with
:data:`CRASH_EXIT_CODE` instead of the shell printing "Segmentation fault".
Queries run in a further child of their own (:mod:`kgraph.query`), allowed the ceiling above
what that child inherited from its parent (under ``kgraph``, the command's ceiling still holds).
"""
from __future__ import annotations

import ctypes
import os
import re
import signal
import sys
import traceback
from collections.abc import Callable

__all__ = ["DEFAULT_MAX_MEMORY", "CRASH_EXIT_CODE", "parse_size", "format_size", "memory_ceiling",
           "data_size", "apply_memory_ceiling", "run_supervised"]

DEFAULT_MAX_MEMORY = 2 * 1024 ** 3
#: exit code of a command whose process was killed by a signal (out of memory, crash)
CRASH_EXIT_CODE = 70
_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}


def parse_size(text: str) -> int:
    """``"2G"``, ``"512M"``, ``"1.5g"``, ``"1073741824"`` → bytes; ``"0"`` means no ceiling."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not m:
        raise ValueError(f"not a size (like 2G or 512M): {text!r}")
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def format_size(size: int) -> str:
    return f"{size / 1024 ** 3:.1f} GiB" if size >= 1024 ** 3 else f"{size / 1024 ** 2:.0f} MiB"


def memory_ceiling(explicit: str | None = None, default: int = DEFAULT_MAX_MEMORY) -> int:
    """The ceiling in bytes (0: none): ``explicit``, else ``$KGRAPH_MAX_MEMORY``, else ``default``
    (the command's own, 2 GiB for most)."""
    text = explicit if explicit is not None else os.environ.get("KGRAPH_MAX_MEMORY")
    return default if text in (None, "") else parse_size(text)


def data_size() -> int:
    """This process's data segment in bytes (what RLIMIT_DATA counts); 0 where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):  # not Linux
        pass
    return 0


def apply_memory_ceiling(limit: int) -> None:
    """Cap this process's data segment (heap and private mappings) at ``limit`` bytes.

    Only lowers the current limit; ``0`` changes nothing. Children inherit the ceiling.
    """
    if limit <= 0:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover (not on a POSIX system)
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        return
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _die_with_parent() -> None:
    """Ask the kernel to kill this child if the supervisor dies (kill -9 of ``kgraph``)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover (not Linux)
        pass


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def run_supervised(command: Callable[[], int], limit: int) -> int:
    """Run ``command`` in a forked child under the memory ceiling ``limit``; its exit code.

    A child killed by a signal becomes one line on stderr and :data:`CRASH_EXIT_CODE`.
    Without ``fork`` (Windows), the command runs in this process.
    """
    if not hasattr(os, "fork"):  # pragma: no cover
        return command()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child; coverage cannot follow os._exit)
        code = 1
        try:
            _die_with_parent()
            if os.getppid() != parent:
                os._exit(1)
            apply_memory_ceiling(limit)
            code = command()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # what Python prints for an uncaught exception, then its exit code
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT,)}
    forward = {sig: signal.signal(sig, lambda s, _f: os.kill(pid, s)) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except InterruptedError:  # pragma: no cover
                continue
    finally:
        for sig, handler in {**previous, **forward}.items():
            signal.signal(sig, handler)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            return 128 + number
        ceiling = f"under the {format_size(limit)} ceiling; --max-memory raises it" if limit else "no ceiling"
        print(f"kgraph: error: the command was stopped by {signal_name(number)}: it ran out of memory "
              f"({ceiling}) or a parser crashed on this input; nothing already written was changed",
              file=sys.stderr)
        return CRASH_EXIT_CODE
    return os.WEXITSTATUS(status)
