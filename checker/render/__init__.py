"""Renderers: pure functions from result dataclasses to terminal output, JSON, CSV."""
