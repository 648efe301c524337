"""Where the Stanza models for Indonesian are, what they are, and how to get them."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from kgraph.errors import KGraphError, ModelsNotFoundError

__all__ = ["LANG", "BASE_PROCESSORS", "resolve_models_dir", "models_dir_source", "ModelInfo", "model_info",
           "download_models"]

LANG = "id"
BASE_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
_HOW_TO_GET = ("get the official models with `kgraph models download` (needs internet), or point "
               "--stanza-dir / KGRAPH_STANZA_DIR at a folder holding resources.json and id/")


def models_dir_source(explicit: str | os.PathLike | None = None) -> tuple[Path, str]:
    """The models folder and what named it: ``--stanza-dir``, else ``$KGRAPH_STANZA_DIR``, else
    ``$STANZA_RESOURCES_DIR``, else Stanza's default folder."""
    if explicit:
        return Path(explicit).expanduser(), "--stanza-dir"
    for variable in ("KGRAPH_STANZA_DIR", "STANZA_RESOURCES_DIR"):
        if os.environ.get(variable):
            return Path(os.environ[variable]).expanduser(), f"${variable}"
    return Path.home() / "stanza_resources", ("Stanza's default folder; no --stanza-dir, $KGRAPH_STANZA_DIR or "
                                              "$STANZA_RESOURCES_DIR is set")


def resolve_models_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--stanza-dir``, else ``$KGRAPH_STANZA_DIR``, else Stanza's default folder."""
    return models_dir_source(explicit)[0]


@dataclass(frozen=True)
class ModelInfo:
    directory: Path
    packages: dict[str, str]  # processor → package name (e.g. depparse → gsd)
    files: dict[str, Path]  # processor → model file
    stanza_version: str

    @property
    def has_ner(self) -> bool:
        return "ner" in self.files

    def identity(self, processors: tuple[str, ...]) -> str:
        """A short fingerprint of the models used for ``processors``; keys the parse cache."""
        digest = hashlib.sha256(f"{self.stanza_version}|{','.join(processors)}".encode())
        used = [p for p in sorted(self.files) if p in processors or p.startswith("pretrain:")]
        for proc in used:
            path = self.files[proc]
            digest.update(f"{proc}:{path.name}:{path.stat().st_size}".encode())
            with open(path, "rb") as fh:
                digest.update(fh.read(1 << 20))
        return digest.hexdigest()[:16]


def model_info(directory: Path) -> ModelInfo:
    """Read ``resources.json`` and find the model file of each processor."""
    resources_file = directory / "resources.json"
    if not resources_file.is_file():
        raise ModelsNotFoundError(f"no Stanza models in {directory} (resources.json missing); {_HOW_TO_GET}")
    try:
        resources = json.loads(resources_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelsNotFoundError(f"{resources_file}: unreadable ({exc}); {_HOW_TO_GET}") from exc
    lang = resources.get(LANG)
    if not isinstance(lang, dict) or "default_processors" not in lang:
        raise ModelsNotFoundError(f"{resources_file}: no Indonesian ('id') models listed; {_HOW_TO_GET}")
    packages, files = {}, {}
    for proc, package in lang["default_processors"].items():
        package = package if isinstance(package, str) else next(iter(package), "")
        path = directory / LANG / proc / f"{package}.pt"
        if path.is_file():
            packages[proc], files[proc] = package, path
    for pretrain in sorted((directory / LANG / "pretrain").glob("*.pt")):
        files.setdefault(f"pretrain:{pretrain.stem}", pretrain)
    missing = [p for p in BASE_PROCESSORS if p not in files]
    if missing:
        raise ModelsNotFoundError(f"{directory}: Indonesian model files missing for {', '.join(missing)}; "
                                  f"{_HOW_TO_GET}")
    try:
        version = metadata.version("stanza")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return ModelInfo(directory, packages, files, version)


def download_models(directory: Path) -> ModelInfo:
    """Fetch Stanza's official Indonesian models (tokenize … depparse) into ``directory``.

    A failed download leaves nothing behind: what it created under ``directory`` (the folder
    itself, if it was new) is removed, and the error is one line saying why.
    """
    import stanza  # the only download path; needs internet

    existed = directory.is_dir()
    before = set(directory.iterdir()) if existed else set()
    try:
        stanza.download(LANG, model_dir=str(directory), processors=",".join(BASE_PROCESSORS))
    except Exception as exc:  # requests / stanza raise many types when offline
        for path in (set(directory.iterdir()) - before if existed else [directory]) if directory.exists() else []:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        raise KGraphError(f"cannot download the Stanza models into {directory}: {_download_failure(exc)}; "
                          "no partial download was kept") from None
    return model_info(directory)


def _download_failure(exc: Exception) -> str:
    """Why a download failed, in a few words (not the connection pool's repr)."""
    from urllib.parse import urlsplit

    import requests

    request = getattr(exc, "request", None)
    host = urlsplit(request.url).hostname if request is not None and request.url else "the model server"
    if isinstance(exc, requests.Timeout):
        return f"{host} did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        cause, names = exc, []
        while cause is not None:
            names.append(type(cause).__name__)
            cause = cause.__cause__ or cause.__context__
        if "NameResolutionError" in names or "gaierror" in names:
            return f"cannot resolve {host} (is this machine offline?)"
        return f"cannot connect to {host} (is this machine offline, or behind a proxy?)"
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"{host} answered HTTP {exc.response.status_code}"
    first = (str(exc).splitlines() or [""])[0][:160]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
