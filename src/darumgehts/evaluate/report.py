"""What an evaluation run shows: the text table, the HTML report and the side-by-side page.

The side-by-side page is for editors: German labels, every text escaped, one
self-contained file (inline CSS, no scripts, no external assets).
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

import numpy as np

from ..analyse.fragments import FRAGMENT_MAX_WORDS
from .quality import Quality
from .result import Box, Case, EvalResult, bootstrap_ci, length_stats
from .rouge import METRICS

SIDE_BY_SIDE_EXAMPLES = 50

# What the flags are called on the pages an editor reads, and what they mean.
FLAG_LABELS = {
    "anaphoric": ("Anapher", "Beginnt mit einem Wort, das auf einen früheren Satz verweist (Er, Dies, Dabei …): "
                             "der Punkt steht nicht für sich."),
    "short": ("Fragment: zu kurz", f"Höchstens {FRAGMENT_MAX_WORDS} Wörter."),
    "quotes": ("Fragment: Anführungszeichen", "Ein Anführungszeichen wird geöffnet oder geschlossen, aber nicht beides."),
    "brackets": ("Fragment: Klammer", "Eine Klammer wird geöffnet oder geschlossen, aber nicht beides."),
    "prefix": ("Fragment: Zeit/Quelle vorne", "Beginnt mit einer Uhrzeit oder Quellenangabe (Liveticker, Agentur)."),
    "redundant": ("Wiederholung", "Sagt dasselbe wie ein anderer Punkt derselben Box."),
    "unsupported": ("nicht belegt", "Der Faktenprüfer findet die Aussage nicht im Artikel."),
    "contradicted": ("widerspricht", "Der Faktenprüfer findet im Artikel etwas anderes."),
}
SYSTEM_LABELS = {"lead3": "Lead-3", "lead": "Lead-3"}
SYSTEM_NOTES = {"lead3": "die ersten drei Sätze", "lead": "die ersten drei Sätze"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.45;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
td,th{padding:.3em .8em;text-align:left;vertical-align:top}th{background:#f3f3f3}
table{border-collapse:collapse}tr+tr td{border-top:1px solid #eee}
.case{border-top:3px solid #c00;margin:2.5em 0 0;padding-top:.5em}
.case h2{margin:.2em 0;font-size:1.3em}.case h2 .nr{color:#c00;margin-right:.4em}
.meta{color:#555;font-size:.9em;margin:.2em 0 .8em}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1em}
.col{background:#fafafa;border:1px solid #ddd;border-radius:6px;padding:.6em .9em}
.col.ours{background:#fff6f6;border-color:#e3b3b3}.col.ref{background:#f4f8ff;border-color:#b8c9e6}
.col h3{margin:.1em 0 .4em;font-size:1em;display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 .6em}
.col h3 small{font-weight:normal;color:#555;margin-left:.3em}.col h3 .score{margin:0}
.col ul{margin:0;padding-left:1.2em}.col li{margin:.35em 0}
li.flagged{background:#fff3d6;border-radius:3px;padding:0 .3em;margin-left:-.3em}
.flag{display:inline-block;font-size:.75em;padding:0 .45em;margin-left:.3em;border-radius:3px;background:#ffe9b3;color:#5a3b00;
white-space:nowrap}
.flag.check{background:#c00;color:#fff}
.nums{font-size:.85em;color:#444;margin:.6em 0 0}
.empty{color:#777;font-style:italic}
details{font-size:.85em;color:#555;margin-top:.5em}
nav ol{columns:2;column-gap:2em;padding-left:1.8em}nav li{break-inside:avoid;margin:.15em 0}
nav small,.legend dd{color:#555}
.legend{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}.legend dd{margin:0}
.label{font-size:.8em;text-transform:uppercase;letter-spacing:.05em;color:#c00}
a{color:#a00}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.1%}"


def _de(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _de_pct(share: float | None) -> str:
    return "–" if share is None else _de(share * 100, 1) + " %"


# ---------------------------------------------------------------------------
# text


def _count(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "n/a"


def quality_lines(result: EvalResult) -> list[str]:
    head = ("anaphor-initial", "fragments", "redundant boxes", "key numbers")
    lines = [f"{'flags':28} " + " ".join(f"{h:>20}" for h in head)]
    for s in result.systems:
        q = s.quality
        cells = (_count(q.anaphoric, q.bullets), _count(q.fragments, q.bullets),
                 _count(q.redundant_boxes, q.boxes), _count(q.key_numbers_covered, q.key_numbers))
        lines.append(f"{s.name:28} " + " ".join(f"{c:>20}" for c in cells))
    lines.append("(shares of bullets, of bullets, of boxes, and of the references' numbers, dates and times "
                 "(years left out) that the box carries)")
    return lines


def format_table(result: EvalResult) -> str:
    lines = [f"{result.data}: {result.articles} articles, style {result.style} ({result.style_note()})"
             + (f", {len(result.skipped)} skipped" if result.skipped else "")]
    lines.append(f"{'system':28} " + " ".join(f"{m.upper():>22}" for m in METRICS))
    for s in result.systems:
        cells = []
        for m in METRICS:
            lo, hi = bootstrap_ci(s.scores[m])
            cells.append(f"{s.mean(m):.4f} [{lo:.3f}–{hi:.3f}]".rjust(22))
        lines.append(f"{s.name:28} " + " ".join(cells))
    st = length_stats(result.bullet_lengths)
    if st:
        lines.append(f"bullet length: mean {st['mean']:.0f}, median {st['median']:.0f}, p90 {st['p90']:.0f}, max {st['max']} characters")
    if result.bullets_checked:
        lines.append(f"check: {result.bullets_passed}/{result.bullets_checked} bullets supported "
                     f"({result.bullets_passed / result.bullets_checked:.1%}); {result.needs_review} boxes need review")
    if result.systems:
        lines.extend(quality_lines(result))
    if any(getattr(s, "generation", None) for s in result.summaries):
        from ..generate.figures import format_figures

        lines.extend(format_figures(result.generation()))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# HTML pieces shared by the report and the side-by-side page


def system_label(name: str) -> str:
    if name.startswith("darumgehts"):
        return "Unsere Box"
    return SYSTEM_LABELS.get(name, name)


def _flag(kind: str, text: str | None = None, css: str = "") -> str:
    label, title = FLAG_LABELS[kind]
    return f'<span class="flag{" " + css if css else ""}" title="{_e(title)}">{_e(text or label)}</span>'


def _bullet_flags(box: Box, i: int) -> list[str]:
    flags = box.assessment.flags[i]
    out = []
    if box.verdicts and box.verdicts[i] in ("unsupported", "contradicted"):
        out.append(_flag(box.verdicts[i], css="check"))
    if flags.anaphoric:
        out.append(_flag("anaphoric"))
    out.extend(_flag(reason) for reason in flags.fragment)
    if flags.redundant_with:
        points = ", ".join(str(j + 1) for j in flags.redundant_with)
        out.append(_flag("redundant", f"Wiederholung von Punkt {points}"))
    return out


def box_html(box: Box) -> str:
    """One system's box: its bullets with their flags, ROUGE-L, the key numbers it carries."""
    ours = box.system.startswith("darumgehts")
    note = SYSTEM_NOTES.get(box.system, box.system if ours else "")
    title = f"{_e(system_label(box.system))}{f' <small>{_e(note)}</small>' if note else ''}"
    items = []
    for i, text in enumerate(box.bullets):
        flags = _bullet_flags(box, i)
        css = ' class="flagged"' if flags else ""
        items.append(f"<li{css}>{_e(text)}{''.join(flags)}</li>")
    body = f"<ul>{''.join(items)}</ul>" if items else '<p class="empty">keine Punkte</p>'
    a = box.assessment
    if a.key_numbers:
        missing = f" (fehlt: {_e(', '.join(a.missing))})" if a.missing else ""
        body += f'<p class="nums">Zahlen der Referenz: {len(a.covered)} von {len(a.key_numbers)}{missing}</p>'
    if box.status == "needs_review":
        body += '<p class="nums"><span class="flag check">Box muss geprüft werden</span></p>'
    if box.rejected:
        rejected = "".join(f"<li>{_e(t)}</li>" for t in box.rejected)
        n = len(box.rejected)
        body += (f"<details><summary>{n} {'Satz' if n == 1 else 'Sätze'} vom Faktenprüfer verworfen</summary>"
                 f"<ul>{rejected}</ul></details>")
    return (f'<div class="col{" ours" if ours else ""}"><h3><span>{title}</span>'
            f'<small class="score">ROUGE-L {_de(box.rouge["rougeL"])}</small></h3>{body}</div>')


def reference_html(case: Case) -> str:
    items = "".join(f"<li>{_e(t)}</li>" for t in case.reference)
    return f'<div class="col ref"><h3><span>Referenz <small>von der Redaktion</small></span></h3><ul>{items}</ul></div>'


def case_title(case: Case) -> str:
    """The article's title; without one, its first words; without those, its id."""
    return case.title or case.opening or case.id


def case_html(case: Case, anchor: str, number: int | str, label: str = "", back: str = "") -> str:
    """One article: its title, our box, the reference and the baselines side by side."""
    scores = " · ".join(f"{_e(system_label(b.system))} {_de(b.rouge['rougeL'])}" for b in case.boxes)
    columns = [box_html(case.boxes[0]), reference_html(case)] + [box_html(b) for b in case.boxes[1:]]
    nr = f'<span class="nr">{_e(number)}</span>' if number != "" else ""
    return (f'<section class="case" id="{_e(anchor)}" lang="de">'
            + (f'<div class="label">{_e(label)}</div>' if label else "")
            + f'<h2>{nr}{_e(case_title(case))}</h2>'
            f'<p class="meta">ID <code>{_e(case.id)}</code> · ROUGE-L: {scores}'
            + (f' · <a href="#{_e(back)}">↑ Inhalt</a>' if back else "")
            + f'</p><div class="grid">{"".join(columns)}</div></section>')


def _flag_count(case: Case) -> int:
    """Bullets of our box with at least one flag."""
    return sum(1 for i in range(len(case.ours.bullets)) if _bullet_flags(case.ours, i))


# ---------------------------------------------------------------------------
# side-by-side page


def _quality_table_de(result: EvalResult) -> str:
    head = ("", "ROUGE-L (Mittel)", "Anapher am Anfang", "Fragmente", "Boxen mit Wiederholung", "Zahlen der Referenz")
    rows = []
    for s in result.systems:
        q: Quality = s.quality
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in (
            _e(system_label(s.name)), _de(s.mean("rougeL")), _de_pct(q.anaphoric_share), _de_pct(q.fragment_share),
            _de_pct(q.redundant_share), _de_pct(q.key_number_coverage))) + "</tr>")
    return ("<table><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table>"
            f"<p class=\"meta\">Anteile an allen {result.articles} ausgewerteten Artikeln: Anapher und Fragmente je Punkt, "
            "Wiederholung je Box, Zahlen je Zahl der Referenz (Beträge, Prozente, Daten, Uhrzeiten; ohne Jahreszahlen).</p>")


def _legend() -> str:
    items = "".join(f"<dt>{_flag(k, css='check' if k in ('unsupported', 'contradicted') else '')}</dt><dd>{_e(v[1])}</dd>"
                    for k, v in FLAG_LABELS.items())
    return (f'<dl class="legend">{items}<dt><b>ROUGE-L</b></dt><dd>Wie viel Wortfolge die Box mit der Referenz teilt, '
            "von 0 bis 1 (höher: näher an der Referenz). Sagt nichts darüber, ob die Box stimmt.</dd></dl>")


def side_by_side_html(result: EvalResult, examples: int = SIDE_BY_SIDE_EXAMPLES) -> str:
    """The side-by-side page: the first ``examples`` articles of the run (0: all), with contents and legend."""
    cases = result.cases[:examples] if examples else result.cases
    toc = []
    for n, case in enumerate(cases, 1):
        scores = " / ".join(f"{_e(system_label(b.system))} {_de(b.rouge['rougeL'])}" for b in case.boxes)
        flagged = _flag_count(case)
        toc.append(f'<li><a href="#artikel-{n}">{_e(case_title(case))}</a> <small>ROUGE-L {scores}'
                   + (f" · {flagged} {'Punkt' if flagged == 1 else 'Punkte'} markiert" if flagged else "") + "</small></li>")
    body = "".join(case_html(case, f"artikel-{n}", n, back="inhalt") for n, case in enumerate(cases, 1))
    shown = (f"alle {len(cases)} Artikel" if len(cases) == result.articles
             else f"die ersten {len(cases)} von {result.articles} Artikeln")
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Darum gehts: Boxen im Vergleich – {_e(Path(result.data).name)}</title><style>{_CSS}</style></head><body>
<h1>Darum gehts: Boxen im Vergleich</h1>
<p>Daten <code>{_e(result.data)}</code>, Stil <b>{_e(result.style)}</b> ({_e(result.style_note('de'))}); gezeigt werden {shown}.
Links unsere Box, daneben die Zusammenfassung der Redaktion (Referenz) und zum Vergleich {
    ", ".join(_e(system_label(s.name)) for s in result.systems[1:]) or "keine Vergleichssysteme"}.</p>
{_quality_table_de(result)}
<h2>Markierungen</h2>{_legend()}
<nav id="inhalt"><h2>Inhalt</h2><ol>{''.join(toc)}</ol></nav>
{body}
</body></html>"""


def write_side_by_side(result: EvalResult, path: Path, examples: int = SIDE_BY_SIDE_EXAMPLES) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(side_by_side_html(result, examples), "utf-8")


# ---------------------------------------------------------------------------
# report


def _plot(result: EvalResult) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    width = 0.8 / len(result.systems)
    x = np.arange(len(METRICS))
    for i, s in enumerate(result.systems):
        means = [s.mean(m) for m in METRICS]
        cis = [bootstrap_ci(s.scores[m]) for m in METRICS]
        err = [[mu - lo for mu, (lo, _) in zip(means, cis, strict=True)], [hi - mu for mu, (_, hi) in zip(means, cis, strict=True)]]
        ax1.bar(x + i * width, means, width, yerr=err, capsize=3, label=s.name)
    ax1.set_xticks(x + width * (len(result.systems) - 1) / 2, [m.upper() for m in METRICS])
    ax1.set_ylabel("F1 (95% bootstrap CI)")
    ax1.legend(fontsize=8)
    ax1.set_title("ROUGE F1")
    ax2.hist(result.bullet_lengths, bins=30, color="#c00")
    ax2.set_title("Bullet length (characters)")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _quality_rows(result: EvalResult) -> str:
    rows = []
    for s in result.systems:
        q = s.quality
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(q.fragment_reasons.items())) or "–"
        rows.append(f"<tr><td>{_e(s.name)}</td><td>{_count(q.anaphoric, q.bullets)}</td><td>{_count(q.fragments, q.bullets)}"
                    f" <small>{_e(reasons)}</small></td><td>{_count(q.redundant_boxes, q.boxes)}</td>"
                    f"<td>{_count(q.key_numbers_covered, q.key_numbers)}</td></tr>")
    return "".join(rows)


def write_report(result: EvalResult, path: Path, side_by_side: str | None = None) -> None:
    """The HTML report: figures, plot, flags, example boxes (best, median, worst ROUGE-L) and the skipped articles.

    ``side_by_side``: a link (relative to the report) to the side-by-side page, when one was written."""
    rows = "".join(
        "<tr><td>{}</td>{}</tr>".format(
            escape(s.name),
            "".join("<td>{:.4f} <small>[{:.3f}–{:.3f}]</small></td>".format(s.mean(m), *bootstrap_ci(s.scores[m])) for m in METRICS),
        )
        for s in result.systems
    )
    st = length_stats(result.bullet_lengths)
    share = f"{result.bullets_passed / result.bullets_checked:.1%}" if result.bullets_checked else "n/a"
    skipped = "".join(f"<li>{escape(i)}: {escape(e)}</li>" for i, e in result.skipped[:50])
    examples = "".join(case_html(case, f"example-{label}", "", label=f"{label} ROUGE-L of our box")
                       for label, case in result.examples())
    link = (f'<p>Every article side by side: <a href="{_e(side_by_side)}">{_e(side_by_side)}</a>.</p>'
            if side_by_side else "")
    html = f"""<!doctype html><html lang="en"><meta charset="utf-8"><title>darumgehts evaluation</title>
<style>{_CSS}</style>
<h1>darumgehts evaluation</h1>
<p>{escape(result.data)}: {result.articles} articles, style <b>{escape(result.style)}</b> ({escape(result.style_note())}).</p>
<table><tr><th>system</th>{''.join(f'<th>{m.upper()} F1</th>' for m in METRICS)}</tr>{rows}</table>
<p>Bullet length: mean {st.get('mean', 0):.0f}, median {st.get('median', 0):.0f}, p90 {st.get('p90', 0):.0f}, max {st.get('max', 0)} characters.
Bullets the checker supports: {share}. Boxes needing review: {result.needs_review}.</p>
<img alt="ROUGE scores and bullet lengths" src="data:image/png;base64,{_plot(result)}">
<h2>What ROUGE does not see</h2>
<table><tr><th>system</th><th>anaphor-initial bullets</th><th>fragments</th><th>boxes with a redundant pair</th>
<th>reference numbers in the box</th></tr>{_quality_rows(result)}</table>
<p><small>Anaphor: the bullet opens with a word that points back (Er, Dies, Dabei …). Fragment: at most
{FRAGMENT_MAX_WORDS} words, unbalanced quotes or brackets, or a timestamp/source prefix. Redundant: two bullets of
one box say the same thing. Reference numbers: the references' numbers, amounts, percentages, dates and times
(years left out), matched by kind and value, pooled over all articles.</small></p>
<h2>Example boxes</h2>
<p>Our box with the best, the median and the worst ROUGE-L, next to the reference and the baselines; flags as on the
side-by-side page.</p>{link}
{examples}
<h2>Skipped ({len(result.skipped)})</h2><ul>{skipped}</ul>
</html>"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, "utf-8")
