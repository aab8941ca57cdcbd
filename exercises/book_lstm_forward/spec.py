"""Exercise 6: lstm_forward(x, h_prev, c_prev, Wx, Wh, b) — one LSTM step as "Deep Learning from Scratch 2"
(ゼロから作るDeep Learning❷ / 밑바닥부터 시작하는 딥러닝 2) writes it.

A = x @ Wx + h_prev @ Wh + b with Wx (D, 4H), Wh (H, 4H); the blocks of A are f, g, i, o (forget,
candidate, input, output); c_next = f * c_prev + g * i, h_next = o * tanh(c_next); (h_next, c_next) is
returned. Exercise 2 (the course's lstm_step) stores W as (4H, D), applies x @ W.T, orders its blocks
a, i, f, o and returns (c, h); PyTorch orders i, f, g, o. Each of those habits is a catalogued mistake here.
"""

from __future__ import annotations

import itertools

import numpy as np

from checker.specs.base import VISIBLE, Misconception, TestCase

ORDER = ("f", "g", "i", "o")  # the book
COURSE_ORDER = ("g", "i", "f", "o")  # exercise 2's a, i, f, o, in the book's letters (a is g)
TORCH_ORDER = ("i", "f", "g", "o")  # torch.nn.LSTM / LSTMCell
SWAPPED_ORDER = ("i", "g", "f", "o")  # the forget and input blocks exchanged


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free, and keeps float32 as float32


def _identity(z):
    return z


def _blocks(A, order):
    """The four blocks of A, read in `order` (the order the student believes in)."""
    return dict(zip(order, np.split(A, 4, axis=-1)))


def _step(
    x,
    h_prev,
    c_prev,
    Wx,
    Wh,
    b,
    *,
    order=ORDER,
    activations=None,
    wx_transposed=False,
    bias=True,
    h_activation=np.tanh,
    swap_return=False,
):
    """The reference when called with defaults; each keyword describes one way to get it wrong."""
    A = x @ (Wx.T if wx_transposed else Wx) + h_prev @ Wh + (b if bias else 0.0)
    blocks = _blocks(A, order)
    act = {"f": _sigmoid, "g": np.tanh, "i": _sigmoid, "o": _sigmoid, **(activations or {})}
    f, g, i, o = (act[name](blocks[name]) for name in "fgio")
    c_next = f * c_prev + g * i
    h_next = o * h_activation(c_next)
    return (c_next, h_next) if swap_return else (h_next, c_next)


def reference(x, h_prev, c_prev, Wx, Wh, b):
    return _step(x, h_prev, c_prev, Wx, Wh, b)


def _variant(**how):
    def wrong(x, h_prev, c_prev, Wx, Wh, b):
        with np.errstate(all="ignore"):
            return _step(x, h_prev, c_prev, Wx, Wh, b, **how)

    return wrong


def _wx_transposed(x, h_prev, c_prev, Wx, Wh, b):
    """x @ Wx.T: it runs only where Wx is square (D = 4H). Elsewhere the student's code raised, and an
    empty tuple (no outputs) explains no answer there."""
    if Wx.shape[0] != Wx.shape[1]:
        return ()
    with np.errstate(all="ignore"):
        return _step(x, h_prev, c_prev, Wx, Wh, b, wx_transposed=True)


def _t(en: str, ko: str, ja: str) -> dict:
    return {"en": en, "ko": ko, "ja": ja}


BOOK_SLICES = "f = A[:, :H], g = A[:, H:2*H], i = A[:, 2*H:3*H], o = A[:, 3*H:]"

# -- the catalogue (specific → general: the first one that explains every answered case is named) ------

SPECIFIC = (
    Misconception(
        "book-lstm-c-prev-in-place",
        _t("c_prev is updated in place", "c_prev를 제자리에서 수정함", "c_prev をその場で書き換えている"),
        _t(
            "c_prev *= f (or c_prev += g * i) overwrites the caller's cell state, which the layer still needs "
            "for backpropagation. Build a new array: c_next = f * c_prev + g * i.",
            "c_prev *= f(또는 c_prev += g * i)는 호출한 쪽의 셀 상태를 덮어씁니다. 이 값은 역전파에도 필요합니다. "
            "c_next = f * c_prev + g * i처럼 새 배열을 만드세요.",
            "c_prev *= f(または c_prev += g * i)は呼び出し側のセル状態を上書きします。この値は誤差逆伝播でも"
            "使います。c_next = f * c_prev + g * i のように新しい配列を作ってください。",
        ),
        mutates="c_prev",
    ),
    Misconception(
        "book-lstm-returns-c-h",
        _t(
            "(c, h) returned instead of (h, c)",
            "(h, c) 대신 (c, h)를 반환함",
            "(h, c) ではなく (c, h) を返している",
        ),
        _t(
            "This matches exercise 2, whose lstm_step returns (c, h); this exercise follows the book, whose "
            "forward returns h_next first: return h_next, c_next.",
            "연습 문제 2의 lstm_step은 (c, h)를 반환하지만, 이 연습 문제는 책을 따르므로 h_next가 먼저입니다: "
            "return h_next, c_next.",
            "演習2の lstm_step は (c, h) を返しますが、この演習は本に従うので h_next が先です: "
            "return h_next, c_next。",
        ),
        variant=_variant(swap_return=True),
    ),
    Misconception(
        "book-lstm-course-gate-order",
        _t(
            "The course's gate order (a, i, f, o)",
            "강의의 게이트 순서(a, i, f, o)를 씀",
            "講座のゲート順(a, i, f, o)を使っている",
        ),
        _t(
            "This matches the course's gate order a, i, f, o (exercise 2, candidate first); this exercise "
            f"follows the book's f, g, i, o: {BOOK_SLICES}.",
            "이것은 강의의 게이트 순서 a, i, f, o(연습 문제 2, 후보 값이 먼저)입니다. 이 연습 문제는 책의 순서 "
            f"f, g, i, o를 따릅니다: {BOOK_SLICES}.",
            "これは講座のゲート順 a, i, f, o(演習2、候補が先)です。この演習は本の順 f, g, i, o に従います: "
            f"{BOOK_SLICES}。",
        ),
        variant=_variant(order=COURSE_ORDER),
    ),
    Misconception(
        "book-lstm-pytorch-gate-order",
        _t(
            "PyTorch's gate order (i, f, g, o)",
            "PyTorch의 게이트 순서(i, f, g, o)를 씀",
            "PyTorch のゲート順(i, f, g, o)を使っている",
        ),
        _t(
            "This matches PyTorch's gate order i, f, g, o (torch.nn.LSTM stacks its weights that way); this "
            f"exercise follows the book's f, g, i, o: {BOOK_SLICES}.",
            "이것은 PyTorch의 게이트 순서 i, f, g, o(torch.nn.LSTM의 가중치 배치)입니다. 이 연습 문제는 책의 순서 "
            f"f, g, i, o를 따릅니다: {BOOK_SLICES}.",
            "これは PyTorch のゲート順 i, f, g, o(torch.nn.LSTM の重みの並び)です。この演習は本の順 f, g, i, o "
            f"に従います: {BOOK_SLICES}。",
        ),
        variant=_variant(order=TORCH_ORDER),
    ),
    Misconception(
        "book-lstm-forget-input-swapped",
        _t(
            "The forget and input gates are swapped",
            "망각 게이트와 입력 게이트가 뒤바뀜",
            "忘却ゲートと入力ゲートが入れ替わっている",
        ),
        _t(
            "The forget gate f is the FIRST block and scales the old cell (f * c_prev); the input gate i is the "
            "third block and scales the candidate (g * i).",
            "망각 게이트 f는 첫 번째 블록이며 이전 셀에 곱합니다(f * c_prev). 입력 게이트 i는 세 번째 블록이며 "
            "후보 값에 곱합니다(g * i).",
            "忘却ゲート f は最初のブロックで古いセル状態に掛けます(f * c_prev)。入力ゲート i は3番目のブロックで"
            "候補に掛けます(g * i)。",
        ),
        variant=_variant(order=SWAPPED_ORDER),
    ),
    Misconception(
        "book-lstm-weights-transposed",
        _t(
            "The weights are applied transposed (x @ Wx.T)",
            "가중치를 전치해서 적용함(x @ Wx.T)",
            "重みを転置して掛けている(x @ Wx.T)",
        ),
        _t(
            "This matches exercise 2's layout, where W is (4H, D) and is applied as x @ W.T; this exercise "
            "follows the book, where Wx is (D, 4H) and Wh is (H, 4H): A = x @ Wx + h_prev @ Wh + b, no .T.",
            "연습 문제 2의 배치(W가 (4H, D)이고 x @ W.T로 적용)입니다. 이 연습 문제는 책을 따르므로 Wx는 (D, 4H), "
            "Wh는 (H, 4H)입니다: A = x @ Wx + h_prev @ Wh + b, .T 없음.",
            "演習2の並び(W は (4H, D) で x @ W.T として掛ける)です。この演習は本に従うので Wx は (D, 4H)、"
            "Wh は (H, 4H) です: A = x @ Wx + h_prev @ Wh + b、.T は不要です。",
        ),
        # runs only when D = 4H (a square Wx); h_prev @ Wh.T never runs: its shape error is all a file shows
        variant=_wx_transposed,
    ),
    Misconception(
        "book-lstm-g-sigmoid",
        _t(
            "tanh and σ swapped on the candidate g",
            "후보 값 g에 tanh와 σ를 바꿔 씀",
            "候補 g で tanh と σ を取り違えている",
        ),
        _t(
            "g is the candidate (new content): g = tanh(A_g), which can be negative. The gates f, i, o use σ. "
            "tanh on the first block and σ on the second is the course's activation pattern (candidate first); "
            "in the book's order the first block is the forget gate f.",
            "g는 후보 값(새 내용)입니다: g = tanh(A_g)이며 음수일 수 있습니다. 게이트 f, i, o에는 σ를 씁니다. "
            "첫 블록에 tanh, 둘째 블록에 σ를 쓰는 것은 강의의 활성화 배치(후보 값이 먼저)입니다. 책의 순서에서 "
            "첫 블록은 망각 게이트 f입니다.",
            "g は候補(新しい内容)です: g = tanh(A_g) で、負にもなります。ゲート f, i, o には σ を使います。"
            "最初のブロックに tanh、2番目に σ を使うのは講座の活性化の並び(候補が先)です。本の順では最初の"
            "ブロックは忘却ゲート f です。",
        ),
        variant=(
            _variant(activations={"g": _sigmoid}),
            _variant(activations={"f": np.tanh, "g": _sigmoid}),
        ),
    ),
    Misconception(
        "book-lstm-gates-tanh",
        _t("tanh used for the gates", "게이트에 tanh를 씀", "ゲートに tanh を使っている"),
        _t(
            "The gates f, i, o are σ(·), values in (0, 1) that say how much passes; only g uses tanh.",
            "게이트 f, i, o는 σ(·)로, 얼마나 통과시킬지를 나타내는 (0, 1) 사이 값입니다. tanh는 g에만 씁니다.",
            "ゲート f, i, o は σ(·) で、どれだけ通すかを表す (0, 1) の値です。tanh を使うのは g だけです。",
        ),
        variant=_variant(activations={"f": np.tanh, "i": np.tanh, "o": np.tanh}),
    ),
    Misconception(
        "book-lstm-missing-bias",
        _t("The bias b is missing", "편향 b가 빠짐", "バイアス b が抜けている"),
        _t(
            "A = x @ Wx + h_prev @ Wh + b: add b before splitting A.",
            "A = x @ Wx + h_prev @ Wh + b: A를 나누기 전에 b를 더하세요.",
            "A = x @ Wx + h_prev @ Wh + b: A を分ける前に b を足してください。",
        ),
        variant=_variant(bias=False),
    ),
    Misconception(
        "book-lstm-h-without-tanh",
        _t("h_next computed without tanh", "h_next를 tanh 없이 계산함", "h_next を tanh なしで計算している"),
        _t(
            "h_next = o * tanh(c_next), not o * c_next.",
            "h_next = o * c_next가 아니라 o * tanh(c_next)입니다.",
            "h_next = o * c_next ではなく o * tanh(c_next) です。",
        ),
        variant=_variant(h_activation=_identity),
    ),
)

_NAMED_ORDERS = {ORDER, COURSE_ORDER, TORCH_ORDER, SWAPPED_ORDER}
ORDERS = tuple(
    Misconception(
        f"book-lstm-gate-order-{''.join(order)}",
        _t(
            f"Wrong gate order ({', '.join(order)})",
            f"게이트 순서가 틀림({', '.join(order)})",
            f"ゲート順が違う({', '.join(order)})",
        ),
        _t(
            f"This exercise follows the book: A splits into blocks of width H in the order f, g, i, o: {BOOK_SLICES}.",
            f"이 연습 문제는 책을 따릅니다: A는 폭 H인 블록으로 f, g, i, o 순서로 나뉩니다: {BOOK_SLICES}.",
            f"この演習は本に従います: A は幅 H のブロックに f, g, i, o の順で分かれます: {BOOK_SLICES}。",
        ),
        variant=_variant(order=order),
    )
    for order in itertools.permutations(ORDER)
    if order not in _NAMED_ORDERS
)


# -- cases ----------------------------------------------------------------------------------------------


def _inputs(rng, n, d, h, scale=0.5, weight_scale=0.5):
    return (
        rng.standard_normal((n, d)) * scale,
        rng.standard_normal((n, h)) * scale,
        rng.standard_normal((n, h)) * scale,
        rng.standard_normal((d, 4 * h)) * weight_scale,
        rng.standard_normal((h, 4 * h)) * weight_scale,
        rng.standard_normal(4 * h) * weight_scale,
    )


def _saturated(rng, n, d, h):
    """Ordinary inputs but for the bias of two units in every block of A: one beyond +1000, one beyond
    -1000, whatever the other terms add (their largest sum). exp overflows on every draw, so the case
    built to catch an unstable σ or tanh catches it whatever the secret; the other units keep the case
    telling the blocks apart."""
    x, h_prev, c_prev, Wx, Wh, b = _inputs(rng, n, d, h)
    reach = (np.abs(x) @ np.abs(Wx) + np.abs(h_prev) @ np.abs(Wh)).max(axis=0)
    unit = np.arange(4 * h) % h
    b = np.where(unit == 0, 1000.0 + reach, np.where(unit == 1, -1000.0 - reach, b))
    return x, h_prev, c_prev, Wx, Wh, b


def _eighths(rng, n, d, h):
    """float32 inputs that are multiples of 1/8 in [-1, 1]: A is exact in float32 in any summation order."""
    shapes = [(n, d), (n, h), (n, h), (d, 4 * h), (h, 4 * h), (4 * h,)]
    return tuple((rng.integers(-8, 9, size=s) / 8.0).astype(np.float32) for s in shapes)


def _case(case_id, name, args, visibility="hidden", hint=None):
    return TestCase(id=case_id, name=name, args=tuple(args), visibility=visibility, hint=hint)


def public_cases() -> list[TestCase]:
    rng = np.random.default_rng(6006)
    return [
        _case(
            "small-batch",
            _t(
                "one step for N = 2, D = 3, H = 2",
                "N = 2, D = 3, H = 2에서 한 스텝",
                "N = 2、D = 3、H = 2 で1ステップ",
            ),
            _inputs(rng, 2, 3, 2),
            VISIBLE,
        ),
        _case(
            "single-unit",
            _t(
                "one step for N = 1, D = 2, H = 1",
                "N = 1, D = 2, H = 1에서 한 스텝",
                "N = 1、D = 2、H = 1 で1ステップ",
            ),
            _inputs(rng, 1, 2, 1),
            VISIBLE,
        ),
    ]


def hidden_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 6])
    zero_state = list(_inputs(rng, 3, 4, 3))
    zero_state[1] = np.zeros_like(zero_state[1])
    zero_state[2] = np.zeros_like(zero_state[2])
    order_hint = _t(
        "The book's order: blocks f, g, i, o of A = x @ Wx + h_prev @ Wh + b; return (h_next, c_next).",
        "책의 순서: A = x @ Wx + h_prev @ Wh + b의 블록은 f, g, i, o이고, (h_next, c_next)를 반환합니다.",
        "本の順: A = x @ Wx + h_prev @ Wh + b のブロックは f, g, i, o で、(h_next, c_next) を返します。",
    )
    return [
        _case("random", _t("matches the reference on random inputs", "무작위 입력에서 정답과 일치한다",
                           "ランダムな入力で正解と一致する"),
              _inputs(rng, 4, 5, 3), hint=order_hint),
        _case("batch-of-one", _t("works for a batch of one (N = 1)", "배치 크기 1(N = 1)에서 동작한다",
                                 "バッチサイズ1(N = 1)で動く"),
              _inputs(rng, 1, 3, 4),
              hint=_t("Keep the batch axis: shapes (1, H).", "배치 축을 유지하세요: 모양 (1, H).",
                      "バッチの軸を残してください: 形 (1, H)。")),
        _case("one-unit", _t("works for one hidden unit (H = 1)", "은닉 유닛 하나(H = 1)에서 동작한다",
                             "隠れユニット1つ(H = 1)で動く"),
              _inputs(rng, 3, 2, 1),
              hint=_t("Split A into four blocks of width H, even when H = 1.", "H = 1이어도 A를 폭 H인 네 블록으로 나누세요.",
                      "H = 1 でも A を幅 H の4ブロックに分けてください。")),
        _case("input-wider-than-hidden", _t("works when D ≠ H", "D ≠ H일 때 동작한다", "D ≠ H のとき動く"),
              _inputs(rng, 2, 6, 2),
              hint=_t("Wx is (D, 4H) and Wh is (H, 4H): x @ Wx, h_prev @ Wh.", "Wx는 (D, 4H), Wh는 (H, 4H)입니다: x @ Wx, h_prev @ Wh.",
                      "Wx は (D, 4H)、Wh は (H, 4H) です: x @ Wx、h_prev @ Wh。")),
        _case("square-input-weights", _t("works when D = 4H (a square Wx)", "D = 4H(정사각 Wx)일 때 동작한다",
                                         "D = 4H(正方の Wx)のとき動く"),
              _inputs(rng, 3, 8, 2),
              hint=_t("Wx is square here, but still applied as x @ Wx.", "여기서 Wx는 정사각이지만 여전히 x @ Wx로 곱합니다.",
                      "ここでは Wx は正方ですが、やはり x @ Wx として掛けます。")),
        _case("zero-state", _t("starts from a zero state", "0 상태에서 시작한다", "ゼロの状態から始める"),
              zero_state, hint=order_hint),
        _case("float32", _t("keeps working in float32", "float32에서도 동작한다", "float32 でも動く"),
              _eighths(rng, 3, 4, 2),
              hint=_t("All inputs are float32.", "모든 입력이 float32입니다.", "入力はすべて float32 です。")),
        _case("saturated", _t("stays finite for large |A| (no nan or inf)", "|A|가 커도 유한하다(nan, inf 없음)",
                              "|A| が大きくても有限のまま(nan や inf なし)"),
              _saturated(rng, 3, 4, 3),
              hint=_t("σ and tanh saturate; they must not overflow into nan.", "σ와 tanh는 포화됩니다. nan으로 넘치면 안 됩니다.",
                      "σ と tanh は飽和します。オーバーフローして nan になってはいけません。")),
        _case("larger-batch", _t("handles a larger batch", "더 큰 배치를 처리한다", "より大きなバッチを扱える"),
              _inputs(rng, 32, 5, 4, scale=1.0, weight_scale=1.0), hint=order_hint),
    ]  # fmt: skip


# -- the exercise ----------------------------------------------------------------------------------
# Its number, function, title and file names are in exercise.yaml; the registry joins the two.

ARG_NAMES = ("x", "h_prev", "c_prev", "Wx", "Wh", "b")
OUTPUT_NAMES = ("h_next", "c_next")
MISCONCEPTIONS = SPECIFIC + ORDERS
