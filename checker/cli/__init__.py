"""The command line: thin click commands that parse options, call one core function and render.

Heavy modules (numpy, rich, the banks) are imported inside the commands that need them, so that
`lstm-quiz --help` starts fast.
"""

from __future__ import annotations

import os
import sys

# This process's numpy work is small (a class's expected values, comparisons of small arrays): a BLAS
# thread pool would only spin beside the sandboxes, on the cores they need. Before numpy is imported.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

if sys.argv[1:2] == ["check"] and not {"-h", "--help"} & set(sys.argv):
    # `lstm-quiz check FILE`: start the sandbox runner before anything else loads (see prestart)
    from checker.sandbox import prestart

    prestart.start()
elif sys.argv[1:2] == ["grade"]:
    # `lstm-quiz grade ...`: its workers boot while the rest loads (see checker.batch.early)
    from checker.batch import early

    early.take_secret()  # no worker, nor multiprocessing's own helper, inherits it
    early.start(sys.argv[2:])

import click  # noqa: E402

from checker.cli.autograder import gradescope_autograder  # noqa: E402
from checker.cli.bank import bank  # noqa: E402
from checker.cli.check import check, exercise  # noqa: E402
from checker.cli.grade import grade, merge  # noqa: E402
from checker.cli.localize import LocalizedGroup  # noqa: E402
from checker.cli.options import lang_option  # noqa: E402
from checker.cli.quiz import plan, review, start, stats  # noqa: E402


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lstm-quiz", prog_name="lstm-quiz")
@lang_option
def main(lang: str | None) -> None:
    """Study recurrent networks (RNN, LSTM, GRU) for exams, in English, Korean or Japanese.

    \b
    Quick start:
      lstm-quiz start               10 questions with feedback (--lang ko/ja: Korean/Japanese)
      lstm-quiz start --exam -n 20  a timed mock exam
      lstm-quiz review              what you missed, when it is due (spaced repetition)
      lstm-quiz stats               your progress per topic
      lstm-quiz plan --exam-date 2027-02-20   recall per topic on exam day, reviews until then
      lstm-quiz exercise get 2      copy the LSTM-step exercise here
      lstm-quiz check exercise2.py  check your code against hidden tests
      lstm-quiz grade submissions/  grade a whole class (instructors)
      lstm-quiz bank list           the topics and how many questions each has
      lstm-quiz bank lint FILE      check a question bank you wrote
    """


main.add_command(start)
main.add_command(review)
main.add_command(stats)
main.add_command(plan)
main.add_command(check)
main.add_command(exercise)
main.add_command(grade)
main.add_command(merge)
main.add_command(bank)
main.add_command(gradescope_autograder)
