"""Figures over many language-model boxes: what the checker rejected, repairs, fallbacks, time and tokens."""

from __future__ import annotations

from collections import Counter

from ..models import Generation, Summary


def figures(summaries: list[Summary]) -> dict:
    """Totals over the boxes a generative backend made (boxes without a generation record are ignored).

    ``unsupported_published`` counts bullets in published boxes the checker does not support: the figure that must
    stay 0."""
    gens: list[Generation] = [s.generation for s in summaries if s.generation is not None]
    model_bullets = [b for g in gens if g.fallback is None for b in g.bullets]
    drafted = sum(1 for b in model_bullets if b.origin == "model" or b.draft is not None)
    rejected = [b for b in model_bullets if b.draft is not None]
    kinds = Counter(k for b in rejected for k in b.problems)
    repairs = sum(g.repairs for g in gens)
    origins = Counter(b.origin for g in gens for b in g.bullets)
    published = [s for s in summaries if s.status == "published"]
    return {
        "boxes": len(gens),
        "box_fallbacks": sum(1 for g in gens if g.fallback is not None),
        "fallback_reasons": dict(Counter(g.fallback.split(":")[0][:60] for g in gens if g.fallback)),
        "model_bullets": drafted,
        "rejected": len(rejected),
        "rejected_share": len(rejected) / drafted if drafted else None,
        "rejected_by_kind": dict(kinds.most_common()),
        "repairs": repairs,
        "repaired": sum(g.repaired for g in gens),
        "repair_success": sum(g.repaired for g in gens) / repairs if repairs else None,
        "bullets_by_origin": dict(origins),
        "bullet_fallback_share": origins["extractive"] / sum(origins.values()) if origins else None,
        "prompt_tokens": sum(g.prompt_tokens for g in gens),
        "completion_tokens": sum(g.completion_tokens for g in gens),
        "model_seconds": sum(g.seconds for g in gens),
        "check_seconds": sum(g.check_seconds for g in gens),
        "requests": sum(g.requests for g in gens),
        "cached": sum(g.cached for g in gens),
        "notes": dict(Counter(n.split(" (")[0] for g in gens for n in g.notes)),
        "published_boxes": len(published),
        "unsupported_published": sum(1 for s in published for b in s.bullets if b.verdict != "supported"),
    }


def format_figures(f: dict) -> list[str]:
    def pct(x):
        return "–" if x is None else f"{x:.1%}"

    kinds = ", ".join(f"{k} {v}" for k, v in f["rejected_by_kind"].items()) or "none"
    return [
        f"Language model: {f['boxes']} boxes, {f['box_fallbacks']} whole-box fallbacks {f['fallback_reasons'] or ''}".rstrip(),
        f"  model bullets rejected: {f['rejected']} of {f['model_bullets']} ({pct(f['rejected_share'])}); by kind: {kinds}",
        f"  repairs: {f['repaired']} of {f['repairs']} accepted ({pct(f['repair_success'])}); bullets by origin: {f['bullets_by_origin']}",
        f"  model {f['model_seconds']:.1f} s, checking {f['check_seconds']:.1f} s, {f['requests']} requests ({f['cached']} cached), "
        f"{f['prompt_tokens']} prompt + {f['completion_tokens']} completion tokens",
        f"  unsupported bullets published: {f['unsupported_published']}",
    ]
