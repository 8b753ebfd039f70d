"""The reader's and the editors' pages: axe-core violations (WCAG 2.1 A/AA and best practice) per page, and the
time to render the article page, for the darumgehts on the import path.

    python -m benchmarks.pages                      # this tree
    git archive 3fc2dd3 src | tar -x -C /tmp/old && PYTHONPATH=/tmp/old/src python -m benchmarks.pages   # an older one

Needs Debian's chromium and axe-core (`npm ci --prefix tests/axe`, which `make test` runs). The render time is a
peer figure: compare two trees in the same session on the same machine, never across machines.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def _axe(page, script, tags) -> tuple[int, int, list[str]]:
    page.add_script_tag(content=script)
    r = page.evaluate("t => axe.run(document, {runOnly: {type: 'tag', values: t}, resultTypes: ['violations']})", tags)
    return len(r["violations"]), sum(len(v["nodes"]) for v in r["violations"]), [v["id"] for v in r["violations"]]


def main() -> None:
    import httpx
    from playwright.sync_api import sync_playwright

    import darumgehts
    from darumgehts.demo import demo_articles
    from tests.conftest import AXE, AXE_TAGS, CHROMIUM, make_live_server

    print(f"darumgehts from {Path(darumgehts.__file__).parent}")
    script = AXE.read_text("utf-8")
    with make_live_server(Path(tempfile.mkdtemp())) as (base, room):
        for article in demo_articles():
            room.submit_article(article)
        with httpx.Client() as client:
            for _ in range(20):
                client.get(f"{base}/articles/demo-seebruecke")
            times = []
            for _ in range(200):
                start = time.perf_counter()
                assert client.get(f"{base}/articles/demo-seebruecke").status_code == 200
                times.append((time.perf_counter() - start) * 1000)
        print(f"article page: median {statistics.median(times):.2f} ms, p90 {sorted(times)[179]:.2f} ms (200 requests)")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_context(bypass_csp=True).new_page()  # axe goes in as an inline script
            page.goto(f"{base}/articles/demo-seebruecke")
            rows = [("article page", _axe(page, script, AXE_TAGS))]
            page.click("darumgehts-box .darumgehts-toggle")
            page.click("darumgehts-box .darumgehts-feedback summary")
            rows.append(("article page, box expanded, feedback form open", _axe(page, script, AXE_TAGS)))
            for path in ("/ueber-darum-gehts", "/redaktion/login"):
                page.goto(base + path)
                rows.append((path, _axe(page, script, AXE_TAGS)))
            page.fill("input[name=token]", room.tokens["editor"])
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/redaktion**")
            for path in ("/redaktion", "/redaktion/feedback", "/redaktion/boxen", "/redaktion/artikel/demo-seebruecke/verlauf",
                         "/redaktion/artikel/demo-seebruecke/feedback"):
                if page.goto(base + path).status == 404:
                    rows.append((path, None))
                    continue
                rows.append((path, _axe(page, script, AXE_TAGS)))
            browser.close()
    print("| page | rules violated | elements | rules |")
    print("|---|---:|---:|---|")
    for name, found in rows:
        print(f"| {name} | " + ("– | – | (no such page) |" if found is None else f"{found[0]} | {found[1]} | {', '.join(found[2]) or '–'} |"))


if __name__ == "__main__":
    main()
