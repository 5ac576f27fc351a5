"""reportgen: an evaluation document becomes the finished Kommunkompassen report.

The pipeline reads like pandoc's: a reader turns the evaluation document into a
validated :class:`~reportgen.evaluation.Evaluation`; :func:`~reportgen.report.build_report`
turns it into a writer-neutral document tree; writers render that tree.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reportgen")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
