"""The combined trigger pass reports every start of every trigger, like one regex per trigger."""

from __future__ import annotations

import re

from tqcheck.anchors import leading_class_share
from tqcheck.trigger_scan import TriggerScan, _case_share, cut, rotate

KEYS = [
    (r"[\x2c\x2e]", 0),
    (r"[0\d][\x2c][\d]", 0),
    (r"[\d][\d][\d]", 0),
    (r"[\d0-3][\x2e\x3a][0-5][\d]", 0),
    (r"[\xab\u2039]", 0),
    (r"[\x20][\x20\xa0]", 0),
    (r"[c][e][n][t]", 0),
    (r"[\d][h]", re.IGNORECASE),
    (r"[\x20\xa0][\x2d]", 0),
    (r"[\x20][\x2c\x2e]", 0),
]

TEXTS = [
    "",
    "No figures here, none.",
    "In 2024, 3,5 % of 12345 people left at 10:45 and 9H; «quote» the  century.",
    "1,2,3,4 and 999.999 then 12.30 and 0,5",
]


def _every_start(key: tuple[str, int], text: str) -> list[int]:
    regex = re.compile(*key)
    return [p for p in range(len(text)) if regex.match(text, p)]


def test_scan_reports_every_start_of_every_trigger() -> None:
    """Folded triggers report every start; those scanned alone report what finditer does
    (the prefilter widens their windows for the starts finditer skips)."""
    scan = TriggerScan(KEYS, leading_class_share)
    for text in [*TEXTS, "1234567,8,9  x   y", " - a -b , c . d", "-  ,"]:
        found = scan.scan(text)
        for key in KEYS:
            if key in scan._alone:
                expected = [m.start() for m in re.compile(*key).finditer(text)]
            else:
                expected = _every_start(key, text)
            assert found[key] == expected, (key, text)


def test_rare_leading_classes_share_one_pass() -> None:
    scan = TriggerScan(KEYS, leading_class_share)
    combined = [key for _, members in scan._combined for key, _ in members]
    assert (r"[0\d][\x2c][\d]", 0) in combined
    assert (r"[\x20][\x20\xa0]", 0) in scan._alone  # a space is too common to share
    assert (r"[c][e][n][t]", 0) in scan._alone  # a literal prefix is found by string search


def test_a_trigger_led_by_a_space_is_scanned_from_its_rarer_class() -> None:
    scan = TriggerScan(KEYS, leading_class_share)
    combined = dict(member for _, members in scan._combined for member in members)
    assert combined[(r"[\x20][\x2c\x2e]", 0)] == 1  # found at the comma, starts one before
    assert rotate(r"[\d][\x20]{0,1}[h]", leading_class_share) == (0, r"[\d]", r"[\x20]{0,1}[h]")


def test_a_trigger_led_by_a_common_class_is_cut_at_a_rarer_one() -> None:
    """`[drotu][\\s]+[IVX]...` stops at most letters; cut at its capitals it joins the combined
    pass, and each occurrence of the whole trigger holds a reported start of the cut part."""
    roman = (r"[drotu][\s]+[IVX][IVX]{0,4}[èe]", 0)
    share = leading_class_share
    assert cut(roman[0], lambda t: _case_share(share, t, 0)) == r"[IVX][IVX]{0,4}[èe]"
    assert cut(r"[\d][h]", share) is None  # nothing quantified before the rarest class
    scan = TriggerScan([*KEYS, roman], share)
    assert roman not in scan._alone
    for text in ["au XIXe siècle, du  XVe et XXe", "Le IIe et t\nIVè", "I am; De Xe", ""]:
        found = scan.scan(text)[roman]
        whole = re.compile(roman[0])
        for p in range(len(text)):
            m = whole.match(text, p)
            if m:
                assert any(p <= q < m.end() for q in found), (text, p)
        part = re.compile(r"[IVX][IVX]{0,4}[èe]")
        assert found == [p for p in range(len(text)) if part.match(text, p)]
