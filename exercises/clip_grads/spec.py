"""Exercise 7: clip_grads(grads, max_norm) — "Deep Learning from Scratch 2"'s gradient clipping.

grads is a LIST of arrays (every parameter's gradient); the norm is one global L2 norm over all of
them, and when it is too large every array is scaled IN PLACE by rate = max_norm / (norm + 1e-6); the
function returns nothing. The sandbox hands the function writable copies of the arrays (IN_PLACE) in a
list (LIST_ARGS) and grades the copies after the call; what it returns is not graded. The reference
and the catalogue's variants are written functionally: they return the arrays as they should end up.
"""

from __future__ import annotations

import numpy as np

from checker.specs.base import VISIBLE, Misconception, TestCase

EPSILON = 1e-6  # the book's: rate = max_norm / (total_norm + 1e-6); leaving it out is no mistake


def _total_norm(grads) -> float:
    return float(np.sqrt(sum(np.sum(np.square(np.asarray(g, dtype=np.float64))) for g in grads)))


def reference(grads, max_norm):
    grads = [np.array(g, copy=True) for g in grads]
    rate = float(max_norm) / (_total_norm(grads) + EPSILON)
    if rate < 1:
        for g in grads:
            g *= rate
    return tuple(grads)


# -- the catalogue of known mistakes (each: the arrays as the mistake leaves them) -------------------


def _per_array(grads, max_norm):
    grads = [np.array(g, copy=True) for g in grads]
    for g in grads:
        rate = float(max_norm) / (_total_norm([g]) + EPSILON)
        if rate < 1:
            g *= rate
    return tuple(grads)


def _unchanged(grads, max_norm):
    """New arrays returned, or the list's elements rebound: the caller's arrays stay as they were."""
    return tuple(np.array(g, copy=True) for g in grads)


def _scaled_when(condition, rate_of):
    def clip(grads, max_norm):
        grads = [np.array(g, copy=True) for g in grads]
        total = _total_norm(grads)
        with np.errstate(all="ignore"):
            rate = rate_of(float(max_norm), total)
            if condition(rate):
                for g in grads:
                    g *= rate
        return tuple(grads)

    return clip


def _t(en: str, ko: str, ja: str) -> dict:
    return {"en": en, "ko": ko, "ja": ja}


MISCONCEPTIONS = (
    Misconception(
        "clip-grads-per-array-norm",
        _t(
            "Each array clipped by its own norm instead of one global norm",
            "전체 노름 하나가 아니라 배열마다 자기 노름으로 클리핑함",
            "全体のノルム 1 つではなく配列ごとに自分のノルムでクリッピングした",
        ),
        _t(
            "The norm is taken over ALL gradients together: total_norm = sqrt(sum of np.sum(g ** 2) for g in "
            "grads), and every array is scaled by the same rate.",
            "노름은 모든 기울기를 합쳐 하나로 구합니다: total_norm = sqrt(grads의 각 g에 대한 np.sum(g ** 2)의 "
            "합). 그리고 모든 배열에 같은 rate를 곱합니다.",
            "ノルムはすべての勾配をまとめて 1 つ求めます: total_norm = sqrt(grads の各 g の np.sum(g ** 2) の"
            "和)。そしてすべての配列に同じ rate を掛けます。",
        ),
        variant=_per_array,
    ),
    Misconception(
        "clip-grads-returns-new-arrays",
        _t(
            "New arrays are returned; the gradients themselves are not changed",
            "새 배열을 반환하고 기울기 자체는 바꾸지 않음",
            "新しい配列を返し、勾配そのものは変えていない",
        ),
        _t(
            "clip_grads works in place and returns nothing: the caller (the optimizer) keeps using the same "
            "arrays. Scale each array itself: for g in grads: g *= rate.",
            "clip_grads는 제자리에서 동작하며 아무것도 반환하지 않습니다. 호출한 쪽(옵티마이저)은 같은 배열을 "
            "계속 씁니다. 배열 자체에 곱하세요: for g in grads: g *= rate.",
            "clip_grads はその場で書き換え、何も返しません。呼び出し側(オプティマイザ)は同じ配列を使い続けます。"
            "配列そのものに掛けてください: for g in grads: g *= rate。",
        ),
        variant=_unchanged,
        returns=True,
    ),
    Misconception(
        "clip-grads-rebinds",
        _t(
            "The caller's arrays are never changed (are the names rebound to new arrays?)",
            "호출한 쪽의 배열이 한 번도 바뀌지 않음(이름에 새 배열을 다시 묶었나요?)",
            "呼び出し側の配列が一度も変わらない(名前に新しい配列を束縛し直していませんか?)",
        ),
        _t(
            "Every case left the arrays as they were. grads = [g * rate for g in grads], g = g * rate or "
            "grads[i] = grads[i] * rate do that: they make new arrays and change nothing the caller holds "
            "(so does a body not written yet). Write into each array: g *= rate (or g[...] = g * rate).",
            "모든 경우에 배열이 그대로였습니다. grads = [g * rate for g in grads], g = g * rate, "
            "grads[i] = grads[i] * rate가 그렇게 합니다. 새 배열을 만들 뿐 호출한 쪽이 가진 것은 바꾸지 않습니다"
            "(아직 쓰지 않은 본문도 마찬가지입니다). 각 배열에 직접 쓰세요: g *= rate(또는 g[...] = g * rate).",
            "どのケースでも配列は元のままでした。grads = [g * rate for g in grads]、g = g * rate、"
            "grads[i] = grads[i] * rate はそうなります。新しい配列を作るだけで、呼び出し側が持つものは変わりません"
            "(まだ書いていない本体も同じです)。各配列に直接書き込んでください: g *= rate(または g[...] = g * rate)。",
        ),
        variant=_unchanged,
        returns=False,
    ),
    Misconception(
        "clip-grads-inverted-rate",
        _t("The rate is upside down", "비율이 뒤집힘", "比率が逆さま"),
        _t(
            "rate = max_norm / (total_norm + 1e-6): less than 1 exactly when the gradients must shrink. "
            "total_norm / max_norm is its inverse.",
            "rate = max_norm / (total_norm + 1e-6)이며, 기울기를 줄여야 할 때 정확히 1보다 작습니다. "
            "total_norm / max_norm은 그 역수입니다.",
            "rate = max_norm / (total_norm + 1e-6) で、勾配を縮めるべきときにちょうど 1 より小さくなります。"
            "total_norm / max_norm はその逆数です。",
        ),
        variant=(
            _scaled_when(lambda rate: rate > 1, lambda m, total: (total + EPSILON) / m),
            _scaled_when(lambda rate: rate < 1, lambda m, total: (total + EPSILON) / m),
        ),
    ),
    Misconception(
        "clip-grads-wrong-comparison",
        _t("The comparison is reversed", "비교 방향이 반대임", "比較の向きが逆"),
        _t(
            "Clip when rate < 1 (the norm is above max_norm); small gradients must stay as they are.",
            "rate < 1일 때(노름이 max_norm보다 클 때) 클리핑합니다. 작은 기울기는 그대로 둬야 합니다.",
            "rate < 1 のとき(ノルムが max_norm より大きいとき)にクリッピングします。小さい勾配はそのままにします。",
        ),
        variant=_scaled_when(lambda rate: rate > 1, lambda m, total: m / (total + EPSILON)),
    ),
)


# -- cases -------------------------------------------------------------------------------------------
# A case's args are flat: the arrays of grads, then max_norm (LIST_ARGS packs the list). Every case that
# clips has a norm of at least 1, where leaving out the 1e-6 stays well within the tolerance.


def _case(case_id, name, grads, max_norm, visibility="hidden", hint=None):
    grads = [np.asarray(g) for g in grads]
    threshold = np.asarray(max_norm, dtype=grads[0].dtype if grads else np.float64)
    return TestCase(id=case_id, name=name, args=(*grads, threshold), visibility=visibility, hint=hint)


def public_cases() -> list[TestCase]:
    return [
        _case(
            "clips-two-arrays",
            _t(
                "scales two gradients whose global norm (13) is above max_norm (6.5) by one rate",
                "전체 노름(13)이 max_norm(6.5)보다 큰 기울기 두 개에 같은 비율을 곱한다",
                "全体のノルム(13)が max_norm(6.5)より大きい勾配 2 つに同じ比率を掛ける",
            ),
            [np.array([3.0, 4.0]), np.array([[0.0, 12.0], [0.0, 0.0]])],
            6.5,
            VISIBLE,
        ),
        _case(
            "keeps-below",
            _t(
                "leaves gradients whose global norm is below max_norm unchanged",
                "전체 노름이 max_norm보다 작은 기울기는 그대로 둔다",
                "全体のノルムが max_norm より小さい勾配はそのままにする",
            ),
            [np.array([[0.1, -0.2, 0.3], [0.0, 0.4, -0.1]]), np.array([0.5, -0.5, 0.25])],
            5.0,
            VISIBLE,
        ),
    ]


def hidden_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 7])

    def random(shape, norm, dtype=np.float64):
        g = rng.standard_normal(shape)
        return (g * (norm / np.linalg.norm(g))).astype(dtype)

    three = [random((4, 3), 6.0), random((3, 3), 3.0), random((3,), 2.0)]
    below = [random((2, 5), 0.6), random((5,), 0.8)]
    uneven = [random((3,), 0.5), random((2, 4), 20.0), random((4,), 1.0)]
    single = [random((6,), 8.0)]
    float32 = [random((3, 4), 5.0, np.float32), random((4,), 2.0, np.float32)]
    huge = [random((2, 3), 3e100), random((3,), 4e100)]
    deep = [random((2, 2, 3), 4.0), random((2,), 1.5)]
    # Norm N between sqrt(max_norm) and max_norm (N > 1.5, max_norm < 1.5 N < N ** 2): the squared norm
    # compared with max_norm would clip (upward) what must stay.
    middling = [random((3, 4), 2.0), random((5,), 2.0)]
    middling_max = _total_norm(middling) * float(rng.uniform(1.15, 1.45))
    # Each array's norm (so each element) below max_norm, their global norm above it: a trigger on one
    # array's norm, or on the largest element, would leave them all as they are.
    each = [random((4, 4), 3.0), random((3, 5), 3.0), random((8,), 3.0)]
    each_max = 3.0 * float(rng.uniform(1.15, 1.45))  # global norm 3 * sqrt(3) = 5.2, above at most 4.35
    return [
        _case("random-three-above", _t("clips three random gradients above max_norm with one rate",
                                       "max_norm보다 큰 무작위 기울기 세 개를 비율 하나로 클리핑한다",
                                       "max_norm より大きいランダムな勾配 3 つを 1 つの比率でクリッピングする"),
              three, _total_norm(three) / 3,
              hint=_t("One global norm, one rate for every array.", "전체 노름 하나, 모든 배열에 비율 하나입니다.",
                      "全体のノルム 1 つ、すべての配列に比率 1 つです。")),
        _case("random-below", _t("leaves random gradients below max_norm unchanged",
                                 "max_norm보다 작은 무작위 기울기를 그대로 둔다",
                                 "max_norm より小さいランダムな勾配をそのままにする"),
              below, _total_norm(below) * 2,
              hint=_t("Nothing changes when rate >= 1.", "rate >= 1이면 아무것도 바뀌지 않습니다.",
                      "rate >= 1 なら何も変わりません。")),
        _case("uneven-arrays", _t("uses the global norm when one array is much larger than the others",
                                  "한 배열이 다른 배열보다 훨씬 클 때도 전체 노름을 쓴다",
                                  "1 つの配列がほかよりずっと大きいときも全体のノルムを使う"),
              uneven, 5.0,
              hint=_t("Small arrays shrink too: the rate comes from the global norm.",
                      "작은 배열도 줄어듭니다. 비율은 전체 노름에서 나옵니다.",
                      "小さい配列も縮みます。比率は全体のノルムから求めます。")),
        _case("single-array", _t("clips a list holding one gradient", "기울기 하나가 든 리스트를 클리핑한다",
                                 "勾配 1 つだけのリストをクリッピングする"),
              single, 1.0,
              hint=_t("A list of one array is still a list.", "배열 하나짜리 리스트도 리스트입니다.",
                      "配列 1 つのリストもリストです。")),
        _case("norm-equals-max", _t("leaves gradients whose norm equals max_norm (almost) unchanged",
                                    "노름이 max_norm과 같은 기울기를 (거의) 그대로 둔다",
                                    "ノルムが max_norm と等しい勾配を(ほぼ)そのままにする"),
              [np.array([3.0, 0.0]), np.array([[0.0], [4.0]])], 5.0,
              hint=_t("At the limit the rate is (almost) 1.", "경계에서는 비율이 (거의) 1입니다.",
                      "境界では比率は(ほぼ)1 です。")),
        _case("zero-gradients", _t("leaves zero gradients zero (no nan)", "0 기울기는 0으로 둔다(nan 없음)",
                                   "0 の勾配は 0 のままにする(nan なし)"),
              [np.zeros(3), np.zeros((2, 2))], 1.0,
              hint=_t("The 1e-6 (or the comparison) keeps you from dividing by zero.",
                      "1e-6(또는 비교)이 0으로 나누는 것을 막아 줍니다.",
                      "1e-6(または比較)が 0 での割り算を防ぎます。")),
        _case("float32", _t("works on float32 gradients", "float32 기울기에서도 동작한다",
                            "float32 の勾配でも動く"),
              float32, _total_norm(float32) / 2,
              hint=_t("g *= rate keeps each array's dtype.", "g *= rate는 배열의 dtype을 유지합니다.",
                      "g *= rate は配列の dtype を保ちます。")),
        _case("huge-values", _t("clips huge gradients to max_norm", "아주 큰 기울기를 max_norm으로 클리핑한다",
                                "とても大きい勾配を max_norm にクリッピングする"),
              huge, 1.0,
              hint=_t("The result's global norm is max_norm.", "결과의 전체 노름은 max_norm입니다.",
                      "結果の全体のノルムは max_norm です。")),
        _case("three-dimensional", _t("clips a 3-D gradient together with a 1-D one",
                                      "3차원 기울기와 1차원 기울기를 함께 클리핑한다",
                                      "3 次元の勾配と 1 次元の勾配をまとめてクリッピングする"),
              deep, 2.0,
              hint=_t("Sum the squares of every element of every array.", "모든 배열의 모든 원소를 제곱해 더합니다.",
                      "すべての配列のすべての要素の 2 乗を足します。")),
        _case("below-above-one", _t("leaves gradients with a norm above 1 but below max_norm unchanged",
                                    "노름이 1보다 크지만 max_norm보다 작은 기울기를 그대로 둔다",
                                    "ノルムが 1 より大きく max_norm より小さい勾配をそのままにする"),
              middling, middling_max,
              hint=_t("Compare the norm itself (the square root of the sum of squares) with max_norm.",
                      "노름 자체(제곱합의 제곱근)를 max_norm과 비교합니다.",
                      "ノルムそのもの(2 乗和の平方根)を max_norm と比べます。")),
        _case("each-below-together-above", _t("clips arrays that are each below max_norm but above it together",
                                              "하나하나는 max_norm보다 작지만 합치면 큰 배열들을 클리핑한다",
                                              "1 つずつは max_norm より小さいが、まとめると大きい配列をクリッピングする"),
              each, each_max,
              hint=_t("Whether to clip is decided by the global norm, not by any one array or element.",
                      "클리핑할지는 배열 하나나 원소 하나가 아니라 전체 노름으로 정합니다.",
                      "クリッピングするかどうかは、配列 1 つや要素 1 つではなく全体のノルムで決めます。")),
    ]  # fmt: skip


# -- the exercise ----------------------------------------------------------------------------------
# Its number, function, title and file names are in exercise.yaml; the registry joins the two.

ARG_NAMES = ("grads", "max_norm")
LIST_ARGS = ("grads",)  # the function gets [g1, g2, ...], max_norm (a number)
IN_PLACE = ("grads",)  # writable copies; their arrays after the call are graded
OUTPUT_NAMES = ("grads",)  # messages name each array: grads[0], grads[1], ...
TOLERANCES = {"rtol": 1e-5}  # a norm of 1 or more: leaving out the 1e-6 moves a value by at most 1e-6
