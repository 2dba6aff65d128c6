"""The reference model on a distributed engine (``--engine ray``): model actors, one per GPU.

The driver keeps what decides the outcome — the cache lookup, splitting and batch planning,
joining — so the report is the one the local run gives; actors (one GPU each when the cluster has
GPUs, else one CPU actor unless ``workers`` says otherwise) load the model once and translate the
planned batches, each batch whole in one model call.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mtaudit.engine import Engine
from mtaudit.errors import ModelUnavailableError
from mtaudit.mt import LocalTranslator, MTRun, Translator, load_backend, plan_translation, progress
from mtaudit.mt.ct2 import Ct2Backend
from mtaudit.mt.model import ModelRef, TransformersBackend, load_tokenizer, locate_model
from mtaudit.options import MTOptions


def translator_for(engine: Engine, allow_download: bool = False) -> Translator | None:
    """Where the model runs: in model actors on a distributed engine, else (None) in this process."""
    return ActorTranslator(engine, allow_download) if engine.distributed else None


@dataclass
class ActorTranslator:
    """The MT stage's model in an engine's actors (a :class:`mtaudit.mt.Translator`)."""

    engine: Engine
    allow_download: bool = False

    def compute_settings(self, options: MTOptions) -> dict[str, str]:
        """Resolved where the model runs (a GPU node), since they key the cache and sign the report."""
        return self.engine.call(_compute_settings, options, gpus=1 if self.engine.gpus() else 0)

    def translate(self, ref: ModelRef, options: MTOptions, texts: list[str], run: MTRun) -> dict[str, str]:
        tokenizer = load_tokenizer(Path(options.tokenizer).expanduser() if options.tokenizer else ref.path)
        plan = plan_translation(
            texts, tokenizer, lambda batch: [len(ids) for ids in tokenizer(list(batch))["input_ids"]], options
        )
        gpus = self.engine.gpus()
        actors = min(self.engine.workers or gpus or 1, gpus or len(plan.batches), len(plan.batches))
        batches = [[plan.pieces[i] for i in batch] for batch in plan.batches]
        outputs = [""] * len(plan.pieces)
        with progress(len(plan.pieces), options.progress) as bar:
            results = self.engine.actor_map(
                ModelWorker, (ref, options, self.allow_download), batches, actors, gpus=1 if gpus else 0
            )
            for batch, translated in zip(plan.batches, results, strict=True):
                for index, text in zip(batch, translated, strict=True):
                    outputs[index] = text
                bar.update(len(translated))
        plan.record(texts, run)
        return plan.join(texts, outputs)


def _compute_settings(options: MTOptions) -> dict[str, str]:
    return LocalTranslator().compute_settings(options)


class ModelWorker:
    """An actor's model, loaded once (at its first batch) and kept for every batch after."""

    def __init__(self, ref: ModelRef, options: MTOptions, allow_download: bool) -> None:
        self.ref, self.options, self.allow_download = ref, options, allow_download

    @cached_property
    def backend(self) -> TransformersBackend | Ct2Backend:
        return load_backend(_model_on_this_node(self.ref, self.options, self.allow_download), self.options)

    def __call__(self, pieces: list[str]) -> list[str]:
        return self.backend.translate(list(pieces))


def _model_on_this_node(ref: ModelRef, options: MTOptions, allow_download: bool) -> ModelRef:
    """The driver's model directory when this node sees it (one machine, shared storage), else the
    same model located on this node; refused when its content differs from the driver's."""
    if ref.path.is_dir():
        return ref
    here = locate_model(options, allow_download=allow_download)
    if here.identity != ref.identity:
        raise ModelUnavailableError(
            f"the model on this Ray node ({here.identity}) differs from the driver's ({ref.identity})"
        )
    return here
