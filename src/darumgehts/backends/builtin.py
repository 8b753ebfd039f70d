"""The built-in backends, registered through the same hook as any plugin."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import ConfigError
from ..models import Document, Draft
from ..select import SelectorModel, check_features, choose, load_model
from ..select.features import FEATURES
from ..select.model import latest
from ..style import load_style
from . import Backend, hookimpl


class ExtractiveBackend(Backend):
    """Offline default: a learned model scores every form of every sentence that
    fits the box, and the set is chosen under the box's budget with redundancy control."""

    id = "extractive"
    description = "offline extractive summarizer with a learned selector (default)"
    extractive = True

    def __init__(self, settings, **options) -> None:
        super().__init__(settings, **options)
        sel = settings.selection
        self.model = load_model(latest(sel.embeddings) if sel.model == "latest" else sel.model)
        check_features(self.model)
        if sel.embeddings != self.model.uses_embeddings:
            raise ConfigError(f"Selector model {self.model.version} was trained {'with' if self.model.uses_embeddings else 'without'} "
                              f"embeddings; set selection.embeddings to {str(self.model.uses_embeddings).lower()} or pick another model.")
        self.style = load_style(settings.style, settings.styles_dir)

    @property
    def version(self) -> str:
        return f"selector-{self.model.version}"

    def draft(self, doc: Document, count: int) -> Iterable[Draft]:
        return choose(doc, self.style, self.model, count, self.model.uses_embeddings)


class LeadBackend(Backend):
    """The first sentences of the article that fit the box, under the same box rules
    as the extractive backend (compression, redundancy, lead and budget): the lead-k baseline."""

    id = "lead"
    description = "the article's first sentences that fit the box (baseline)"
    extractive = True
    model = SelectorModel("position", "linear", FEATURES, weights={"position": -1.0, "variant": -0.01}, selection={"redundancy": 0.0})

    def __init__(self, settings, **options) -> None:
        super().__init__(settings, **options)
        self.style = load_style(settings.style, settings.styles_dir)

    def draft(self, doc: Document, count: int) -> Iterable[Draft]:
        return choose(doc, self.style, self.model, count)


@hookimpl
def register_backends(register):
    register(ExtractiveBackend)
    register(LeadBackend)
