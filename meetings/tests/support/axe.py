"""axe-core in the browser tests: run it on the page as it is now and fail with every violation,
each with the elements it was found on.

axe-core's minified engine comes inside the dev dependency axe-playwright-python (nothing is
downloaded at test time); it is put into the page through Playwright's ``evaluate``, which the
page's Content-Security-Policy does not govern. The rules axe runs by default count (WCAG 2.0
and 2.1 A and AA, axe's best practices such as ``landmark-unique`` and ``region``) and its
experimental ones too (``label-content-name-mismatch``, ``focus-order-semantics``, ...). Left
off, as axe leaves them: the AAA rules (enhanced contrast) and WCAG 2.2's ``target-size``.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from playwright.sync_api import Page

AXE_SCRIPT = (
    resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
)
NODES_SHOWN = 8  # per violation; the count says how many more there are

Violation = dict[str, Any]


def axe_run(page: Page) -> list[Violation]:
    """axe's violations on the page now (its whole document)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        """() => {
            const rules = {};
            for (const rule of window.axe.getRules(["experimental"])) {
                rules[rule.ruleId] = {enabled: true};
            }
            return window.axe.run(document, {resultTypes: ["violations"], rules});
        }"""
    )
    violations: list[Violation] = results["violations"]
    return violations


def violations_report(violations: list[Violation]) -> str:
    """One paragraph per violation: the rule, its impact and help, then its elements (the CSS
    target, the HTML and what to fix)."""
    lines: list[str] = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"{violation['id']} ({violation.get('impact')}, {len(nodes)} element(s)): "
            f"{violation['help']}"
        )
        for node in nodes[:NODES_SHOWN]:
            target = " ".join(str(part) for part in node["target"])
            html = " ".join(str(node.get("html", "")).split())
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {target}\n      {html[:200]}\n      {summary[:300]}")
        if len(nodes) > NODES_SHOWN:
            lines.append(f"    ... and {len(nodes) - NODES_SHOWN} more")
    return "\n".join(lines)


def axe_check(page: Page, where: str) -> list[str]:
    """The violations on the page now as a report (empty when axe finds none), headed by
    ``where`` (which page, language and size), for a test to gather and fail on once."""
    violations = axe_run(page)
    if not violations:
        return []
    return [
        f"== {where} ({page.url}): {len(violations)} violation(s)\n{violations_report(violations)}"
    ]


def assert_no_violations(page: Page, where: str) -> None:
    """Fail listing every violation axe finds on the page now."""
    found = axe_check(page, where)
    assert not found, "axe-core found accessibility violations:\n" + "\n".join(found)
