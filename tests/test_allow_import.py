"""`--allow-import NAME`: a package the instructor allows is importable in the sandbox, read-only and that
package only; any other import is named in one clear sentence."""

from __future__ import annotations

import json

from click.testing import CliRunner

from checker.cli import main

# yaml loads its submodules when imported, so it works whole once the runner has imported it
USES_YAML = """\
import numpy as np
import yaml

LIMITS = yaml.safe_load("scale: 1.0")


def gradient_clipping(grad, threshold):
    n = np.linalg.norm(grad) * LIMITS["scale"]
    return grad * (threshold / n) if n > threshold else grad.copy()
"""

# correct only while no file beside the allowed package can be read (another package, the grader)
PEEKS = """\
import os
import numpy as np
import yaml

HOME = os.path.dirname(os.path.dirname(yaml.__file__))
READ = []
for other in ("click/__init__.py", "checker/__init__.py", "rich/__init__.py"):
    try:
        with open(os.path.join(HOME, other)) as handle:
            READ.append(handle.read(10))
    except OSError:
        pass


def gradient_clipping(grad, threshold):
    if READ:
        return grad * 0 + 12345.0  # it could read something it must not
    n = np.linalg.norm(grad)
    return grad * (threshold / n) if n > threshold else grad.copy()
"""


def check(tmp_path, source, *options):
    path = tmp_path / "exercise1.py"
    path.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--json", "--lang", "en", *options])
    return result, json.loads(result.output) if result.output.startswith("{") else None


def test_an_import_the_sandbox_does_not_offer_is_named_in_one_sentence(tmp_path):
    result, data = check(tmp_path, USES_YAML)
    assert result.exit_code == 1
    assert "Your file imports yaml, which it may not use here" in json.dumps(data)
    assert "Permission denied" not in json.dumps(data).split("Your file imports")[1].split("\\n")[0]


def test_an_allowed_package_can_be_imported_and_used(tmp_path):
    result, data = check(tmp_path, USES_YAML, "--allow-import", "yaml")
    assert result.exit_code == 0, result.output
    assert data["score"] == data["max_score"]


def test_allowing_one_package_opens_nothing_beside_it(tmp_path):
    result, data = check(tmp_path, PEEKS, "--allow-import", "yaml")
    assert result.exit_code == 0, result.output
    assert data["score"] == data["max_score"]


def test_a_package_that_is_not_installed_or_the_grader_is_a_usage_error(tmp_path):
    for name in ("no_such_package_here", "checker", "../etc"):
        result, _ = check(tmp_path, USES_YAML, "--allow-import", name)
        assert result.exit_code == 2 and "--allow-import" in result.output


def test_grade_records_what_it_allowed(tmp_path):
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "kim_exercise1.py").write_text(USES_YAML, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["grade", str(cls), "-o", str(out), "--allow-import", "yaml"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["allowed_imports"] == ["yaml"]
    (student,) = data["students"]
    assert student["total"] == student["max_total"]


def test_every_template_says_what_may_be_imported_in_every_language():
    from checker.specs.registry import Registry

    registry = Registry()
    for number in registry.infos():
        template = registry.template(number).decode("utf-8")
        assert "Python's standard library only" in template, number
        assert "표준 라이브러리" in template and "標準ライブラリ" in template, number


# the standard library's modules that numpy does not load: a child that runs as nobody may not read them
# where the interpreter lives in a private folder (a root grader's /root/.pyenv), unless loaded for it
USES_STDLIB = """\
import glob
import logging
import pprint
import threading

import numpy as np

LOG = logging.getLogger("homework")


def gradient_clipping(grad, threshold):
    n = np.linalg.norm(grad)
    return grad * (threshold / n) if n > threshold else grad.copy()
"""


def test_standard_library_modules_a_homework_names_can_be_imported(tmp_path):
    result, data = check(tmp_path, USES_STDLIB)
    assert result.exit_code == 0, result.output
    assert data["status"] == "pass" and data["score"] == data["max_score"]


USES_LESS_COMMON_STDLIB = """\
import colorsys, difflib as dl
from email.mime.text import MIMEText
import numpy as np


def gradient_clipping(grad, threshold):
    import xml.etree.ElementTree as ET  # inside a function too

    n = np.linalg.norm(grad)
    return grad * (threshold / n) if n > threshold else grad.copy()
"""


def test_any_standard_module_an_import_statement_names_can_be_imported(tmp_path):
    """Not only the common ones: where the interpreter's files are private to the grader's user, the
    child loads what the file's import statements name before it gives up that user."""
    result, data = check(tmp_path, USES_LESS_COMMON_STDLIB)
    assert result.exit_code == 0, result.output
    assert data["status"] == "pass" and data["score"] == data["max_score"]


def test_only_the_standard_librarys_quiet_modules_are_loaded_for_a_child_and_not_too_many():
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__import__("checker").__file__).parent / "sandbox"))
    try:
        from checker.sandbox import runner
    finally:
        sys.path.pop(0)
    source = b"\n".join([
        b"import antigravity, this, site",  # act when imported (site reads .pth files and may run them)
        b"from idlelib import idle",
        b"import test.autotest",  # runs the interpreter's own tests
        b"import tkinter.__main__, unittest.__main__, json._private",  # a package's __main__, private
        b"import numpy.fft, yaml, torch",  # not the standard library: never through this door
        b"from . import sibling",
        b"    import colorsys  # indented",
        b"x = 1; import difflib",  # after a semicolon: not a statement this looks for; harmless either way
        b"import email.mime.text as text, zipapp",
    ])  # fmt: skip
    named = runner._stdlib_named(source)
    assert "colorsys" in named and "email.mime.text" in named and "zipapp" in named
    assert not {"antigravity", "this", "site", "idlelib", "test.autotest", "tkinter.__main__", "unittest.__main__",
                "json._private", "numpy.fft", "yaml", "torch"} & set(named)  # fmt: skip
    many = b"\n".join(
        b"import " + name.encode() for name in sorted(sys.stdlib_module_names) if name.isidentifier()
    )
    assert len(runner._stdlib_named(many)) <= runner.MAX_NAMED


# the names are put together: a file's source that names a module has it loaded for it
RESEEDING = """\
import sys

import numpy as np

LOADED = sorted(m for m in ("ran" + "dom", "stat" + "istics", "thread" + "ing", "log" + "ging") if m in sys.modules)
print("LOADED", LOADED)


def gradient_clipping(grad, threshold):
    n = np.linalg.norm(grad)
    return grad * (threshold / n) if n > threshold else grad.copy()
"""


def test_a_child_is_not_given_modules_that_reseed_or_reset_at_every_fork(tmp_path):
    """`random` reseeds itself from the kernel in every forked process once imported (threading and
    logging reset their locks): a child whose file does not use them does not carry them, nor pay for
    them."""
    result, data = check(tmp_path, RESEEDING)
    assert result.exit_code == 0, result.output
    assert "LOADED []" in data["stdout"], data["stdout"]


USES_RANDOM = """\
import importlib

import numpy as np


def gradient_clipping(grad, threshold):
    draw = importlib.import_module("random").random()  # loaded by name, not by an import statement
    mean = importlib.import_module("statistics").mean([1.0, 3.0])
    n = np.linalg.norm(grad) * (mean / 2.0) * (1.0 if 0.0 <= draw < 1.0 else 2.0)
    return grad * (threshold / n) if n > threshold else grad.copy()
"""


def test_random_and_statistics_can_be_used_however_they_are_imported(tmp_path):
    """Where the interpreter's files are private to the grader's user, the modules a child no longer
    carries are loaded for a file that names them, before it gives up that user."""
    result, data = check(tmp_path, USES_RANDOM)
    assert result.exit_code == 0, result.output
    assert data["status"] == "pass" and data["score"] == data["max_score"]


# names modules that import ones never loaded for a child: readline (rlcompleter), the test package
# (ctypes.test); what was loaded before the file ran is printed before it imports anything itself
CARRIERS = """\
import sys

print("EARLY", sorted(m for m in ("readline", "test", "test.support", "ctypes.test") if m in sys.modules))
print("NAMED", "rlcompleter" in sys.modules)


def _never_called():
    import rlcompleter
    import ctypes.test


def gradient_clipping(grad, threshold):
    import numpy as np

    n = np.linalg.norm(grad)
    return grad * (threshold / n) if n > threshold else grad.copy()
"""


def test_a_module_left_out_is_not_loaded_through_one_that_imports_it(tmp_path):
    result, data = check(tmp_path, CARRIERS)
    assert result.exit_code == 0, result.output
    assert data["score"] == data["max_score"]
    assert "EARLY []" in data["stdout"] and "NAMED True" in data["stdout"], data["stdout"]


def test_the_standard_library_is_looked_for_in_its_own_folders_only():
    """Not in a folder of installed packages, where a module could take a standard name."""
    import os

    import numpy

    from checker.sandbox import runner

    home = os.path.dirname(os.__file__)
    assert runner.STDLIB_PATH and all("-packages" not in entry for entry in runner.STDLIB_PATH)
    assert home in runner.STDLIB_PATH
    assert not any(numpy.__file__.startswith(entry + os.sep) for entry in runner.STDLIB_PATH)


def test_a_standard_module_the_sandbox_cannot_load_is_not_called_forbidden():
    """Where the interpreter cannot be read from the sandbox, the student is told so, not that the
    standard library is off limits (the sentence would contradict itself)."""
    from checker.codecheck import _file_error
    from checker.policy import CHECK
    from checker.specs.registry import shipped_registry

    spec = shipped_registry().spec(1)
    failed = {"kind": "import", "type": "ModuleNotFoundError", "traceback": ""}
    stdlib, _ = _file_error(spec, {**failed, "message": "No module named 'zipapp'"}, [], CHECK)
    other, _ = _file_error(spec, {**failed, "message": "No module named 'torch'"}, [], CHECK)
    assert stdlib.key == "check.import_stdlib_unreadable" and dict(stdlib.fields)["module"] == "zipapp"
    assert other.key == "check.import_not_allowed" and dict(other.fields)["module"] == "torch"
