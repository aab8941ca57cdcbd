"""The class report as one HTML page (OUT/report.html): inline CSS and SVG, no script and no address
to fetch, readable on a phone. The same data as report.md (checker.batch.report.ClassReport); every
text a student chose is cleaned, bounded and escaped with html.escape."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

from checker.batch.report import MISSING, ClassReport
from checker.figures import format_number
from checker.i18n import message, pick
from checker.inert import MESSAGE_LIMIT, NAME_LIMIT, PATH_LIMIT, clean, flat
from checker.render.grade_view import _first_line, _reason

SOURCE_LINES = 400  # a similar pair's file shown side by side: at most this many lines
SOURCE_LINE_LIMIT = 300  # characters of one line
MATCHES_LISTED = 50

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 0 1rem 2rem; color: #1b1f24; background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR",
  "Noto Sans CJK JP", "Apple SD Gothic Neo", "Hiragino Sans", sans-serif; }
main { max-width: 60rem; margin: 0 auto; }
h1 { font-size: 1.5rem; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1rem; overflow-wrap: anywhere; }
p, li, td, th { overflow-wrap: break-word; }
td.n, th.n { white-space: nowrap; }
.muted { color: #57606a; font-size: .9rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
svg { display: block; max-width: 100%; height: auto; }
svg.histogram { width: 34rem; }
.chart text { font-size: 11px; fill: #1b1f24; }
.chart .bar { fill: #1f6feb; }
.rows { list-style: none; padding: 0; }
.rows li { margin: .6rem 0; }
.meter { display: flex; align-items: center; gap: .5rem; }
.meter svg { flex: 1 1 auto; width: 100%; height: .9rem; }
.meter .num { flex: 0 0 auto; font-variant-numeric: tabular-nums; font-size: .85rem; }
.track { fill: #eaeef2; }
.fill { fill: #1f6feb; }
.fill.hidden { fill: url(#stripes); }
.fill.mistake { fill: #bf8700; }
.tag { display: inline-block; font-size: .75rem; border: 1px solid #8c959f; border-radius: .3rem;
  padding: 0 .3rem; margin-left: .3rem; color: #57606a; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { overflow-wrap: anywhere; }
td code { overflow-wrap: break-word; }
.scroll > table.problems { min-width: 40rem; }
.side { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: .5rem; }
.side pre { margin: 0; font-size: .8rem; overflow-x: auto; background: #f6f8fa; padding: .4rem; }
.side mark { background: #fff3b0; display: inline-block; min-width: 100%; }
.ln { color: #6e7781; }
@media (max-width: 30rem) { body { font-size: 15px; padding: 0 .6rem 1.5rem; } h1 { font-size: 1.3rem; } }
"""

# The stripes hidden tests' bars are drawn with, defined once for every chart of the page.
PATTERNS = (
    '<svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute">'
    '<defs><pattern id="stripes" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#8250df"/>'
    '<rect width="3" height="6" fill="#c297ff"/></pattern></defs></svg>'
)


def esc(value: object, limit: int = MESSAGE_LIMIT) -> str:
    """Any text, cleaned, bounded and escaped for HTML (attributes included)."""
    return html.escape(clean(value, limit), quote=True)


def esc_line(value: object, limit: int = NAME_LIMIT) -> str:
    """A name or a file's path on one line, cleaned, bounded and escaped for HTML."""
    return html.escape(flat(value, limit), quote=True)


# What a page may load or run: nothing but its own inline style (no script, image, font, frame or
# form, whatever a student's text might smuggle past escaping).
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def page(title: str, lang: str, body: str, style: str = "") -> str:
    """A whole page: `title` and `body` already escaped; `style`, more CSS of our own."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f"<title>{title}</title>\n<style>{STYLE}{style}</style>\n</head>\n<body>\n{PATTERNS}\n<main>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def meter(share: float, label: str, number: str, kind: str = "") -> str:
    """A horizontal bar (`share` of 0..1) with its accessible `label` and the `number` beside it; both
    given escaped."""
    width = f"{100 * max(0.0, min(1.0, share)):.1f}"
    return (
        f'<div class="meter"><svg viewBox="0 0 100 8" preserveAspectRatio="none" role="img" '
        f'aria-label="{label}"><title>{label}</title><rect class="track" width="100" height="8"/>'
        f'<rect class="fill {kind}" width="{width}" height="8"/></svg><span class="num">{number}</span></div>'
    )


def report_html(
    report: ClassReport,
    lang: str,
    meta: dict,
    similar: Sequence | None = None,
    sources: Mapping[tuple[int, str], str] | None = None,
    today: date | None = None,
) -> str:
    """report.html: the header, the score histogram, the pass rate of every test, the misconceptions
    with what to re-teach, errors and timeouts, missing students, files not graded, and — only when
    `similar` is given (pairs with exercise, a, b, score, matches) — the similar submissions, shown
    side by side from `sources` ((exercise, student) -> the file's text) when it has them."""

    def m(key: str, **fields: object) -> str:
        return html.escape(message(key, lang, **fields), quote=False)

    title = m("grade.title", input=flat(meta.get("input", ""), PATH_LIMIT))
    parts = [f"<h1>{title}</h1>", _header(report, lang, meta, today or date.today())]
    parts += [f"<h2>{m('grade.scores')}</h2>", histogram_svg(report.histogram, lang)]
    parts += [f"<h2>{m('grade.pass_rates')}</h2>", _rates(report, lang)]
    parts += [f"<h2>{m('grade.misconceptions')}</h2>", _misconceptions(report, lang)]
    parts += [f"<h2>{m('grade.problems')}</h2>", _problems(report, lang)]
    parts += [f"<h2>{m('report.students')}</h2>", _students(report, lang)]
    missing = [r.student for r in report.rows if r.status == MISSING]
    parts += [f"<h2>{m('grade.missing')}</h2>", _list([esc_line(s) for s in missing], lang)]
    parts += [f"<h2>{m('grade.not_graded')}</h2>", _not_graded(report, lang)]
    if similar is not None:
        parts += [f"<h2>{m('report.similar.title')}</h2>", similar_html(similar, sources or {}, lang)]
    return page(title, lang, "\n".join(parts))


def _header(report: ClassReport, lang: str, meta: dict, day: date) -> str:
    summary = message(
        "grade.summary",
        lang,
        students=len(report.rows),
        submissions=meta.get("submissions", 0),
        reused=meta.get("reused", 0),
    )
    written = message("report.written", lang, date=day.isoformat(), version=flat(meta.get("version", "")))
    return (
        f"<p><strong>{html.escape(summary)}</strong></p>\n"
        f'<p class="muted">{html.escape(written)} {html.escape(message("report.feedback_note", lang))}</p>'
    )


def histogram_svg(bands: Sequence[int], lang: str) -> str:
    """Students per 10% band of the total as an SVG bar chart: a count over each bar, the band under it,
    and the whole as its <title>."""
    most = max(bands, default=0)
    names = [f"{10 * k}–{10 * k + 10}%" for k in range(len(bands))]
    label = html.escape(
        message("report.histogram_label", lang, bands=", ".join(f"{n}: {c}" for n, c in zip(names, bands))),
        quote=True,
    )
    left, top, height, step = 34, 34, 150, 36
    width = left + step * len(bands) + 6
    shapes = [
        f'<text x="2" y="12">{html.escape(message("report.students_axis", lang))}</text>',
        f'<line x1="{left - 2}" y1="{top + height}" x2="{width - 4}" y2="{top + height}" stroke="#8c959f"/>',
    ]
    for k, count in enumerate(bands):
        tall = round(height * count / most) if most else 0
        x = left + k * step
        shapes.append(
            f"<g><title>{html.escape(names[k])}: {count}</title>"
            f'<rect class="bar" x="{x + 3}" y="{top + height - tall}" width="{step - 6}" height="{tall}"/>'
            f'<text x="{x + step / 2}" y="{top + height - tall - 4}" text-anchor="middle">{count}</text>'
            f'<text x="{x + step / 2}" y="{top + height + 14}" text-anchor="middle">{10 * k}</text></g>'
        )
    shapes.append(f'<text x="{width - 4}" y="{top + height + 30}" text-anchor="end">%</text>')
    return (
        f'<svg class="chart histogram" viewBox="0 0 {width} {top + height + 36}" role="img" '
        f'aria-labelledby="histogram-title"><title id="histogram-title">{label}</title>'
        + "".join(shapes)
        + "</svg>"
    )


def _rates(report: ClassReport, lang: str) -> str:
    if not report.rates:
        return f"<p>{html.escape(message('grade.none', lang))}</p>"
    items = []
    for rate in sorted(report.rates, key=lambda r: (r.exercise, r.passed / max(r.graded, 1))):
        hidden = rate.visibility == "hidden"
        percent = f"{100 * rate.passed / rate.graded:.0f}" if rate.graded else "0"
        name = pick(rate.name, lang)
        label = html.escape(
            message(
                "report.rate_label", lang, test=name, passed=rate.passed, graded=rate.graded, percent=percent
            )
        )
        vis = message("grade.visibility.hidden" if hidden else "grade.visibility.visible", lang)
        items.append(
            f"<li><div>{html.escape(message('grade.exercise', lang, number=rate.exercise))} · "
            f'{esc(name, NAME_LIMIT)}<span class="tag">{html.escape(vis)}</span></div>'
            + meter(
                rate.passed / rate.graded if rate.graded else 0.0,
                label,
                f"{rate.passed}/{rate.graded} ({percent}%)",
                "hidden" if hidden else "",
            )  # fmt: skip
            + "</li>"
        )
    legend = html.escape(message("report.rates_legend", lang))
    return f'<p class="muted">{legend}</p>\n<ul class="rows rates">' + "\n".join(items) + "</ul>"


def _misconceptions(report: ClassReport, lang: str) -> str:
    if not report.misconceptions:
        return f"<p>{html.escape(message('grade.none_recognised', lang))}</p>"
    most = max(item.count for item in report.misconceptions)
    reteach = html.escape(message("grade.col_reteach", lang))
    items = []
    for item in report.misconceptions:
        title = pick(item.title, lang)
        label = html.escape(message("report.misconception_label", lang, title=title, count=item.count))
        text = pick(item.reteach, lang)
        items.append(
            f"<li><div><strong>{esc(title, NAME_LIMIT)}</strong> <code>{esc_line(item.tag)}</code></div>"
            + meter(item.count / most, label, str(item.count), "mistake")
            + (f'<div class="muted">{reteach}: {esc(text)}</div>' if text else "")
            + "</li>"
        )
    return '<ul class="rows mistakes">' + "\n".join(items) + "</ul>"


def _problems(report: ClassReport, lang: str) -> str:
    if not report.problems:
        return f"<p>{html.escape(message('grade.none', lang))}</p>"
    columns = (
        "report.col_student",
        "grade.col_exercise",
        "report.col_file",
        "report.col_kind",
        "report.col_message",
    )
    head = "".join(f"<th>{html.escape(message(c, lang))}</th>" for c in columns)
    rows = [
        f"<tr><td>{esc_line(p.student)}</td><td>{p.exercise}</td><td><code>{esc_line(p.name, PATH_LIMIT)}"
        f"</code></td><td>{esc_line(p.kind)}</td><td>{html.escape(_first_line(p.message, lang))}</td></tr>"
        for p in report.problems
    ]
    return f'<div class="scroll"><table class="problems"><tr>{head}</tr>' + "\n".join(rows) + "</table></div>"


def _students(report: ClassReport, lang: str) -> str:
    """Every student's scores, as in the gradebook."""
    if not report.rows:
        return f"<p>{html.escape(message('grade.none', lang))}</p>"
    head = f"<th>{html.escape(message('report.col_student', lang))}</th>" + "".join(
        f'<th class="n">{html.escape(message("grade.exercise", lang, number=n))}</th>'
        for n in report.exercises
    )
    head += "".join(
        f'<th class="n">{html.escape(message(k, lang))}</th>'
        for k in ("report.col_total", "report.col_status")
    )
    rows = []
    for row in report.rows:
        scores = "".join(
            f'<td class="n">{format_number(row.scores[n]) if row.scores.get(n) is not None else "–"}</td>'
            for n in report.exercises
        )
        graded = row.graded_total
        total = f"{format_number(graded) if graded is not None else '–'} / {format_number(row.max_total)}"
        rows.append(
            f'<tr><td>{esc_line(row.student)}</td>{scores}<td class="n">{total}</td>'
            f'<td class="n">{_status(row.status, lang)}</td></tr>'
        )
    return f'<div class="scroll"><table class="students"><tr>{head}</tr>' + "\n".join(rows) + "</table></div>"


def _status(status: str, lang: str) -> str:
    """A row's status in words (the gradebook's code when there are none for it)."""
    from checker.i18n import MESSAGES

    key = f"report.status.{status}"
    return html.escape(message(key, lang)) if key in MESSAGES else esc_line(status)


def _not_graded(report: ClassReport, lang: str) -> str:
    earlier = {(kept, other) for _, _, kept, other in report.attempts}
    items = [
        f"<code>{esc_line(name, PATH_LIMIT)}</code>: {esc_line(_reason(reason, lang), MESSAGE_LIMIT)}"
        for name, reason in report.unattributed
    ]
    items += [
        f"<code>{esc_line(other, PATH_LIMIT)}</code>: "
        + html.escape(
            message(
                "report.earlier_attempt" if (kept, other) in earlier else "report.duplicate",
                lang,
                kept=flat(kept, PATH_LIMIT),
            )
        )
        for kept, other in report.duplicates
    ]
    return _list(items, lang)


def _list(items: list[str], lang: str) -> str:
    """Items already escaped, as a list; "None." without any."""
    if not items:
        return f"<p>{html.escape(message('grade.none', lang))}</p>"
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def similar_html(pairs: Sequence, sources: Mapping[tuple[int, str], str], lang: str) -> str:
    """The similar pairs, most alike first as given: who, how alike, the matched line ranges, and both
    files side by side with the matched lines marked."""
    if not pairs:
        return f"<p>{html.escape(message('report.similar.none', lang))}</p>"
    parts = [f'<p class="muted">{html.escape(message("report.similar.intro", lang))}</p>']
    for pair in pairs:
        percent = f"{100 * float(pair.score):.0f}"
        heading = message(
            "report.similar.pair",
            lang,
            exercise=pair.exercise,
            a=flat(pair.a),
            b=flat(pair.b),
            percent=percent,
        )
        matches = list(pair.matches)[:MATCHES_LISTED]
        spans = ", ".join(f"{_span(mt.a_lines)} ↔ {_span(mt.b_lines)}" for mt in matches)
        parts.append(f'<section class="pair"><h3>{html.escape(heading)}</h3>')
        parts.append(
            f'<p class="muted">{html.escape(message("report.similar.lines", lang, lines=spans))}</p>'
        )
        parts.append('<div class="side">')
        for who, side in ((pair.a, "a_lines"), (pair.b, "b_lines")):
            marked = [getattr(mt, side) for mt in pair.matches]
            parts.append(_source(who, sources.get((pair.exercise, who)), marked, lang))
        parts.append("</div></section>")
    return "\n".join(parts)


def _span(lines: tuple[int, int]) -> str:
    first, last = int(lines[0]), int(lines[1])
    return str(first) if first == last else f"{first}–{last}"


def _source(student: str, text: str | None, marked: list[tuple[int, int]], lang: str) -> str:
    """One file of a pair, numbered, its matched lines in <mark>, bounded."""
    head = f"<div><div><strong>{esc_line(student)}</strong></div>"
    if text is None:
        return head + f'<p class="muted">{html.escape(message("report.similar.no_source", lang))}</p></div>'
    lines = text.replace("\r\n", "\n").split("\n", SOURCE_LINES)[:SOURCE_LINES]
    hit = {n for first, last in marked for n in range(int(first), min(int(last), SOURCE_LINES) + 1)}
    width = len(str(len(lines)))
    shown = []
    for number, line in enumerate(lines, start=1):
        row = f'<span class="ln">{number:>{width}}</span> {esc(line, SOURCE_LINE_LIMIT)}'
        shown.append(f"<mark>{row}</mark>" if number in hit else row)
    cut = text.count("\n") >= SOURCE_LINES
    note = (
        f'<p class="muted">{html.escape(message("report.similar.cut", lang, count=SOURCE_LINES))}</p>'
        if cut
        else ""
    )
    return head + "<pre>" + "\n".join(shown) + "</pre>" + note + "</div>"
