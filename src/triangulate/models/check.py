"""`python -m triangulate.models.check`: prove every model loads offline (run by the set-up)."""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from triangulate.models.embedder import default_embedder
    from triangulate.models.language import load_spacy

    nlp = load_spacy()
    doc = nlp("Models load offline.")
    vec = default_embedder().embed(["Models load offline."])
    print(f"models ok: spaCy {nlp.meta.get('name')} ({len(doc)} tokens), "
          f"MiniLM ({vec.shape[1]} dims)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
