"""The study session: planning, the ask-grade-record loop, history, FSRS review and stats."""
