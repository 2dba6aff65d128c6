"""Bundled glossaries (installed as ``mtaudit.glossaries``); the YAML files here are data."""
