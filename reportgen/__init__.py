"""reportgen: an evaluation document becomes the finished Kommunkompassen report.

The pipeline reads like pandoc's: a reader turns the evaluation document into a
validated :class:`~reportgen.evaluation.Evaluation`; :func:`~reportgen.report.build_report`
turns it into a writer-neutral document tree; writers render that tree.
"""

__version__ = "0.1.0"  # the one place of the version: pyproject.toml reads it from here (importlib.metadata is slow to import)

__all__ = ["__version__"]
