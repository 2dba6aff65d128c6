"""The package version, at the bottom of the house: every report and signature carries it."""

__version__ = "0.1.0"
