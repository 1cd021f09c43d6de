"""PySide6: the main window, forms and lists generated from the register declarations."""
