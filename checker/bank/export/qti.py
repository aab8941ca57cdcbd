"""QTI 1.2 as Canvas (Classic Quizzes) imports it: a zip of imsmanifest.xml and one assessment.

Items follow what Canvas itself exports (its question_type and points_possible metadata, response
idents "response1" and "response_<answer id>", SCORE from 0 to 100, answer feedback as itemfeedback
"<answer id>_fb", the explanation as "general_fb"). Canvas grades multiple_answers_question with partial
credit, a wrong tick taking back what a right one gives, down to 0: our net-correct rule. Canvas keeps
only right answers for typed questions, so feedback on a wrong typed answer is left out.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from checker.bank.export.items import (
    Item,
    Omission,
    TopicExport,
    choice_feedback,
    displayed_choices,
    number_text,
    numeric_margin,
    shape_answers,
    to_html,
)
from checker.i18n import pick

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
FOLDER = "lstm_quiz"
ASSESSMENT = f"{FOLDER}/{FOLDER}.xml"

TYPES = {
    "choice": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "shape": "short_answer_question",
    "match": "matching_question",
}
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed, so the same bank gives the same bytes


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _mattext(parent: ET.Element, body: str, html_text: bool = True) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", body, texttype="text/html" if html_text else "text/plain")


def _metadata(question_type: str, answer_ids: list[str]) -> ET.Element:
    itemmetadata = ET.Element("itemmetadata")
    qtimetadata = _sub(itemmetadata, "qtimetadata")
    for label, entry in (
        ("question_type", question_type),
        ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(answer_ids)),
    ):
        field = _sub(qtimetadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)
    return itemmetadata


def _scored(resprocessing: ET.Element, points: str = "100", action: str = "Set", **attrs: str) -> ET.Element:
    condition = _sub(resprocessing, "respcondition", **attrs)
    conditionvar = _sub(condition, "conditionvar")
    _sub(condition, "setvar", points, action=action, varname="SCORE")
    return conditionvar


def _show_feedback(resprocessing: ET.Element, response: str, answer_id: str) -> None:
    condition = _sub(resprocessing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(condition, "conditionvar"), "varequal", answer_id, respident=response)
    _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{answer_id}_fb")


class _Ids:
    """Answer idents, unique in the assessment (Canvas uses numbers)."""

    def __init__(self) -> None:
        self.next = 1000

    def take(self) -> str:
        self.next += 1
        return str(self.next)


def _choices(item: Item, lang: str, export: TopicExport, ids: _Ids, presentation, resprocessing, feedbacks):
    variant, q = item.variant, item.question
    per_key, left_out = choice_feedback(variant, lang)
    export.omit(Omission.COMBINATION_FEEDBACK, left_out)
    single = q.type == "choice"
    right = {variant.answer} if single else set(variant.answer)
    lid = _sub(
        presentation, "response_lid", ident="response1", rcardinality="Single" if single else "Multiple"
    )
    render = _sub(lid, "render_choice", shuffle="Yes" if q.shuffle else "No")
    answers = []
    for key, label in displayed_choices(variant, lang):
        answer_id = ids.take()
        answers.append((answer_id, key in right))
        _mattext(_sub(render, "response_label", ident=answer_id), to_html(label))
        if per_key.get(key):
            _show_feedback(resprocessing, "response1", answer_id)
            feedbacks.append((f"{answer_id}_fb", "".join(to_html(m) for m in per_key[key])))
    conditionvar = _scored(resprocessing, **{"continue": "No"})
    if single:
        _sub(conditionvar, "varequal", next(a for a, ok in answers if ok), respident="response1")
    else:
        both = _sub(conditionvar, "and")
        for answer_id, ok in answers:
            parent = both if ok else _sub(both, "not")
            _sub(parent, "varequal", answer_id, respident="response1")
    return [a for a, _ in answers]


def _numeric(item: Item, export: TopicExport, ids: _Ids, presentation, resprocessing):
    variant = item.variant
    export.omit(Omission.TYPED_FEEDBACK, len(item.question.feedback))
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
    margin = numeric_margin(variant)
    either = _sub(_scored(resprocessing, **{"continue": "No"}), "or")
    _sub(either, "varequal", number_text(variant.answer), respident="response1")
    both = _sub(either, "and")
    _sub(both, "vargte", number_text(variant.answer - margin), respident="response1")
    _sub(both, "varlte", number_text(variant.answer + margin), respident="response1")
    return [ids.take()]


def _short(item: Item, export: TopicExport, ids: _Ids, presentation, resprocessing):
    variant, q = item.variant, item.question
    export.omit(Omission.TYPED_FEEDBACK, len(q.feedback))
    response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
    _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
    accepted = shape_answers(variant) if q.type == "shape" else list(variant.answer)
    conditionvar = _scored(resprocessing, **{"continue": "No"})
    for text in accepted:
        _sub(conditionvar, "varequal", text, respident="response1")
    return [ids.take() for _ in accepted]


def _match(item: Item, lang: str, ids: _Ids, presentation, resprocessing):
    variant = item.variant
    rights = [(ids.take(), variant.render(p.right, lang)) for p in item.question.pairs]
    share = f"{100 / len(rights):.2f}"
    answer_ids = []
    for left, (match_id, _) in zip(variant.left_items(lang), rights):
        answer_id = ids.take()
        answer_ids.append(answer_id)
        lid = _sub(presentation, "response_lid", ident=f"response_{answer_id}")
        _mattext(lid, left, html_text=False)
        render = _sub(lid, "render_choice")
        for other_id, right in rights:
            _mattext(_sub(render, "response_label", ident=other_id), right, html_text=False)
        _sub(_scored(resprocessing, share, "Add"), "varequal", match_id, respident=f"response_{answer_id}")
    return answer_ids


def _item(section: ET.Element, item: Item, lang: str, export: TopicExport, ids: _Ids) -> None:
    variant, q = item.variant, item.question
    item_el = _sub(section, "item", ident=f"{q.id}-{variant.seed}", title=item.name)
    presentation = _sub(item_el, "presentation")
    _mattext(presentation, f"<div>{to_html(variant.prompt(lang))}</div>")
    resprocessing = _sub(item_el, "resprocessing")
    _sub(
        _sub(resprocessing, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    general = _sub(resprocessing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(general, "conditionvar"), "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    feedbacks = [("general_fb", to_html(variant.explanation(lang)))]
    if q.type in ("choice", "multi"):
        answer_ids = _choices(item, lang, export, ids, presentation, resprocessing, feedbacks)
    elif q.type == "numeric":
        answer_ids = _numeric(item, export, ids, presentation, resprocessing)
    elif q.type == "match":
        answer_ids = _match(item, lang, ids, presentation, resprocessing)
    else:
        answer_ids = _short(item, export, ids, presentation, resprocessing)
    item_el.insert(0, _metadata(TYPES[q.type], answer_ids))  # first, though known only now
    for ident, body in feedbacks:
        flow = _sub(_sub(item_el, "itemfeedback", ident=ident), "flow_mat")
        _mattext(flow, body)


def assessment(exports: list[TopicExport], lang: str, title: str) -> bytes:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    test = _sub(root, "assessment", ident="lstm_quiz_assessment", title=title)
    ids = _Ids()
    root_section = _sub(test, "section", ident="root_section")
    for export in exports:
        for item in export.items:
            _item(root_section, item, lang, export, ids)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def manifest(title: str) -> bytes:
    root = ET.Element("manifest", identifier="lstm_quiz_manifest", xmlns=CP_NS)
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resource = _sub(
        _sub(root, "resources"), "resource", identifier=FOLDER, type="imsqti_xmlv1p2", href=ASSESSMENT
    )
    _sub(resource, "file", href=ASSESSMENT)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def write(exports: list[TopicExport], lang: str) -> bytes:
    """The QTI zip of these topics' items."""
    titles = [pick(e.topic.title, lang) for e in exports]
    title = "lstm-quiz: " + (titles[0] if len(titles) == 1 else ", ".join(e.topic.id for e in exports))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("imsmanifest.xml", manifest(title)),
            (ASSESSMENT, assessment(exports, lang, title)),
        ):
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
