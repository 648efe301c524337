"""``kgraph`` as the program runs it (supervised), watched by an audit hook for the campaign.

Every file opened under ``$KGRAPH_AUDIT_ROOT`` and every socket connection attempted is written
to ``$KGRAPH_AUDIT_LOG``, through a descriptor opened before the hook (so logging is not itself
an audited open); at exit, so is the peak resident memory of this process and its children.
The hook is inherited by the forked command process.
"""
import os
import resource
import sys

_ROOT = os.environ["KGRAPH_AUDIT_ROOT"]
_LOG = os.open(os.environ["KGRAPH_AUDIT_LOG"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)


def _record(kind: str, value: str) -> None:
    os.write(_LOG, f"{kind} {value}\n".encode("utf-8", "replace"))


def _hook(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path == _ROOT or path.startswith(_ROOT + os.sep):
            _record("open", os.path.realpath(path) if os.path.islink(path) else path)
    elif event == "socket.connect" and len(args) > 1 and not isinstance(args[1], (str, bytes)):
        _record("connect", repr(args[1]))  # AF_UNIX addresses are str/bytes: local, allowed


sys.addaudithook(_hook)

from kgraph.cli import main  # noqa: E402  (after the hook, so kgraph's opens are seen)

code = 1
try:
    code = main()
finally:
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    _record("peak", str(peak * 1024))
sys.exit(code)
