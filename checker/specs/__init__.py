"""The exercises `lstm-quiz check` grades: the model of one (base) and where they are found (registry).
A new exercise is one folder; see checker/specs/registry.py."""
