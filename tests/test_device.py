"""--device: Stanza on the CPU or a GPU that torch sees. Only the CPU path runs here (no GPU)."""
from __future__ import annotations

import pytest
import torch

from conftest import SHARED, SEED, run_cli
from kgraph.errors import KGraphError
from kgraph.model import Document
from kgraph.nlp.parse import ParseOptions, Parser
from kgraph.nlp.stanza_pipeline import use_gpu

needs_models = pytest.mark.skipif(not (SHARED / "models" / "stanza").is_dir(),
                                  reason="needs the shared Stanza models in ../shared/models/stanza")


def test_use_gpu_follows_the_device_and_what_torch_sees():
    assert use_gpu("cpu") is False
    assert use_gpu("auto") is torch.cuda.is_available()
    with pytest.raises(KGraphError, match="unknown device"):
        use_gpu("tpu")
    if torch.cuda.is_available():
        assert use_gpu("cuda") is True
    else:
        with pytest.raises(KGraphError, match="torch sees no GPU"):
            use_gpu("cuda")


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_build_device_cuda_without_a_gpu_is_one_line_before_any_work(tmp_path):
    result = run_cli("build", str(SEED), "-o", str(tmp_path / "g.nq"), "--device", "cuda")
    err = result.stderr.decode()
    assert result.returncode != 0 and err.count("\n") == 1 and "torch sees no GPU" in err
    assert not (tmp_path / "g.nq").exists()


@pytest.mark.slow
@needs_models
def test_device_auto_parses_like_cpu(tmp_path):
    doc = Document("d", "Presiden Joko Widodo bertemu Perdana Menteri Malaysia di Jakarta.")
    parsed = {device: Parser(ParseOptions(cache_dir=str(tmp_path / device), device=device)).parse_batch([doc])[0]
              for device in ("cpu", "auto")}
    words = {d: [(w.text, w.upos, w.head) for s in p.sentences for w in s.words] for d, p in parsed.items()}
    assert words["cpu"] == words["auto"] and len(words["cpu"]) >= 8
