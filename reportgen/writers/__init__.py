"""Writers: each renders a :class:`~reportgen.tree.Report` to one file format."""
