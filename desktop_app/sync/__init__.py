"""Sync: the package format, signing, merging packages from units below, transports and outbox.

See docs/package-format.md for the file format and the merge rule.
"""
