"""Command modules: one per command family, plain Python that prints (``tutor.cli`` calls them)."""
