"""The wiring: which stages make the pipeline, in which order. The one place that knows.

Stages are named here and imported lazily, so a configuration (or a worker process)
builds them from names, and importing the CLI does not load any model.
"""

from __future__ import annotations

import importlib
from typing import Any

from triangulate.errors import Err, TriangulateError

ARTICLE_STAGES: dict[str, str] = {
    "sentences": "triangulate.extract.sentences:SentenceStage",
    "mentions": "triangulate.extract.entities:MentionStage",
    "quantities": "triangulate.extract.quantities:QuantityStage",
    "dates": "triangulate.extract.dates:DateStage",
    "quotes": "triangulate.extract.quotes:QuoteStage",
    "claims": "triangulate.extract.claims:ClaimStage",
    "lead": "triangulate.extract.lead:LeadStage",
    "syntax": "triangulate.extract.syntax:SyntaxStage",
}

CORPUS_STAGES: dict[str, str] = {
    "entities": "triangulate.compare.entities:EntityStage",
    "stories": "triangulate.compare.stories:StoryStage",
    "families": "triangulate.compare.families:FamilyStage",
    "alignment": "triangulate.compare.align:AlignmentStage",
    "findings": "triangulate.compare.findings:FindingStage",
}

DEFAULT_ARTICLE_STAGES: tuple[str, ...] = tuple(ARTICLE_STAGES)

# Raise when what any article stage writes changes: stored articles annotated by an
# older version are then annotated again instead of being trusted.
ANNOTATION_VERSION = 5
ANNOTATION_MARK = f"version:{ANNOTATION_VERSION}"
DEFAULT_CORPUS_STAGES: tuple[str, ...] = tuple(CORPUS_STAGES)


def build_stage(name: str, **settings: Any) -> Any:
    """Instantiate a registered stage by name."""
    target = ARTICLE_STAGES.get(name) or CORPUS_STAGES.get(name)
    if target is None:
        known = ", ".join([*ARTICLE_STAGES, *CORPUS_STAGES])
        raise TriangulateError(Err.UNKNOWN_STAGE, name=name, known=known)
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(**settings)
