"""The sentences of submission, in every language (merged into checker.i18n.MESSAGES): how a submitted
file was read (notebooks, encodings), and why it could not be."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "submission.read_as": {
        "en": "Your file was read as {encoding}: save it as UTF-8 (without a BOM) so every tool reads it the same way.",
        "ko": "파일을 {encoding}(으)로 읽었어요. 어느 도구에서나 똑같이 읽히도록 UTF-8(BOM 없이)로 저장하세요.",
        "ja": "ファイルを {encoding} として読みました。どのツールでも同じように読めるよう、UTF-8（BOM なし）で保存してください。",
    },
    "submission.not_text": {
        "en": "This file is not text in UTF-8, EUC-KR/CP949, Shift-JIS/CP932 or UTF-16, so it cannot be graded. Save it as UTF-8 (in your editor: Save As → Encoding: UTF-8) and hand it in again.",
        "ko": "이 파일은 UTF-8, EUC-KR/CP949, Shift-JIS/CP932, UTF-16 중 어느 것으로도 읽을 수 없는 내용이라 채점할 수 없어요. UTF-8로 저장해서(편집기에서 다른 이름으로 저장 → 인코딩: UTF-8) 다시 제출하세요.",
        "ja": "このファイルは UTF-8、EUC-KR/CP949、Shift-JIS/CP932、UTF-16 のどのテキストとしても読めないため、採点できません。UTF-8 で保存し直して（エディタで「名前を付けて保存」→ 文字コード: UTF-8）、もう一度提出してください。",
    },
    "submission.notebook_json": {
        "en": "This .ipynb is not a notebook: it is not valid JSON (line {line}, column {column}). Open it in Jupyter or Colab and save it again, or hand in a .py file.",
        "ko": "이 .ipynb는 노트북이 아니에요. 올바른 JSON이 아니에요({line}행 {column}열). Jupyter나 Colab에서 열어 다시 저장하거나 .py 파일로 제출하세요.",
        "ja": "この .ipynb はノートブックではありません。正しい JSON ではありません（{line} 行 {column} 列）。Jupyter か Colab で開いて保存し直すか、.py ファイルを提出してください。",
    },
    "submission.notebook_version": {
        "en": "This .ipynb is not a notebook that can be read: it is in nbformat {version}, and only nbformat 4 (what Jupyter and Colab save today) is read. Open it in Jupyter or Colab and save it again, or hand in a .py file.",
        "ko": "이 .ipynb는 읽을 수 있는 노트북이 아니에요. nbformat {version} 형식인데, 지금 Jupyter와 Colab이 저장하는 nbformat 4만 읽어요. Jupyter나 Colab에서 열어 다시 저장하거나 .py 파일로 제출하세요.",
        "ja": "この .ipynb は読めるノートブックではありません。nbformat {version} の形式ですが、読めるのは現在の Jupyter や Colab が保存する nbformat 4 だけです。Jupyter か Colab で開いて保存し直すか、.py ファイルを提出してください。",
    },
    "submission.notebook_shape": {
        "en": "This .ipynb is not a notebook: it is JSON, but it has no list of cells. Open it in Jupyter or Colab and save it again, or hand in a .py file.",
        "ko": "이 .ipynb는 노트북이 아니에요. JSON이지만 셀 목록이 없어요. Jupyter나 Colab에서 열어 다시 저장하거나 .py 파일로 제출하세요.",
        "ja": "この .ipynb はノートブックではありません。JSON ですが、セルの一覧がありません。Jupyter か Colab で開いて保存し直すか、.py ファイルを提出してください。",
    },
    "submission.notebook_cell": {
        "en": "This .ipynb is not a notebook: its cell {cell} is damaged (no type, or its source is not text). Open it in Jupyter or Colab and save it again, or hand in a .py file.",
        "ko": "이 .ipynb는 노트북이 아니에요. {cell}번째 셀이 손상됐어요(종류가 없거나 소스가 텍스트가 아니에요). Jupyter나 Colab에서 열어 다시 저장하거나 .py 파일로 제출하세요.",
        "ja": "この .ipynb はノートブックではありません。セル {cell} が壊れています（種類がないか、ソースがテキストではありません）。Jupyter か Colab で開いて保存し直すか、.py ファイルを提出してください。",
    },
    "submission.notebook_items": {
        "en": "This notebook holds more than {limit:,} values, most likely in its outputs (a cell that printed a line per step, say): clear its outputs (Edit → Clear all outputs) and save it again, or hand in a .py file.",
        "ko": "이 노트북에는 값이 {limit:,}개를 넘게 들어 있어요. 대개 출력 때문이에요(단계마다 한 줄씩 출력한 셀 등). 출력을 모두 지우고(편집 → 모든 출력 지우기) 다시 저장하거나 .py 파일로 제출하세요.",
        "ja": "このノートブックには {limit:,} を超える値が入っています。多くは出力のせいです（ステップごとに 1 行ずつ出力したセルなど）。出力をすべて消して（編集 → すべての出力をクリア）保存し直すか、.py ファイルを提出してください。",
    },
    "submission.notebook_too_large": {
        "en": "This notebook's code cells hold more than {limit} characters: hand in only the cells of the exercise.",
        "ko": "이 노트북의 코드 셀이 {limit}자를 넘어요. 과제에 해당하는 셀만 제출하세요.",
        "ja": "このノートブックのコードセルは {limit} 文字を超えています。課題のセルだけを提出してください。",
    },
    "submission.dropped": {
        "en": "{count} line(s) of notebook magics/shell commands were left out (they run only in Jupyter or Colab):",
        "ko": "노트북 매직/셸 명령 {count}줄은 빼고 채점했어요(Jupyter나 Colab에서만 실행돼요):",
        "ja": "ノートブックのマジック／シェルコマンド {count} 行は除いて採点しました（Jupyter や Colab でしか動きません）:",
    },
    "submission.dropped_line": {
        "en": "cell {cell}, line {line}: {code}",
        "ko": "{cell}번째 셀 {line}행: {code}",
        "ja": "セル {cell} の {line} 行目: {code}",
    },
    "submission.dropped_cell": {
        "en": "cell {cell}: the whole cell ({code}, {count} line(s))",
        "ko": "{cell}번째 셀: 셀 전체({code}, {count}줄)",
        "ja": "セル {cell}: セル全体（{code}、{count} 行）",
    },
    "submission.dropped_more": {
        "en": "… and {count} more",
        "ko": "… 그 밖에 {count}개 더",
        "ja": "… ほかに {count} 件",
    },
    "submission.colab": {
        "en": "Cell {cell}, line {line} imports google.colab, which exists only inside Colab: it cannot be imported here. Remove that import (and what uses it, such as drive.mount) from the notebook you hand in.",
        "ko": "{cell}번째 셀 {line}행에서 google.colab을 가져와요. Colab 안에만 있는 모듈이라 여기서는 가져올 수 없어요. 제출하는 노트북에서 그 import(와 drive.mount처럼 그것을 쓰는 코드)를 지우세요.",
        "ja": "セル {cell} の {line} 行目で google.colab をインポートしています。Colab の中にしかないモジュールなので、ここではインポートできません。提出するノートブックからその import（と drive.mount など、それを使うコード）を削除してください。",
    },
    "submission.syntax_cell": {
        "en": "Syntax error in cell {cell}, line {line}, column {column}: {message}\n    {text}",
        "ko": "{cell}번째 셀 {line}행 {column}열 문법 오류: {message}\n    {text}",
        "ja": "セル {cell} の {line} 行 {column} 列に構文エラーがあります: {message}\n    {text}",
    },
    "submission.notes": {"en": "How your file was read", "ko": "파일을 읽은 방법", "ja": "ファイルの読み方"},
}
