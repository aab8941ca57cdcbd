"""The command line: thin click commands that parse options, call one core function and render.

Heavy modules (numpy, rich, the banks) are imported inside the commands that need them, so that
`lstm-quiz --help` starts fast.
"""

from __future__ import annotations

import click

from checker import __version__
from checker.cli.bank import bank


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="lstm-quiz")
def main() -> None:
    """Study recurrent networks (RNN, LSTM, GRU) for exams, in Korean or English.

    \b
    Quick start:
      lstm-quiz bank list           the topics and how many questions each has
      lstm-quiz bank lint FILE      check a question bank you wrote
    """


main.add_command(bank)
