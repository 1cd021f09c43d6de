"""Sổ Dân vận: registers, official reports and upward sync for mass-mobilisation work."""

__version__ = "0.1.0"
APP_NAME = "SoDanVan"
APP_DISPLAY_NAME = "Sổ Dân vận"
PACKAGE_SUFFIX = ".danvan"  # a sync package file (issue #4); the installers open it with the program
PACKAGE_MIME_TYPE = "application/x-sodanvan-package"
