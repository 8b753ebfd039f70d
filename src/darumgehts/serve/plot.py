"""The feedback dashboard's plot: readers' feedback per day, helpful and not, as a PNG for an <img>."""

from __future__ import annotations

import base64
import io
from datetime import date, timedelta

# The box's colours: dark enough on white for the plot's text and bars (WCAG AA for the text).
HELPFUL_COLOUR = "#1a7f37"
UNHELPFUL_COLOUR = "#b3001b"


def feedback_plot(per_day: list[dict], days: int) -> str:
    """Stacked bars per calendar day (days without feedback stay empty), a title, labelled axes and a legend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    counted = {date.fromisoformat(d["day"]): d for d in per_day}
    last = max(counted)
    first = min(min(counted), last - timedelta(days=min(days, 30) - 1))
    span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    helpful = [counted[d]["helpful"] if d in counted else 0 for d in span]
    unhelpful = [counted[d]["total"] - counted[d]["helpful"] if d in counted else 0 for d in span]

    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    ax.bar(span, helpful, width=0.8, color=HELPFUL_COLOUR, label="hilfreich")
    ax.bar(span, unhelpful, width=0.8, bottom=helpful, color=UNHELPFUL_COLOUR, label="nicht hilfreich")
    ax.set_title(f"Rückmeldungen pro Tag ({swiss(first)} bis {swiss(last)})")
    ax.set_xlabel("Tag")
    ax.set_ylabel("Rückmeldungen")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, len(span) // 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m."))
    ax.set_xlim(first - timedelta(days=0.6), last + timedelta(days=0.6))
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def swiss(day: date) -> str:
    return day.strftime("%d.%m.%Y")
