"""lstm-quiz: quizzes and code checking for recurrent-network exams."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lstm-quiz")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
