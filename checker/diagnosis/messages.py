"""Every finding's text in English, Korean and Japanese (str.format fields), and its kind.

Fields are plain values (names, code, numbers) that read the same in every language. The Japanese
follows the terms of the E資格 / ラビット・チャレンジ materials (忘却ゲート, セル状態, 勾配クリッピング …).
"""

from __future__ import annotations

from checker.diagnosis.model import CAUSE, OBSERVATION, STRUCTURE

LANGS = ("en", "ko", "ja")


def _m(kind: str, en: str, ko: str, ja: str) -> tuple[str, dict[str, str]]:
    return kind, {"en": en, "ko": ko, "ja": ja}


_TABLE: dict[str, tuple[str, dict[str, str]]] = {
    # -- structure: what came back, what was raised ------------------------------------------------
    "diag.argument-modified": _m(
        STRUCTURE,
        "The function writes into its argument {argument}. Compute a new array instead (x = x * r, not x *= r).",
        "함수가 인자 {argument}에 값을 덮어씁니다. 새 배열을 만드세요(x *= r 대신 x = x * r).",
        "関数が引数 {argument} を書き換えています。新しい配列を作ってください（x *= r ではなく x = x * r）。",
    ),
    "diag.argument-modified-unknown": _m(
        STRUCTURE,
        "The function writes into one of its arguments (an in-place operation such as *=, += or a[...] = ...). "
        "Compute a new array instead.",
        "함수가 인자 중 하나에 값을 덮어씁니다(*=, +=, a[...] = ... 같은 제자리 연산). 새 배열을 만드세요.",
        "関数が引数のどれかを書き換えています（*=、+=、a[...] = ... などのインプレース演算）。新しい配列を作ってください。",
    ),
    "diag.numpy-not-imported": _m(
        STRUCTURE,
        "NameError: np is not defined. Add `import numpy as np` at the top of the file.",
        "NameError: np가 정의되지 않았습니다. 파일 맨 위에 `import numpy as np`를 넣으세요.",
        "NameError: np が定義されていません。ファイルの先頭に `import numpy as np` を書いてください。",
    ),
    "diag.name-error": _m(
        STRUCTURE,
        "NameError: the name {name} is used but never defined (a helper that was renamed or deleted?).",
        "NameError: {name}라는 이름을 쓰지만 정의하지 않았습니다(이름을 바꾸거나 지운 보조 함수?).",
        "NameError: {name} という名前を使っていますが定義されていません（名前を変えたか消した補助関数？）。",
    ),
    "diag.not-implemented": _m(
        STRUCTURE,
        "{function} still raises NotImplementedError: replace the template's raise with your code.",
        "{function}이(가) 아직 NotImplementedError를 일으킵니다. 템플릿의 raise를 코드로 바꾸세요.",
        "{function} がまだ NotImplementedError を送出します。テンプレートの raise を実装に置き換えてください。",
    ),
    "diag.weight-not-transposed": _m(
        STRUCTURE,
        "A matrix product with {weight} has mismatched shapes. {weight} is stored as (4H, ·) in this "
        "exercise, so it is applied transposed: {expected}.",
        "{weight}와(과)의 행렬 곱에서 모양이 맞지 않습니다. 이 문제에서 {weight}은(는) (4H, ·) 모양이므로 전치해서 씁니다: {expected}.",
        "{weight} との行列積で形が合いません。この問題では {weight} は (4H, ·) の形なので、転置して使います: {expected}。",
    ),
    "diag.weights-not-transposed": _m(
        STRUCTURE,
        "Matrix products with W and U have mismatched shapes: both are stored as (4H, ·), so use x @ W.T and prev_h @ U.T.",
        "W와 U의 행렬 곱에서 모양이 맞지 않습니다. 둘 다 (4H, ·) 모양이므로 x @ W.T와 prev_h @ U.T를 쓰세요.",
        "W と U の行列積で形が合いません。どちらも (4H, ·) の形なので x @ W.T と prev_h @ U.T を使ってください。",
    ),
    "diag.raised": _m(
        OBSERVATION,
        "Every case raised {error_type}; no value could be compared.",
        "모든 경우에 {error_type}이(가) 발생해 비교할 값이 없습니다.",
        "すべてのケースで {error_type} が発生し、比較できる値がありません。",
    ),
    "diag.raised-unseen": _m(
        OBSERVATION,
        "Every test raised an exception; no value could be compared.",
        "모든 테스트에서 예외가 발생해 비교할 값이 없습니다.",
        "すべてのテストで例外が発生し、比較できる値がありません。",
    ),
    "diag.returned-none": _m(
        STRUCTURE,
        "The function returned None in {count} of the {total} visible tests: a `return` is missing on some path.",
        "보이는 테스트 {total}개 중 {count}개에서 None을 반환했습니다. 어떤 경로에 `return`이 빠졌습니다.",
        "見えるテスト {total} 個中 {count} 個で None が返りました。どこかの分岐で `return` が抜けています。",
    ),
    "diag.returned-none-unseen": _m(
        STRUCTURE,
        "In some hidden tests the function returns None: a `return` is missing on some path.",
        "숨겨진 테스트 일부에서 함수가 None을 반환합니다. 어떤 경로에 `return`이 빠졌습니다.",
        "隠しテストの一部で関数が None を返しています。どこかの分岐で `return` が抜けています。",
    ),
    "diag.clip-no-return-below": _m(
        CAUSE,
        "When the norm is not above the threshold nothing is returned (None). That branch must return "
        "the gradient unchanged (a copy).",
        "노름이 임계값 이하일 때 아무것도 반환하지 않습니다(None). 그 경우에는 기울기를 그대로(복사본으로) 반환해야 합니다.",
        "ノルムが閾値以下のとき何も返していません（None）。その場合は勾配をそのまま（コピーで）返します。",
    ),
    "diag.returned-list": _m(
        STRUCTURE,
        "A list was returned; return a numpy array (no .tolist(), no [ ... ]).",
        "리스트를 반환했습니다. numpy 배열을 반환하세요(.tolist()나 [ ... ] 없이).",
        "リストが返されました。numpy 配列を返してください（.tolist() や [ ... ] は不要）。",
    ),
    "diag.returned-tuple": _m(
        STRUCTURE,
        "A tuple was returned; return the clipped array alone (no `return a, b`).",
        "튜플을 반환했습니다. 클리핑한 배열 하나만 반환하세요(`return a, b` 없이).",
        "タプルが返されました。クリップした配列だけを返してください（`return a, b` は不要）。",
    ),
    "diag.returned-wrong-type": _m(
        STRUCTURE,
        "The function returned {type}, not numpy arrays.",
        "함수가 numpy 배열이 아니라 {type}을(를) 반환했습니다.",
        "関数は numpy 配列ではなく {type} を返しました。",
    ),
    "diag.returned-wrong-type-unseen": _m(
        STRUCTURE,
        "In some hidden tests the function returns something other than numpy arrays.",
        "숨겨진 테스트 일부에서 함수가 numpy 배열이 아닌 것을 반환합니다.",
        "隠しテストの一部で、関数が numpy 配列ではないものを返しています。",
    ),
    "diag.wrong-output-count-unseen": _m(
        STRUCTURE,
        "In some hidden tests the function returns another number of values than the {expected} expected ({names}).",
        "숨겨진 테스트 일부에서 함수가 반환해야 할 {expected}개({names})와 다른 개수의 값을 반환합니다.",
        "隠しテストの一部で、関数が返すべき {expected} 個（{names}）と異なる数の値を返しています。",
    ),
    "diag.wrong-output-count": _m(
        STRUCTURE,
        "{count} value(s) returned where {expected} are expected ({names}).",
        "{expected}개({names})를 반환해야 하는데 {count}개를 반환했습니다.",
        "{expected} 個（{names}）を返すところ、{count} 個が返されました。",
    ),
    "diag.wrong-dtype": _m(
        STRUCTURE,
        "{name} has dtype {dtype}; it must stay a floating-point array (no int(), astype(int) or integer arrays).",
        "{name}의 dtype이 {dtype}입니다. 실수 배열이어야 합니다(int(), astype(int), 정수 배열 금지).",
        "{name} の dtype が {dtype} です。浮動小数点の配列のままにしてください（int()、astype(int)、整数配列は不可）。",
    ),
    "diag.wrong-dtype-unseen": _m(
        STRUCTURE,
        "In some hidden tests {name} is not a floating-point array (no int(), astype(int) or integer arrays).",
        "숨겨진 테스트 일부에서 {name}이(가) 실수 배열이 아닙니다(int(), astype(int), 정수 배열 금지).",
        "隠しテストの一部で {name} が浮動小数点の配列ではありません（int()、astype(int)、整数配列は不可）。",
    ),
    "diag.output-flattened": _m(
        STRUCTURE,
        "{name} has the right values but is flattened to 1-D; keep the input's shape (no ravel/flatten/reshape(-1)).",
        "{name}의 값은 맞지만 1차원으로 펴졌습니다. 입력의 모양을 유지하세요(ravel/flatten/reshape(-1) 금지).",
        "{name} の値は正しいのですが 1 次元に平たくなっています。入力の形を保ってください（ravel/flatten/reshape(-1) は不要）。",
    ),
    "diag.output-squeezed": _m(
        STRUCTURE,
        "{name} has the right values but lost an axis of size 1 (np.squeeze?); keep the batch axis.",
        "{name}의 값은 맞지만 크기 1인 축이 사라졌습니다(np.squeeze?). 배치 축을 유지하세요.",
        "{name} の値は正しいのですが、サイズ 1 の軸が消えています（np.squeeze？）。バッチの軸を保ってください。",
    ),
    "diag.output-transposed": _m(
        STRUCTURE,
        "{name} has the right values but is transposed; return it as (N, H), not (H, N).",
        "{name}의 값은 맞지만 전치되어 있습니다. (H, N)이 아니라 (N, H)로 반환하세요.",
        "{name} の値は正しいのですが転置されています。(H, N) ではなく (N, H) で返してください。",
    ),
    "diag.output-shape": _m(
        STRUCTURE,
        "{name} has shape {got} where {expected} is expected.",
        "{name}의 모양이 {expected}여야 하는데 {got}입니다.",
        "{name} の形は {expected} のはずが {got} です。",
    ),
    "diag.output-shape-unseen": _m(
        STRUCTURE,
        "{name} has the wrong shape in some hidden tests (the visible ones are fine): compare each "
        "axis with the contract for other sizes of input.",
        "숨겨진 테스트 일부에서 {name}의 모양이 틀립니다(보이는 테스트는 괜찮습니다). 다른 크기의 입력에서도 "
        "각 축이 약속과 맞는지 확인하세요.",
        "隠しテストの一部で {name} の形が違います（見えるテストは問題ありません）。別の大きさの入力でも、"
        "各軸が約束どおりか確かめてください。",
    ),
    "diag.outputs-swapped": _m(
        STRUCTURE,
        "The outputs come back in the wrong order: return them as ({names}).",
        "출력의 순서가 반대입니다. ({names}) 순서로 반환하세요.",
        "出力の順序が逆です。({names}) の順で返してください。",
    ),
    # -- causes: lstm_step -----------------------------------------------------------------------------
    "diag.lstm-order-pytorch": _m(
        CAUSE,
        "The four blocks of z are read in PyTorch's order ({order}, i.e. i, f, g, o). This exercise uses {expected}.",
        "z의 네 블록을 PyTorch의 순서({order}, 즉 i, f, g, o)로 읽었습니다. 이 문제는 {expected} 순서입니다.",
        "z の 4 つのブロックを PyTorch の順序（{order}、つまり i, f, g, o）で読んでいます。この問題は {expected} の順です。",
    ),
    "diag.lstm-order-dlfs2": _m(
        CAUSE,
        "The four blocks of z are read in the order of 'Deep Learning from Scratch 2' ({order}, i.e. f, g, i, o). "
        "This exercise uses {expected}.",
        "z의 네 블록을 『밑바닥부터 시작하는 딥러닝 2』의 순서({order}, 즉 f, g, i, o)로 읽었습니다. 이 문제는 {expected} 순서입니다.",
        "z の 4 つのブロックを『ゼロから作る Deep Learning ❷』の順序（{order}、つまり f, g, i, o）で読んでいます。"
        "この問題は {expected} の順です。",
    ),
    "diag.lstm-order-tensorflow": _m(
        CAUSE,
        "The four blocks of z are read in TensorFlow's order ({order}, i.e. i, j, f, o). This exercise uses {expected}.",
        "z의 네 블록을 TensorFlow의 순서({order}, 즉 i, j, f, o)로 읽었습니다. 이 문제는 {expected} 순서입니다.",
        "z の 4 つのブロックを TensorFlow の順序（{order}、つまり i, j, f, o）で読んでいます。この問題は {expected} の順です。",
    ),
    "diag.lstm-forget-input-swapped": _m(
        CAUSE,
        "The input gate and the forget gate are exchanged (blocks read as {order}): i scales the candidate "
        "a, f scales prev_c.",
        "입력 게이트와 망각 게이트가 뒤바뀌었습니다(블록을 {order}로 읽음). i는 후보 값 a에, f는 prev_c에 곱합니다.",
        "入力ゲートと忘却ゲートが入れ替わっています（ブロックを {order} と読んでいる）。i は候補 a に、f は prev_c に掛けます。",
    ),
    "diag.lstm-gate-order": _m(
        CAUSE,
        "The blocks of z are read in the order {order}; this exercise uses {expected}.",
        "z의 블록을 {order} 순서로 읽었습니다. 이 문제는 {expected} 순서입니다.",
        "z のブロックを {order} の順で読んでいます。この問題は {expected} の順です。",
    ),
    "diag.lstm-block-activation": _m(
        CAUSE,
        "Block {block} of z (gate {gate}) behaves like {got} where {expected} is expected.",
        "z의 {block}번째 블록(게이트 {gate})이 {expected}이어야 하는데 {got}처럼 동작합니다.",
        "z の {block} 番目のブロック（ゲート {gate}）が、{expected} のはずなのに {got} のように振る舞っています。",
    ),
    "diag.lstm-block-no-activation": _m(
        CAUSE,
        "Block {block} of z (gate {gate}) is used without its activation; apply {expected}.",
        "z의 {block}번째 블록(게이트 {gate})에 활성화 함수가 없습니다. {expected}을(를) 적용하세요.",
        "z の {block} 番目のブロック（ゲート {gate}）に活性化関数がかかっていません。{expected} を適用してください。",
    ),
    "diag.lstm-gates-activation": _m(
        CAUSE,
        "The gates i, f and o behave like {got}; gates use the sigmoid (values in (0, 1)).",
        "게이트 i, f, o가 {got}처럼 동작합니다. 게이트에는 시그모이드(값이 (0, 1))를 씁니다.",
        "ゲート i, f, o が {got} のように振る舞っています。ゲートにはシグモイド関数（値は (0, 1)）を使います。",
    ),
    "diag.lstm-gates-no-activation": _m(
        CAUSE,
        "The gates i, f and o are used without the sigmoid.",
        "게이트 i, f, o에 시그모이드를 적용하지 않았습니다.",
        "ゲート i, f, o にシグモイド関数がかかっていません。",
    ),
    "diag.lstm-sigmoid-sign": _m(
        CAUSE,
        "The sigmoid has a sign slip: it computes 1 / (1 + exp(z)) = σ(−z). Use 1 / (1 + exp(−z)).",
        "시그모이드의 부호가 틀렸습니다: 1 / (1 + exp(z)) = σ(−z)를 계산합니다. 1 / (1 + exp(−z))를 쓰세요.",
        "シグモイド関数の符号が逆です: 1 / (1 + exp(z)) = σ(−z) を計算しています。1 / (1 + exp(−z)) にしてください。",
    ),
    "diag.lstm-forget-bias": _m(
        CAUSE,
        "{value} is added inside the forget gate (TensorFlow's forget_bias). This exercise has no such "
        "constant: f = sigmoid(z_f).",
        "망각 게이트 안에 {value}을(를) 더했습니다(TensorFlow의 forget_bias). 이 문제에는 그런 상수가 없습니다: f = sigmoid(z_f).",
        "忘却ゲートの中で {value} を足しています（TensorFlow の forget_bias）。この問題にはその定数はありません: f = sigmoid(z_f)。",
    ),
    "diag.lstm-missing-bias": _m(
        CAUSE,
        "The bias b is not added: z = x @ W.T + prev_h @ U.T + b.",
        "편향 b를 더하지 않았습니다: z = x @ W.T + prev_h @ U.T + b.",
        "バイアス b が加えられていません: z = x @ W.T + prev_h @ U.T + b。",
    ),
    "diag.lstm-activation-before-sum": _m(
        CAUSE,
        "{got} is applied to x @ W.T before the recurrent term is added. Sum first, then apply the activations to the blocks of z.",
        "순환 항을 더하기 전에 x @ W.T에 {got}을(를) 적용했습니다. 먼저 모두 더한 뒤 z의 블록에 활성화 함수를 적용하세요.",
        "再帰の項を足す前に x @ W.T に {got} をかけています。先にすべて足してから、z の各ブロックに活性化関数を適用してください。",
    ),
    "diag.lstm-recurrent-from-prev-c": _m(
        CAUSE,
        "The recurrent term uses prev_c; it is prev_h @ U.T (the hidden state, not the cell state).",
        "순환 항에 prev_c를 썼습니다. 셀 상태가 아니라 은닉 상태를 써서 prev_h @ U.T입니다.",
        "再帰の項に prev_c を使っています。セル状態ではなく隠れ状態を使い、prev_h @ U.T です。",
    ),
    "diag.lstm-weights-swapped": _m(
        CAUSE,
        "W and U are exchanged: x goes with W (x @ W.T) and prev_h with U (prev_h @ U.T).",
        "W와 U가 바뀌었습니다. x는 W와(x @ W.T), prev_h는 U와(prev_h @ U.T) 곱합니다.",
        "W と U が入れ替わっています。x には W（x @ W.T）、prev_h には U（prev_h @ U.T）を掛けます。",
    ),
    "diag.lstm-missing-forget-gate": _m(
        CAUSE,
        "prev_c is not multiplied by the forget gate: c = i * a + f * prev_c.",
        "prev_c에 망각 게이트를 곱하지 않았습니다: c = i * a + f * prev_c.",
        "prev_c に忘却ゲートが掛けられていません: c = i * a + f * prev_c。",
    ),
    "diag.lstm-missing-input-gate": _m(
        CAUSE,
        "The candidate a is not multiplied by the input gate: c = i * a + f * prev_c.",
        "후보 값 a에 입력 게이트를 곱하지 않았습니다: c = i * a + f * prev_c.",
        "候補 a に入力ゲートが掛けられていません: c = i * a + f * prev_c。",
    ),
    "diag.lstm-cell-from-prev-h": _m(
        CAUSE,
        "The new cell state keeps f * prev_h; the forget gate scales the previous cell state: f * prev_c.",
        "새 셀 상태에 f * prev_h를 썼습니다. 망각 게이트는 이전 셀 상태에 곱합니다: f * prev_c.",
        "新しいセル状態に f * prev_h を使っています。忘却ゲートは前のセル状態に掛けます: f * prev_c。",
    ),
    "diag.lstm-h-without-tanh": _m(
        CAUSE,
        "h is computed as o * c; it is o * tanh(c).",
        "h를 o * c로 계산했습니다. o * tanh(c)입니다.",
        "h を o * c で計算しています。正しくは o * tanh(c) です。",
    ),
    "diag.lstm-missing-output-gate": _m(
        CAUSE,
        "h is tanh(c) without the output gate: h = o * tanh(c).",
        "h에 출력 게이트가 빠졌습니다(tanh(c)만 씀): h = o * tanh(c).",
        "h に出力ゲートが掛かっていません（tanh(c) のみ）: h = o * tanh(c)。",
    ),
    "diag.lstm-h-from-prev-c": _m(
        CAUSE,
        "h is computed from the previous cell state; use the new one: h = o * tanh(c).",
        "h를 이전 셀 상태로 계산했습니다. 새 셀 상태를 쓰세요: h = o * tanh(c).",
        "h を前のセル状態から計算しています。新しいセル状態を使ってください: h = o * tanh(c)。",
    ),
    "diag.lstm-h-activation": _m(
        CAUSE,
        "h applies {got} to c; it is h = o * tanh(c).",
        "h에서 c에 {got}을(를) 적용했습니다. h = o * tanh(c)입니다.",
        "h で c に {got} をかけています。h = o * tanh(c) です。",
    ),
    # -- causes: gradient_clipping ---------------------------------------------------------------------
    "diag.clip-elementwise": _m(
        CAUSE,
        "Each element is clipped to [−threshold, threshold] (clipping by value). Clipping by norm scales the "
        "whole array by threshold / norm and keeps its direction.",
        "원소마다 [−threshold, threshold]로 잘랐습니다(값 기준 클리핑). 노름 기준 클리핑은 배열 전체에 threshold / norm을 곱해 방향을 유지합니다.",
        "要素ごとに [−threshold, threshold] に切り詰めています（値によるクリッピング）。ノルムによる勾配クリッピングは"
        "配列全体に threshold / norm を掛け、向きを保ちます。",
    ),
    "diag.clip-inverted-ratio": _m(
        CAUSE,
        "The factor is upside down: norm / threshold instead of threshold / norm.",
        "곱하는 비율이 뒤집혔습니다: threshold / norm이 아니라 norm / threshold입니다.",
        "掛ける比が逆です: threshold / norm ではなく norm / threshold になっています。",
    ),
    "diag.clip-comparison-reversed": _m(
        CAUSE,
        "The comparison is reversed: gradients below the threshold are rescaled and those above are kept. "
        "Clip when norm > threshold.",
        "비교가 반대입니다. 임계값보다 작은 기울기를 바꾸고 큰 것은 그대로 둡니다. norm > threshold일 때 클리핑하세요.",
        "比較が逆です。閾値より小さい勾配を変え、大きい勾配をそのままにしています。norm > threshold のときにクリップします。",
    ),
    "diag.clip-no-comparison": _m(
        CAUSE,
        "Every gradient is rescaled to the threshold, even small ones. Only rescale when norm > threshold.",
        "작은 기울기까지 모든 기울기를 임계값으로 맞춥니다. norm > threshold일 때만 배율을 곱하세요.",
        "小さい勾配も含めてすべての勾配を閾値に合わせています。norm > threshold のときだけ縮めてください。",
    ),
    "diag.clip-unit-norm": _m(
        CAUSE,
        "The gradient is divided by its norm (norm 1) instead of rescaled to the threshold: grad * (threshold / norm).",
        "기울기를 노름으로 나눠 노름 1로 만들었습니다. 임계값에 맞춰야 합니다: grad * (threshold / norm).",
        "勾配をノルムで割ってノルム 1 にしています。閾値に合わせます: grad * (threshold / norm)。",
    ),
    "diag.clip-missing-norm-division": _m(
        CAUSE,
        "The gradient is multiplied by the threshold but not divided by the norm: grad * (threshold / norm).",
        "기울기에 임계값을 곱했지만 노름으로 나누지 않았습니다: grad * (threshold / norm).",
        "勾配に閾値を掛けていますが、ノルムで割っていません: grad * (threshold / norm)。",
    ),
    "diag.clip-compares-squared-norm": _m(
        CAUSE,
        "The squared norm Σ g² is compared with the threshold. Compare the norm itself (or compare Σ g² with threshold²).",
        "노름의 제곱 Σ g²를 임계값과 비교했습니다. 노름 자체를 비교하세요(또는 Σ g²와 threshold²를 비교).",
        "ノルムの 2 乗 Σ g² を閾値と比べています。ノルムそのものを比べてください（または Σ g² と threshold² を比べる）。",
    ),
    "diag.clip-l1-norm": _m(
        CAUSE,
        "The norm is the L1 norm Σ |g|; clipping uses the L2 norm √(Σ g²).",
        "노름으로 L1 노름 Σ |g|를 썼습니다. 클리핑에는 L2 노름 √(Σ g²)를 씁니다.",
        "ノルムに L1 ノルム Σ |g| を使っています。勾配クリッピングでは L2 ノルム √(Σ g²) を使います。",
    ),
    "diag.clip-max-norm": _m(
        CAUSE,
        "The norm is the largest |g|; clipping uses the L2 norm √(Σ g²).",
        "노름으로 가장 큰 |g|를 썼습니다. 클리핑에는 L2 노름 √(Σ g²)를 씁니다.",
        "ノルムに |g| の最大値を使っています。勾配クリッピングでは L2 ノルム √(Σ g²) を使います。",
    ),
    "diag.clip-missing-sqrt": _m(
        CAUSE,
        "The norm lacks its square root: Σ g² is the squared norm; the L2 norm is √(Σ g²).",
        "노름에 제곱근이 빠졌습니다. Σ g²는 노름의 제곱이고, L2 노름은 √(Σ g²)입니다.",
        "ノルムの平方根が抜けています。Σ g² はノルムの 2 乗で、L2 ノルムは √(Σ g²) です。",
    ),
    "diag.clip-mean-norm": _m(
        CAUSE,
        "The norm uses the mean of the squares (np.mean); the L2 norm uses their sum: √(Σ g²).",
        "노름에 제곱의 평균(np.mean)을 썼습니다. L2 노름은 제곱의 합을 씁니다: √(Σ g²).",
        "ノルムに 2 乗の平均（np.mean）を使っています。L2 ノルムは 2 乗の和を使います: √(Σ g²)。",
    ),
    "diag.clip-spectral-norm": _m(
        CAUSE,
        "np.linalg.norm(grad, 2) on a matrix is its largest singular value, not the L2 norm over all elements. "
        "Use np.linalg.norm(grad) or np.sqrt(np.sum(grad ** 2)).",
        "행렬에 np.linalg.norm(grad, 2)를 쓰면 가장 큰 특잇값이지 모든 원소의 L2 노름이 아닙니다. "
        "np.linalg.norm(grad) 또는 np.sqrt(np.sum(grad ** 2))를 쓰세요.",
        "行列に対する np.linalg.norm(grad, 2) は最大特異値で、全要素の L2 ノルムではありません。"
        "np.linalg.norm(grad) か np.sqrt(np.sum(grad ** 2)) を使ってください。",
    ),
    "diag.clip-fro-norm": _m(
        CAUSE,
        "np.linalg.norm(grad, 'fro') accepts only 2-D arrays; gradients of other dimensions raise. "
        "Use np.linalg.norm(grad) or np.sqrt(np.sum(grad ** 2)).",
        "np.linalg.norm(grad, 'fro')는 2차원 배열만 받아서 다른 차원에서는 오류가 납니다. "
        "np.linalg.norm(grad) 또는 np.sqrt(np.sum(grad ** 2))를 쓰세요.",
        "np.linalg.norm(grad, 'fro') は 2 次元配列しか受け付けず、他の次元ではエラーになります。"
        "np.linalg.norm(grad) か np.sqrt(np.sum(grad ** 2)) を使ってください。",
    ),
    "diag.clip-nan-on-zero": _m(
        CAUSE,
        "A zero gradient gives nan or inf: something is divided by its zero norm. Only divide when norm > threshold.",
        "0 기울기에서 nan이나 inf가 나옵니다. 0인 노름으로 나눕니다. norm > threshold일 때만 나누세요.",
        "ゼロの勾配で nan か inf になります。ゼロのノルムで割っています。norm > threshold のときだけ割ってください。",
    ),
    "diag.clip-per-row-norm": _m(
        CAUSE,
        "One norm is taken per slice along axis {axis}; clipping uses one norm over all elements.",
        "축 {axis}을(를) 따라 조각마다 노름을 구했습니다. 클리핑은 모든 원소에 대한 노름 하나를 씁니다.",
        "軸 {axis} に沿ってスライスごとにノルムを取っています。勾配クリッピングは全要素で 1 つのノルムを使います。",
    ),
    "diag.clip-epsilon": _m(
        CAUSE,
        "{eps} is added to the norm (as in PyTorch's clip_grad_norm_ and 'Deep Learning from Scratch 2'). "
        "This exercise divides by the norm itself: threshold / norm.",
        "노름에 {eps}을(를) 더했습니다(PyTorch의 clip_grad_norm_이나 『밑바닥부터 시작하는 딥러닝 2』처럼). "
        "이 문제는 노름 자체로 나눕니다: threshold / norm.",
        "ノルムに {eps} を足しています（PyTorch の clip_grad_norm_ や『ゼロから作る Deep Learning ❷』のように）。"
        "この問題ではノルムそのもので割ります: threshold / norm。",
    ),
    # -- observations ----------------------------------------------------------------------------------
    "diag.overflow-large-values": _m(
        OBSERVATION,
        "nan or inf appears only on inputs with very large values: an exp (or a square) overflows. "
        "Use np.tanh and a sigmoid that does not overflow, e.g. 0.5 * (1 + np.tanh(0.5 * z)).",
        "아주 큰 값의 입력에서만 nan이나 inf가 나옵니다. exp(또는 제곱)가 넘칩니다. "
        "np.tanh와 넘치지 않는 시그모이드(예: 0.5 * (1 + np.tanh(0.5 * z)))를 쓰세요.",
        "非常に大きな値の入力でだけ nan か inf が出ます。exp（または 2 乗）がオーバーフローしています。"
        "np.tanh とオーバーフローしないシグモイド関数（例: 0.5 * (1 + np.tanh(0.5 * z))）を使ってください。",
    ),
    "diag.lstm-term-wrong": _m(
        OBSERVATION,
        "The result is right on every input where {term} is zero and wrong where it is not: look at how {term} enters the step.",
        "{term}이(가) 0인 입력에서는 결과가 모두 맞고, 아닌 곳에서 틀립니다. {term}이(가) 계산에 들어가는 부분을 보세요.",
        "{term} がゼロの入力ではすべて正しく、そうでないときに間違っています。{term} が計算に入る部分を見直してください。",
    ),
    "diag.fails-only-when": _m(
        OBSERVATION,
        "Every case is right except when {condition}: look at what your code assumes about the shapes there.",
        "{condition}인 경우를 빼면 모두 맞습니다. 그 경우의 모양에 대해 코드가 무엇을 가정하는지 보세요.",
        "{condition} の場合を除き、すべて正しいです。その場合の形についてコードが何を仮定しているか確認してください。",
    ),
    "diag.clip-wrong-above": _m(
        OBSERVATION,
        "Gradients whose norm is at most the threshold are right; the clipping branch (norm > threshold) is wrong.",
        "노름이 임계값 이하인 기울기는 맞습니다. 클리핑하는 분기(norm > threshold)가 틀렸습니다.",
        "ノルムが閾値以下の勾配は正しいです。クリップする分岐（norm > threshold）が間違っています。",
    ),
    "diag.clip-scale-wrong": _m(
        OBSERVATION,
        "Where the result is wrong it still points along grad; only its size is wrong. Check when you "
        "rescale (norm > threshold) and by what factor (threshold / norm, with the L2 norm over all elements).",
        "결과가 틀린 곳에서도 방향은 grad와 같고 크기만 틀립니다. 언제 배율을 곱하는지(norm > threshold), "
        "어떤 배율인지(모든 원소의 L2 노름으로 threshold / norm) 확인하세요.",
        "結果が違うところでも向きは grad と同じで、大きさだけが違います。いつ縮めるか（norm > threshold）と、"
        "どの倍率か（全要素の L2 ノルムで threshold / norm）を確認してください。",
    ),
    "diag.clip-direction-changed": _m(
        OBSERVATION,
        "Where the result is wrong it is not a multiple of grad: clipping by norm multiplies the whole array by one number.",
        "결과가 틀린 곳에서 grad의 상수배가 아닙니다. 노름 기준 클리핑은 배열 전체에 수 하나를 곱합니다.",
        "結果が違うところで grad の定数倍になっていません。ノルムによるクリッピングは配列全体に 1 つの数を掛けます。",
    ),
    "diag.clip-changes-below": _m(
        OBSERVATION,
        "Gradients above the threshold are right, but some whose norm is at most the threshold come back changed: "
        "they must be returned as they are.",
        "임계값보다 큰 기울기는 맞지만, 노름이 임계값 이하인 기울기가 바뀌어 돌아옵니다. 그대로 반환해야 합니다.",
        "閾値を超える勾配は正しいのですが、ノルムが閾値以下の勾配が変わって返ってきます。そのまま返してください。",
    ),
    "diag.only-output-wrong": _m(
        OBSERVATION,
        "{other} is right on every case and {name} is wrong on {wrong} of the {total} visible tests: look at the line that computes {name}.",
        "{other}은(는) 모든 경우에 맞고 {name}은(는) 보이는 테스트 {total}개 중 {wrong}개에서 틀립니다. {name}을(를) 계산하는 줄을 보세요.",
        "{other} はすべてのケースで正しく、{name} は見えるテスト {total} 個中 {wrong} 個で間違っています。{name} を計算する行を見てください。",
    ),
    "diag.only-output-wrong-unseen": _m(
        OBSERVATION,
        "{other} is right on every case and {name} is wrong in some hidden tests: look at the line that computes {name}.",
        "{other}은(는) 모든 경우에 맞고 {name}은(는) 숨겨진 테스트 일부에서 틀립니다. {name}을(를) 계산하는 줄을 보세요.",
        "{other} はすべてのケースで正しく、{name} は隠しテストの一部で間違っています。{name} を計算する行を見てください。",
    ),
    "diag.outputs-wrong": _m(
        OBSERVATION,
        "{names} wrong on {wrong} of the {total} visible tests; no single mistake explains every case.",
        "{names}: 보이는 테스트 {total}개 중 {wrong}개에서 틀립니다. 모든 경우를 설명하는 실수 하나는 찾지 못했습니다.",
        "{names}: 見えるテスト {total} 個中 {wrong} 個で間違っています。すべてを説明する 1 つの誤りは見つかりませんでした。",
    ),
    "diag.outputs-wrong-unseen": _m(
        OBSERVATION,
        "{names} wrong in some hidden tests; no single mistake explains every case.",
        "{names}: 숨겨진 테스트 일부에서 틀립니다. 모든 경우를 설명하는 실수 하나는 찾지 못했습니다.",
        "{names}: 隠しテストの一部で間違っています。すべてを説明する 1 つの誤りは見つかりませんでした。",
    ),
}

KINDS: dict[str, str] = {key: kind for key, (kind, _) in _TABLE.items()}
MESSAGES: dict[str, dict[str, str]] = {key: texts for key, (_, texts) in _TABLE.items()}


def render(key: str, lang: str, fields: dict[str, str]) -> str:
    """A finding's sentence (for tests and tools; the project's i18n renders them for people)."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**fields)
