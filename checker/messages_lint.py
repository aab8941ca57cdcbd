"""Messages of `bank lint`, in Korean and English (merged into `checker.i18n.MESSAGES`)."""

LINT_MESSAGES: dict[str, dict[str, str]] = {}
