"""«lernt noch», proved by simulation: a simulated editor corrects boxes through the real service, the newsroom
retrains with ``darumgehts train --from-db``, and the model's choices on new articles move towards the editor's.

- The editor has one consistent preference, «Fakten statt Zitate»: no bullet may quote anyone or say who said it
  (no quotation marks, no «sagte», «erklärte», «so …»). A box whose bullets all pass is approved; otherwise each
  bullet that does not is replaced by the candidate of the article the editor likes best among those that pass
  and whose sentence the box lacks (its news judgement: the one closest to the article's own teaser; the editor
  shortens the sentence as the box's style asks). The edit goes through ``PUT /api/summaries/{id}/bullets``, the
  approval through ``POST /api/summaries/{id}/approve``.
- Articles stream in through ``POST /api/articles`` (mlsum-de records from 2,001 on; after each retraining the
  service summarizes with the newly active version, as it would in production).
- After N = 25, 50, 100, 200 corrections: ``darumgehts train --from-db`` (in-process CLI), then on new articles
  (mlsum-de records the gate does not use) the share of the model's bullets the editor keeps, for the trained
  version and the active one; and held-out ROUGE-L against the shipped model.
- Reader flood: one client sends 1,000 «falsch» on boxes the editor approved (marked handled, the worst case),
  first with no editor signal in the database, then on top of the 200 corrections; boxes that change are counted.

``python -m benchmarks.run learning`` writes the section into RESULTS.md and the plot to benchmarks/out/.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import update

from darumgehts.analyse import analyse
from darumgehts.cli import main
from darumgehts.evaluate import load, rouge
from darumgehts.learn import versions
from darumgehts.newsroom import Newsroom
from darumgehts.pipeline import Summarizer
from darumgehts.select import choose, load_model
from darumgehts.select.candidates import candidates
from darumgehts.serve import create_app
from darumgehts.settings import load_settings
from darumgehts.store import Store
from darumgehts.store.tables import FeedbackRow
from darumgehts.style import load_style

from .common import DATA, ROOT, records

CHECKPOINTS = (25, 50, 100, 200)
STREAM = (2000, 3500)  # mlsum-de records the articles stream from (the shipped model's training part)
TEST = (1000, 2000)  # mlsum-de records for the agreement on new articles (neither gate nor stream)
HELDOUT = ["mlsum-de.jsonl.gz[:1000]", "tagesschau.jsonl.gz", "20min-bullets.jsonl.gz"]
FLOOD = 1000
_QUOTE = re.compile(r"[«»„“”\"‹›]")
_SAID = re.compile(r"\b(?:sagt|sagte|sagten|erklärt|erklärte|betont|betonte|meint|meinte|so)\b")


def editor_likes(text: str) -> bool:
    """The simulated editor's preference: no quotation, no attribution."""
    return not _QUOTE.search(text) and not _SAID.search(text)


def corrected(bullets: list[str], cands, reference: str | None = None) -> list[str]:
    """The box as the editor leaves it: each bullet it dislikes replaced by the candidate it likes best whose
    sentence the box lacks (the editor's news judgement: the one closest to the article's own teaser, ``reference``;
    without one, the first in article order); kept when there is none."""
    taken = {c.sources[0].sentence for c in cands for b in bullets if c.text == b and editor_likes(b)}
    liked = [c for c in cands if editor_likes(c.text) and c.is_content]
    if reference:
        liked.sort(key=lambda c: -rouge(c.text, reference)["rougeL"])
    out = []
    for b in bullets:
        pick = None if editor_likes(b) else next((c for c in liked if c.sources[0].sentence not in taken), None)
        if pick is not None:
            taken.add(pick.sources[0].sentence)
        out.append(b if pick is None else pick.text)
    return out


class Editor:
    def __init__(self, client: TestClient, token: str, style) -> None:
        self.client, self.headers, self.style = client, {"Authorization": f"Bearer {token}"}, style
        self.corrections = self.approvals = 0
        self.approved: list[int] = []

    def review(self, summary: dict, article, reference: str | None = None) -> None:
        bullets = [b["text"] for b in summary["bullets"]]
        if all(editor_likes(b) for b in bullets):
            r = self.client.post(f"/api/summaries/{summary['summary_id']}/approve", headers=self.headers, json={})
            if r.status_code == 200:
                self.approvals += 1
                self.approved.append(summary["summary_id"])
            return
        edited = corrected(bullets, candidates(analyse(article), self.style)[1], reference)
        if edited != bullets:
            r = self.client.put(f"/api/summaries/{summary['summary_id']}/bullets", headers=self.headers,
                                json={"bullets": edited, "comment": "Fakten statt Zitate"})
            r.raise_for_status()
            self.corrections += 1


def _record(rec: dict) -> dict:
    return {k: rec[k] for k in ("id", "title", "lead", "text") if rec.get(k)}


def _test_set(settings, style, base) -> tuple[list, list]:
    """New articles with their candidates, and those where the editor has a choice: it would correct the shipped
    model's box, and its correction has only bullets it likes."""
    articles, _ = load(DATA / "mlsum-de.jsonl.gz", settings, TEST[1])
    every, choice = [], []
    for art in articles[TEST[0]:]:
        doc = analyse(art)
        _, cands = candidates(doc, style)
        every.append((doc, cands))
        box = _boxes(base, [doc], style, settings.bullets)[0]
        edited = corrected(box, cands)
        if edited != box and all(map(editor_likes, edited)):
            choice.append(doc)
    return every, choice


def _would_correct(model, every, style, count) -> float:
    """Share of the boxes on all new articles that the editor would correct."""
    boxes = _boxes(model, [doc for doc, _ in every], style, count)
    return sum(corrected(box, cands) != box for box, (_, cands) in zip(boxes, every, strict=True)) / max(len(every), 1)


def _boxes(model, docs, style, count) -> list[list[str]]:
    out = []
    for doc in docs:
        box = []
        for d in choose(doc, style, model, count):
            box.append(d.text)
            if len(box) == count:
                break
        out.append(box)
    return out


def _kept_share(boxes: list[list[str]]) -> float:
    bullets = [b for box in boxes for b in box]
    return sum(map(editor_likes, bullets)) / max(len(bullets), 1)


def _train(url: str, config: Path) -> str:
    result = CliRunner().invoke(main, ["train", "--from-db", url, "--config", str(config)])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    return result.output


def simulate(work: Path, log=print, checkpoints: tuple[int, ...] = CHECKPOINTS, heldout: list[str] = HELDOUT) -> dict:
    db = f"sqlite:///{work / 'learn.sqlite'}"
    config = work / "settings.toml"
    config.write_text(f'database_url = "{db}"\nfeedback_per_hour = 100000\nsummarize_workers = 1\nsecret_file = "{work / "secret"}"\n'
                      f'[learning]\ncheck_seconds = 0.001\ndata_dir = "{DATA}"\nheldout = {json.dumps(heldout)}\n', "utf-8")
    settings = load_settings(config, env={})
    style = load_style(settings.style)
    base = load_model("latest")
    every, test = _test_set(settings, style, base)
    base_boxes = _boxes(base, test, style, settings.bullets)
    figures: dict = {"test_articles": len(test), "all_articles": len(every), "base_kept": _kept_share(base_boxes), "curve": [],
                     "base_would_correct": _would_correct(base, every, style, settings.bullets)}
    log(f"{len(test)} test articles; the shipped model's bullets the editor keeps: {figures['base_kept']:.1%}")
    store = Store.open(db)
    room = Newsroom(settings, store)
    editor_token, ingest_token = room.create_token("sim-editor", "editor"), room.create_token("sim-ingest", "ingest")
    stream = records("mlsum-de.jsonl.gz", STREAM[1])[STREAM[0]:]
    arts = {a.id: a for a in load(DATA / "mlsum-de.jsonl.gz", settings, STREAM[1])[0][STREAM[0]:]}
    t0 = time.perf_counter()
    with TestClient(create_app(newsroom=room)) as client:
        editor = Editor(client, editor_token, style)
        # a flood before any editor signal: readers alone change nothing
        good = []
        for rec in stream[:20]:
            r = client.post("/api/articles", headers={"Authorization": f"Bearer {ingest_token}"}, json=_record(rec))
            if r.status_code in (200, 201) and r.json()["status"] == "published":
                good.append(r.json()["summary_id"])
        figures["flood_alone"] = _flood(client, store, good, config, db)
        log(f"flood with no editor signal: {figures['flood_alone']}")
        checkpoints = list(checkpoints)
        posted = 20
        for rec in stream[20:]:
            if not checkpoints:
                break
            r = client.post("/api/articles", headers={"Authorization": f"Bearer {ingest_token}"}, json=_record(rec))
            posted += 1
            if r.status_code not in (200, 201) or rec["id"] not in arts:
                continue
            editor.review(r.json(), arts[rec["id"]], " ".join(arts[rec["id"]].reference or []))
            if editor.corrections >= checkpoints[0]:
                n = checkpoints.pop(0)
                out = _train(db, config)
                trained = versions.list_versions(store)[-1]
                active = versions.active_version(store)
                model = trained.selector()
                boxes = _boxes(model, test, style, settings.bullets)
                point = {"corrections": n, "articles": posted, "approvals": editor.approvals, "version": trained.id,
                         "activated": trained.active, "kept": _kept_share(boxes),
                         "active_kept": _kept_share(_boxes(active.selector(), test, style, settings.bullets)) if active else figures["base_kept"],
                         "would_correct": _would_correct(model, every, style, settings.bullets),
                         "heldout": trained.heldout, "seconds": round(time.perf_counter() - t0)}
                figures["curve"].append(point)
                log(f"N={n}: {trained.id} {'active' if trained.active else 'kept'}; kept {point['kept']:.1%}; "
                    f"held-out ROUGE-L {trained.heldout['rougeL']:.4f} vs previous {trained.heldout['previous_rougeL']:.4f}; "
                    f"{posted} articles, {point['seconds']} s\n{out}")
        before = versions.list_versions(store)[-1]  # the last version trained without the flood
        figures["flood_after"] = _flood(client, store, editor.approved, config, db, before, test, style, settings.bullets)
        log(f"flood on top of the corrections: {figures['flood_after']}")
        # the service's own boxes use the active version (summarize --db gives the same)
        summarizer = Summarizer.from_settings(versions.with_active_model(settings, store)[0])
        figures["service_model"] = summarizer.backend.version
    return figures


def _flood(client, store, boxes, config, db, before=None, test=None, style=None, count=3) -> dict:
    """One client sends FLOOD «falsch» on good boxes (handled by an editor: the worst case), then a retraining."""
    sent = 0
    for i in range(FLOOD):
        r = client.post(f"/api/summaries/{boxes[i % len(boxes)]}/feedback", json={"helpful": False, "reason": "falsch"})
        sent += r.status_code == 201
    with store.write() as session:
        session.execute(update(FeedbackRow).values(handled_at=FeedbackRow.created_at, handled_by="sim-editor"))
    out = _train(db, config)
    result = {"sent": sent, "boxes": len(set(boxes)), "train": out.strip().splitlines()[-1]}
    if before is not None:
        after = versions.list_versions(store)[-1]
        a = _boxes(before.selector(), test, style, count)
        b = _boxes(after.selector(), test, style, count)
        result |= {"version": after.id, "changed_boxes": sum(x != y for x, y in zip(a, b, strict=True)), "test_boxes": len(a),
                   "kept_before": _kept_share(a), "kept_after": _kept_share(b)}
    return result


def plot(figures: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [0] + [p["corrections"] for p in figures["curve"]]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.plot(xs, [figures["base_kept"]] + [p["kept"] for p in figures["curve"]], marker="o", color="#e2001a",
            label="trained version")
    ax.plot(xs, [figures["base_kept"]] + [p["active_kept"] for p in figures["curve"]], marker="s", ls="--", color="#555",
            label="active version")
    ax.axhline(0.8, color="#999", lw=0.8, ls=":")
    ax.set_ylim(0, 1)
    ax.set_xlabel("editor corrections")
    ax.set_ylabel("bullets the editor keeps")
    ax.legend(loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def learning_section(log=print) -> tuple[list[str], dict]:
    with tempfile.TemporaryDirectory() as tmp:
        figures = simulate(Path(tmp), log)
    plot(figures, ROOT / "benchmarks" / "learning-curve.png")
    return render(figures), figures


def render(figures: dict) -> list[str]:
    """The RESULTS.md section from the figures (benchmarks/out/figures-learning.json keeps them)."""
    base_rouge = figures["curve"][0]["heldout"]["previous_rougeL"] if figures["curve"] else None
    lines = ["## «lernt noch»: learning from a simulated editor (issue 13)", "",
             "Command: `python -m benchmarks.run learning` (`benchmarks/learning.py`). A simulated editor who wants «Fakten statt "
             "Zitate» (no bullet that quotes anyone or says who said it) reviews the boxes of mlsum-de articles (records 2,001 on) "
             "streamed through `POST /api/articles`: it approves a box it likes (`POST /api/summaries/{id}/approve`) and otherwise "
             "replaces the bullets it dislikes by the sentence it likes best (closest to the article's own teaser) with "
             "`PUT /api/summaries/{id}/bullets`. After N corrections `darumgehts train --from-db` makes a new version, which the "
             "service then uses. «Kept» is the share of the model's bullets the editor keeps on the "
             f"{figures['test_articles']} new articles (of mlsum-de records {TEST[0] + 1:,}–{TEST[1]:,}) where the editor would "
             "correct the shipped model's box and can make it one it likes: the base rate is the shipped model's, and 100 % is the "
             f"editor's own choice. «Would correct» is the share of all {figures['all_articles']} new articles' boxes the editor "
             "would correct. Held-out ROUGE-L: mlsum-de first 1,000, tagesschau, 20min; box style blick.", "",
             "![learning curve](learning-curve.png)", "",
             "| corrections | articles streamed | version | gate | kept (trained) | kept (active) | would correct | held-out ROUGE-L | vs shipped |",
             "|---|---|---|---|---|---|---|---|---|",
             f"| 0 | – | shipped | – | {figures['base_kept']:.1%} | {figures['base_kept']:.1%} | {figures['base_would_correct']:.1%} | "
             f"{base_rouge or 0:.4f} | – |"]
    for p in figures["curve"]:
        h = p["heldout"]
        lines.append(f"| {p['corrections']} | {p['articles']} | {p['version']} | {'active' if p['activated'] else 'kept'} | "
                     f"{p['kept']:.1%} | {p['active_kept']:.1%} | {p['would_correct']:.1%} | {h['rougeL']:.4f} | "
                     f"{(h['rougeL'] - h.get('shipped_rougeL', base_rouge)) * 100:+.2f} points |")
    fa, fb = figures["flood_alone"], figures["flood_after"]
    lines += ["", f"Reader flood, one client, {FLOOD:,} «falsch» on good boxes (marked handled by an editor, the worst case): "
              f"with no editor signal in the database: {fa['sent']} stored, retraining says «{fa['train']}». "
              f"On top of the corrections: {fb['sent']} stored on {fb['boxes']} approved boxes; {fb.get('changed_boxes')} of "
              f"{fb.get('test_boxes')} boxes on the new articles changed (kept {fb.get('kept_before', 0):.1%} → {fb.get('kept_after', 0):.1%}).",
              "", f"The service summarized with `{figures['service_model']}` at the end (the active version of its database).", "",
              "Approaches tried on the way (development runs of 2026-12-01, same machine; agreement on the new articles where the "
              "editor has a choice, ROUGE-L change on mlsum-de's first 300 records against the shipped model, after 25 → 200 "
              "corrections):", "",
              "- an editor who wants a figure and no quotation («die Zahl statt das Zitat»): its own corrected boxes already lose "
              "1.4 points of ROUGE-L against the teasers, so no model that follows it can pass the gate; in the first simulation "
              "run the gate refused its version after 25 corrections (64.6 % kept, −2.91 points). The preference was replaced by "
              "one the references do not contradict («Fakten statt Zitate»: the editor's own boxes −0.4 points);",
              "- adjustment on all 37 features, only «this one, not that one» pairs: 87–90 % kept, −2.5 to −3.9 points (it learned "
              "to distrust the shipped model: centrality −5);",
              "- position features left to the shipped model: 87–90 %, −2.5 to −2.8 points;",
              "- plus the kept bullets of an edit and the approvals as pairs: 83–86 %, −0.8 to −1.1 points;",
              "- plus the candidate's form left to the shipped model, and an editor who picks the replacement by news judgement "
              "rather than the first in article order: 82–84 %, −0.94 → −0.39 points (the method above);",
              "- a gate against the version before only (the issue's rule): in the simulation the version after 25 corrections "
              "was refused (−0.84), after 50 it went live (82.0 % kept, −0.45), after 100 it went live against the version "
              "before (−0.48) though it was −0.93 below the shipped model: versions drifted half a point at a time. The gate "
              "now also compares with the shipped model.", ""]
    return lines
