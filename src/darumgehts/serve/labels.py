"""The newsroom's pages in German: labels for states, verdicts, actions and problem kinds, the confirmations shown
after each action, and Swiss dates (26.11.2026). Tables, not if-chains; the templates read them through filters."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..models import FEEDBACK_REASONS, as_utc

STATES = {"draft": "Entwurf", "needs_review": "zu prüfen", "published": "veröffentlicht", "rejected": "abgelehnt",
          "superseded": "ersetzt", "withdrawn": "zurückgezogen"}
VERDICTS = {"supported": "belegt", "unsupported": "nicht belegt", "contradicted": "widerspricht dem Artikel"}
ACTIONS = {"create": "erstellt", "approve": "freigegeben", "reject": "abgelehnt", "edit": "geändert", "withdraw": "zurückgezogen",
           "supersede": "ersetzt", "stale": "veraltet (Artikel geändert)"}
PROBLEM_KINDS = {"number": "Zahl", "date": "Datum", "name": "Name", "role": "Rolle", "quote": "Zitat", "negation": "Verneinung",
                 "polarity": "Gegenteil", "swap": "Vertauscht", "word": "Wort", "hedge": "Vorbehalt", "content": "Inhalt",
                 "length": "Länge"}

# ?ok=KEY after a redirect: what the editor just did. Only these texts are ever shown.
CONFIRMATIONS = {
    "approve": "Die Zusammenfassung ist freigegeben und veröffentlicht.",
    "reject": "Die Zusammenfassung ist abgelehnt.",
    "edit-published": "Die Änderung ist geprüft: jeder Stichpunkt ist belegt, die Zusammenfassung ist veröffentlicht.",
    "edit-queued": "Die Änderung ist gespeichert. Nicht jeder Stichpunkt ist belegt; sie wartet unter «Zu prüfen».",
    "withdraw": "Die Zusammenfassung ist zurückgezogen. Leserinnen und Leser sehen sie nicht mehr.",
    "handled": "Das Feedback ist als erledigt markiert.",
    "handled-before": "Dieses Feedback war schon als erledigt markiert.",
    "revoke": "Das Token ist widerrufen.",
    "login": "Sie sind angemeldet.",
    "logout": "Sie sind abgemeldet.",
}

# What the pages say when an action cannot be done (the API's English messages are for programs).
REFUSED = {
    "approve": "Diese Zusammenfassung ({status}) kann nicht freigegeben werden. Gehört sie zu einer älteren Fassung des Artikels, "
               "ändern Sie sie: die Stichpunkte werden dann am Artikel geprüft, wie er jetzt ist.",
    "reject": "Diese Zusammenfassung ist schon {status}.",
    "withdraw": "Diese Zusammenfassung ist {status}; nur eine veröffentlichte Zusammenfassung kann zurückgezogen werden.",
    "edit": "Die Stichpunkte wurden nicht gespeichert: 1 bis 8 Stichpunkte, einer pro Zeile, je höchstens 300 Zeichen.",
}


TOKEN_REFUSED = "Ein Token braucht einen Namen (1 bis 100 Zeichen, ohne Steuerzeichen) und eine Rolle: ingest, editor oder admin."


def refused(action: str, status: str) -> str:
    return REFUSED.get(action, "Das ging nicht.").format(status=STATES.get(status, status))


def confirmation(key: str | None) -> str | None:
    return CONFIRMATIONS.get(key or "")


def _local(value: datetime, zone: ZoneInfo) -> datetime:
    return as_utc(value).astimezone(zone)


def swiss_date(value: datetime | date | str | None, zone: ZoneInfo) -> str:
    """26.11.2026; an ISO string (an article's date) too; other text as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = _local(value, zone) if value.tzinfo else value
        return value.strftime("%d.%m.%Y")
    return value.strftime("%d.%m.%Y")


def swiss_time(value: datetime | None, zone: ZoneInfo) -> str:
    """26.11.2026, 14:05 (the newsroom's time zone)."""
    return "" if value is None else _local(value, zone).strftime("%d.%m.%Y, %H:%M")


def filters(zone: ZoneInfo) -> dict:
    return {
        "datum": lambda v: swiss_date(v, zone),
        "zeit": lambda v: swiss_time(v, zone),
        "status_de": lambda v: STATES.get(v, v),
        "verdict_de": lambda v: VERDICTS.get(v, v),
        "action_de": lambda v: ACTIONS.get(v, v),
        "kind_de": lambda v: PROBLEM_KINDS.get(v, v),
        "reason_de": lambda v: FEEDBACK_REASONS.get(v, v) if v else "–",
    }
