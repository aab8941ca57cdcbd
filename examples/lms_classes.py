"""Two small classes as Canvas and Moodle hand them to an instructor, to try `lstm-quiz grade` on.

    python examples/lms_classes.py [FOLDER]      # default: the current folder

writes:

- `canvas-class.zip`: Canvas's *Download Submissions* (flat files named
  `<name>[_LATE]_<user id>_<submission id>_<file>`), `canvas-roster.csv`: its gradebook export;
- `moodle-class.zip`: Moodle's *Download all submissions* (a folder per participant,
  `<Full Name>_<participant id>_assignsubmission_file_`), `moodle-participants.csv`: its participants list.

Korean and Japanese names; notebooks from Colab and Jupyter; files saved in EUC-KR and Shift-JIS; honest
solutions, the usual mistakes, an endless loop, and a disguised copy in each class.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

CLIP = """import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
"""
CLIP_LOOPED = """import math

import numpy as np


def gradient_clipping(grad, threshold):
    '''Clip by the global L2 norm.'''
    total = 0.0
    for value in grad.ravel():
        total += float(value) ** 2
    length = math.sqrt(total)
    scale = 1.0
    if length > threshold:
        scale = threshold / length
    out = np.array(grad, copy=True)
    return out * scale
"""
# CLIP_LOOPED again, every name changed, comments and layout redone.
CLIP_COPIED = """import math
import numpy as np

# my own solution!!
def gradient_clipping(g, limit):
    # accumulate squares
    acc = 0.0
    for v in g.ravel(): acc += float(v) ** 2
    n = math.sqrt(acc)  # the norm
    s = 1.0
    if n > limit:
        s = limit / n
    result = np.array(g,
                      copy=True)
    return result * s
"""
CLIP_ELEMENTWISE = """# {comment}
import numpy as np


def gradient_clipping(grad, threshold):
    return np.clip(grad, -threshold, threshold)
"""
CLIP_EINSUM = """import numpy as np


def gradient_clipping(grad, threshold):
    size = np.sqrt(np.einsum("i,i->", grad.ravel(), grad.ravel()))
    factor = min(1.0, threshold / size) if size > 0 else 1.0
    return factor * grad
"""
CLIP_ENDLESS = """import numpy as np


def gradient_clipping(grad, threshold):
    while np.linalg.norm(grad) > threshold:
        grad = grad * 1.0
    return grad
"""
LSTM = """import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = np.split(z, 4, axis=1)
    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
    h = sigmoid(o) * np.tanh(c)
    return c, h
"""
LSTM_SLICED = """import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    pre = np.dot(x, W.T) + np.dot(prev_h, U.T) + b
    gates = {}
    for k, name in enumerate(("a", "i", "f", "o")):
        gates[name] = pre[:, k * H:(k + 1) * H]
    logistic = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
    new_c = logistic(gates["i"]) * np.tanh(gates["a"]) + logistic(gates["f"]) * prev_c
    new_h = logistic(gates["o"]) * np.tanh(new_c)
    return new_c, new_h
"""
# PyTorch's order (i, f, g, o) where the exercise's is (a, i, f, o).
LSTM_TORCH_ORDER = LSTM_SLICED.replace('("a", "i", "f", "o")', '("i", "f", "a", "o")')
LSTM_MAPPED_TORCH_ORDER = """import numpy as np

sig = lambda t: np.exp(-np.logaddexp(0.0, -t))


def lstm_step(x, prev_h, prev_c, W, U, b):
    # i, f, g, o as in torch.nn.LSTM
    i, f, g, o = np.split(np.matmul(x, W.T) + np.matmul(prev_h, U.T) + b, 4, axis=-1)
    i, f, o = map(sig, (i, f, o))
    cell = f * prev_c + i * np.tanh(g)
    return cell, o * np.tanh(cell)
"""


def notebook(*cells: tuple[str, str], colab: bool = False) -> bytes:
    """A Jupyter notebook (nbformat 4) of (kind, text) cells, as Jupyter or Colab saves it."""
    metadata = {"colab": {"provenance": []}, "kernelspec": {"name": "python3", "display_name": "Python 3"}}
    made = [
        {"cell_type": kind, "metadata": {}, "source": text.splitlines(True)}
        | ({"outputs": [], "execution_count": n} if kind == "code" else {})
        for n, (kind, text) in enumerate(cells, start=1)
    ]
    document = {"cells": made, "metadata": metadata if colab else {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def canvas() -> tuple[dict[str, bytes], str]:
    files = {
        "kimminsu_12345_67890_exercise1.py": CLIP.encode(),
        "kimminsu_12345_67891_exercise2.ipynb": notebook(
            ("markdown", "## LSTM 한 스텝\n"),
            ("code", "%matplotlib inline\n!pip install -q numpy\n"),
            ("code", LSTM),
            ("code", "lstm_step  # 확인\n"),
            colab=True,
        ),
        "leejiwoo_LATE_12346_67892_exercise1.py": CLIP_ELEMENTWISE.format(comment="원소별로 자르기").encode(
            "cp949"
        ),
        "홍길동_12347_67893_exercise1.ipynb": notebook(("markdown", "# 과제 1\n"), ("code", CLIP_LOOPED)),
        "홍길동_12347_67894_exercise2.py": LSTM_MAPPED_TORCH_ORDER.encode(),
        "parkseoyeon_12350_67895_exercise1.py": CLIP_COPIED.encode(),
        "parkseoyeon_12350_67896_exercise2.py": LSTM_SLICED.encode(),
        "choiyuna_12351_67897_exercise1.py": CLIP_ENDLESS.encode(),
        "walkin_exercise1.py": CLIP_EINSUM.encode(),
    }
    roster = (
        "Student,ID,SIS User ID,SIS Login ID,Section\n"
        "    Points Possible,,,,\n"
        '"Kim, Minsu",12345,S001,minsu,LSTM 101\n'
        '"Lee, Jiwoo",12346,S002,jiwoo,LSTM 101\n'
        "홍길동,12347,S003,gildong,LSTM 101\n"
        '"Jung, Haeun",12349,S004,haeun,LSTM 102\n'
        '"Park, Seoyeon",12350,S005,seoyeon,LSTM 102\n'
        '"Choi, Yuna",12351,S006,yuna,LSTM 102\n'
    )
    return files, roster


def moodle() -> tuple[dict[str, bytes], str]:
    def folder(name: str, number: int) -> str:
        return f"{name}_{number}_assignsubmission_file_"

    files = {
        f"{folder('김민수', 1001)}/exercise1.ipynb": notebook(
            ("code", "import numpy as np\n"), ("code", CLIP.replace("import numpy as np\n\n\n", ""))
        ),
        f"{folder('김민수', 1001)}/exercise2.py": LSTM.encode(),
        f"{folder('山田 太郎', 1002)}/exercise1.py": CLIP_ELEMENTWISE.format(comment="要素ごとに切る").encode(
            "cp932"
        ),
        f"{folder('山田 太郎', 1002)}/exercise2.ipynb": notebook(("code", LSTM_TORCH_ORDER)),
        f"{folder('이서연', 1003)}/exercise1.py": CLIP_LOOPED.encode(),
        f"{folder('Nora Quinn', 1004)}/exercise1.py": CLIP_ELEMENTWISE.format(comment="first try").encode(),
        f"{folder('Nora Quinn', 1004)}/exercise1-1.py": CLIP_COPIED.encode(),  # a second attempt
        f"{folder('佐藤 花子', 1005)}/exercise1.py": CLIP_EINSUM.encode(),
    }
    participants = (
        "First name,Last name,ID number,Institution,Department,Email address\n"
        "민수,김,2024001,,,minsu@example.edu\n"
        "太郎,山田,2024002,,,taro@example.edu\n"
        "서연,이,2024003,,,seoyeon@example.edu\n"
        "Nora,Quinn,2024004,,,nora@example.edu\n"
        "花子,佐藤,2024005,,,hanako@example.edu\n"
        "Yuki,Mori,2024006,,,yuki@example.edu\n"
    )
    return files, participants


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, (files, roster), roster_name in (
        ("canvas-class.zip", canvas(), "canvas-roster.csv"),
        ("moodle-class.zip", moodle(), "moodle-participants.csv"),
    ):
        (folder / name).write_bytes(zip_of(files))
        (folder / roster_name).write_text(roster, encoding="utf-8")
        made += [folder / name, folder / roster_name]
    return made


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
