"""The sentences of similarity, in every language (merged into checker.i18n.MESSAGES)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
