"""Printed reports: format profiles, fonts, the layout of an official document, the builders."""
