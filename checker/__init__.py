"""lstm-quiz: quizzes and code checking for recurrent-network exams."""


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata only when asked for: importlib.metadata is slow.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("lstm-quiz")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0.0.0+source"
    raise AttributeError(name)
