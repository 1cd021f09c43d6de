"""Developer tools that ship with the source: the translation catalog workflow."""
