"""triangulate: what many news reports of the same events agree on, and where they differ."""

from triangulate.api import Report, Written, analyze, analyze_to
from triangulate.model import Article, Corpus

__version__ = "0.1.0"
__all__ = ["Article", "Corpus", "Report", "Written", "__version__", "analyze", "analyze_to"]
