"""The instructor's batch: discovery of a class's files, parallel grading, the journal, reports."""
