"""Build a synthetic class of submissions: mostly correct or buggy, a few hostile.

    python bench/make_class.py OUT_DIR [--students 1000] [--layout folders|flat|canvas]

Each student hands in exercise1.py and exercise2.py. Proportions per file: 55% correct (in several
styles), 43% with a catalogued mistake, 2% hostile (endless loops, sleeps, memory bombs, crashes, forks,
exits, syntax errors). Every file ends with a comment naming its student, so no two are identical
(identical files would be graded once and the result reused).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CORRECT_1 = [
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    norm = np.linalg.norm(grad)\n    if norm > threshold:\n        return grad * (threshold / norm)\n    return grad.copy()\n",
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    norm = np.sqrt(np.sum(grad ** 2))\n    rate = threshold / norm if norm else 1.0\n    return grad * rate if rate < 1 else grad\n",
]
BUGGY_1 = [
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -threshold, threshold)\n",
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    norm = np.linalg.norm(grad)\n    if norm > threshold:\n        grad *= threshold / norm\n    return grad\n",
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    norm = np.sum(grad ** 2)\n    return grad * (threshold / norm) if norm > threshold else grad\n",
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    norm = np.linalg.norm(grad)\n    return grad * (norm / threshold) if norm > threshold else grad\n",
]
CORRECT_2 = [
    "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n    z = x @ W.T + prev_h @ U.T + b\n    a, i, f, o = np.split(z, 4, axis=1)\n    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c\n    return c, sigmoid(o) * np.tanh(c)\n",
    "import numpy as np\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n    H = prev_h.shape[1]\n    z = x.dot(W.T) + prev_h.dot(U.T) + b\n    s = lambda v: 0.5 * (1 + np.tanh(0.5 * v))\n    a, i, f, o = np.tanh(z[:, :H]), s(z[:, H:2*H]), s(z[:, 2*H:3*H]), s(z[:, 3*H:])\n    c = i * a + f * prev_c\n    h = o * np.tanh(c)\n    return c, h\n",
]
BUGGY_2 = [
    "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n    z = x @ W.T + prev_h @ U.T + b\n    i, f, a, o = np.split(z, 4, axis=1)\n    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c\n    return c, sigmoid(o) * np.tanh(c)\n",
    "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n    z = x @ W.T + prev_h @ U.T + b\n    a, i, f, o = np.split(z, 4, axis=1)\n    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c\n    return sigmoid(o) * np.tanh(c), c\n",
    "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n    z = x @ W.T + prev_h @ U.T\n    a, i, f, o = np.split(z, 4, axis=1)\n    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c\n    return c, sigmoid(o) * np.tanh(c)\n",
    "import numpy as np\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\ndef lstm_step(x, prev_h, prev_c, W, U, b):\n    z = x @ W.T + prev_h @ U.T + b\n    a, i, f, o = np.split(z, 4, axis=1)\n    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c\n    return c, sigmoid(o) * c\n",
]
HOSTILE = [
    "def {f}(*args):\n    while True:\n        pass\n",
    "import numpy as np\ndef {f}(*args):\n    return np.ones(10 ** 11)\n",
    "import os\nos._exit(1)\n",
    "import os\ndef {f}(*args):\n    os.fork()\n    return args[0]\n",
    "import sys\nsys.exit(0)\n",
    "def {f}(*args):\n    return [0.0]\n",
    "import time\ndef {f}(*args):\n    time.sleep(100)\n",
    "syntax error here (\n",
]


def source(rng: random.Random, exercise: int) -> str:
    function = "gradient_clipping" if exercise == 1 else "lstm_step"
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(CORRECT_1 if exercise == 1 else CORRECT_2)
    if roll < 0.98:
        return rng.choice(BUGGY_1 if exercise == 1 else BUGGY_2)
    return rng.choice(HOSTILE).replace("{f}", function)


def build(out: Path, students: int, layout: str = "folders", seed: int = 7) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for k in range(students):
        name = f"student{k:05d}"
        for exercise in (1, 2):
            text = source(rng, exercise)
            if layout == "folders":
                path = out / name / f"exercise{exercise}.py"
            elif layout == "canvas":
                path = out / f"{name}_{10000 + k}_{50000 + 2 * k + exercise}_exercise{exercise}.py"
            else:
                path = out / f"{name}_exercise{exercise}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{text}\n# {name}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--layout", choices=["folders", "flat", "canvas"], default="folders")
    args = parser.parse_args()
    build(args.out, args.students, args.layout)


if __name__ == "__main__":
    main()
