"""Category colours for the HTML report, and the contrast arithmetic that keeps them readable.

Colour is never the only cue (every highlight also carries its category as a text label), but
the colours themselves must pass WCAG: dark text on a light tint (at least 4.5:1) and a border
strong enough to see on white (at least 3:1). The test suite checks both with `contrast`.
"""

from __future__ import annotations

TEXT = "#111111"
PAGE = "#ffffff"

#: category -> (background tint behind the text, border/accent colour, short label)
PALETTE: dict[str, tuple[str, str, str]] = {
    "name-form": ("#ffe2b8", "#a85300", "name"),
    "false-friend": ("#fbd0e0", "#a3154a", "false friend"),
    "calque": ("#d8e6ff", "#1f4fbf", "calque"),
    "typography": ("#d7f0d7", "#1d6f1d", "typo"),
    "punctuation": ("#e9ddff", "#6a2fb8", "punct"),
    "boilerplate": ("#e4e4e4", "#505050", "boilerplate"),
    "untranslated": ("#fff2a0", "#7a6000", "untranslated"),
    "repetition": ("#cdeef0", "#11686c", "repeat"),
    "consistency": ("#f6dcc8", "#8a4b1c", "consistency"),
    "agreement": ("#ffd6d6", "#b00020", "agreement"),
}
FALLBACK = ("#eeeeee", "#444444", "other")


def colours(category: str) -> tuple[str, str, str]:
    return PALETTE.get(category, FALLBACK)


def _luminance(hex_colour: str) -> float:
    """Relative luminance of an sRGB colour, as WCAG 2 defines it."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def category_css() -> str:
    """One rule set per category: tint, accent, and the label text that highlights and list
    entries show (written once here rather than in every element of a large report)."""
    rules = []
    for category, (tint, accent, label) in [*PALETTE.items(), ("other", FALLBACK)]:
        rules.append(f'.c-{category}{{--tint:{tint};--accent:{accent};--label:"{label}"}}')
    return "\n".join(rules) + "\n"
