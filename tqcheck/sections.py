"""Check a very large plain-text file section by section, so memory stays near one section's.

A file of tens of megabytes is an archive dump, not an article. Checked whole, it is held as
bytes, then as one `str` (up to 4 bytes a character: one "œ" makes all 20 MB two bytes each),
then as the Document's line, paragraph and sentence indexes, and every finding on top: ten
times the file size. Here the file is read twice in blocks: once to hash it and to make sure it
is UTF-8 (anything else takes the whole-file path, which knows the other encodings and says
what it did), and once to check it in sections of about `SECTION_BYTES`, each cut just after a
blank line. Only the findings and the lines they sit on (tqcheck/slim.py) outlive a section.

What this changes. Sections end at blank lines, which are paragraph boundaries, so a rule that
reads a word, a sentence or a paragraph sees exactly what it sees in the whole text, and every
position, line and column is the one of the whole file. The detectors that compare the whole
document (a repeated paragraph, a name spelt two ways) compare within a section: a repeat of a
paragraph a megabyte earlier, in another article of the dump, is not reported. The file's
result carries a warning saying so. Only reports that keep slim results use sections (`--fix`,
`--diff` and the HTML report need the whole text and take the whole-file path).
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Document
from .packed import PackedFindings, PackedSlimDocument, pack
from .slim import SlimDocument, SparseText, slim_document
from .sources import Source

if TYPE_CHECKING:
    from .api import FileResult, Linter
    from .verdict import Tally, Verdict

#: a section ends at the first blank line after this many bytes
SECTION_BYTES = 1 << 19
_BLOCK = 1 << 20


@dataclass(frozen=True)
class SectionPlan:
    """A large UTF-8 file, as the first reading found it."""

    path: Path
    display: str
    digest: str  # SHA-256 of its bytes, as `read_source` computes it
    bom: bytes

    @property
    def cache_key(self) -> str:
        """The findings cache's key: the content and the section size, because a file checked
        in sections can have other findings than the same bytes checked whole."""
        return f"{self.digest}:sections-{SECTION_BYTES}"


def plan_sections(path: Path, display: str) -> SectionPlan | None:
    """Hash the file and make sure it is plain UTF-8 text without NUL bytes, reading it in
    blocks.

    None when it is not, or cannot be read, or its name picks a markup reader (Markdown and
    HTML are read whole: a section could cut a code fence or an element): the whole-file path
    then decodes it the usual way (a BOM of UTF-16, a legacy encoding with its warning) or
    reports the error.
    """
    from .markup import reader_for

    if reader_for(str(path)) is not None:
        return None
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    bom = b""
    try:
        with open(path, "rb") as handle:
            first = True
            while block := handle.read(_BLOCK):
                digest.update(block)
                if first:
                    first = False
                    if block.startswith(codecs.BOM_UTF8):
                        bom, block = codecs.BOM_UTF8, block[len(codecs.BOM_UTF8) :]
                    elif block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                        return None  # UTF-16 or UTF-32 (its LE BOM starts like UTF-16's)
                if b"\x00" in block:
                    return None
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    return SectionPlan(path, display, digest.hexdigest(), bom)


def read_sections(plan: SectionPlan, size: int | None = None) -> Iterator[str]:
    """The file's text in sections, each ending just after the first blank line that ends past
    `size` bytes into it (the last one where the file ends); joined, they are the whole text.

    A blank line is "\\n\\n" or "\\n\\r\\n" in the bytes: never inside a UTF-8 character nor
    between the two characters of a CRLF. A text without one stays in one section.
    Raises OSError when the file cannot be read, or changed since `plan_sections` hashed it
    (UnicodeDecodeError, a ValueError, when it changed into something else than UTF-8).
    """
    size = size or SECTION_BYTES
    digest = hashlib.sha256()
    pending = bytearray()
    skip = len(plan.bom)  # plan_sections found the BOM at the start of the first block
    with open(plan.path, "rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
            pending += block[skip:] if skip else block
            skip = 0
            while len(pending) > size:
                cut = _blank_line_end(pending, size)
                if not cut:
                    break  # a paragraph longer than what is read yet
                yield bytes(pending[:cut]).decode("utf-8")
                del pending[:cut]
    if digest.hexdigest() != plan.digest:
        raise OSError("the file changed while it was checked")
    if pending:
        yield bytes(pending).decode("utf-8")


def _marking_last(texts: Iterator[str], tail_lines: int) -> Iterator[tuple[str, bool]]:
    """Each section with whether it is the last one, so that only the last section looks for
    residue at the file's end (Document.more_follows).

    Read two ahead: a last section of fewer than `tail_lines` non-blank lines (the most any
    `where: end` rule looks at) is joined to the one before it, so that the lines such a rule
    reads at the file's end are all in the last section, as in a whole-file check.
    """
    held: list[str] = []
    for text in texts:
        held.append(text)
        if len(held) == 3:
            yield held.pop(0), False
    if len(held) == 2 and _non_blank_lines(held[1]) < tail_lines:
        held = [held[0] + held[1]]
    for index, text in enumerate(held):
        yield text, index == len(held) - 1


def _non_blank_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def _tail_lines(linter: Linter) -> int:
    """How many non-blank lines at the end of a document any `where: end` rule looks at."""
    return max(
        (rule.within for rule in linter.ruleset.rules if getattr(rule, "where", "") == "end"),
        default=0,
    )


def sections_warning() -> str:
    """What a file checked in sections carries as its warning (also on a findings-cache hit)."""
    from . import sources

    return (
        f"checked in sections of about {_size(SECTION_BYTES)} (a plain-text file over "
        f"{_size(sources.LARGE_FILE_BYTES)}): repeats and name spellings are compared within "
        "a section"
    )


def _size(count: int) -> str:
    for unit, shift in (("MiB", 20), ("KiB", 10)):
        if count >= 1 << shift and not count % (1 << shift):
            return f"{count >> shift} {unit}"
    return f"{count} bytes"


def _blank_line_end(data: bytearray, start: int) -> int:
    """The offset just after the first blank line ending after `start`; 0 when there is none."""
    ends = [
        found + len(mark)
        for mark in (b"\n\n", b"\n\r\n")
        if (found := data.find(mark, start - len(mark) + 1)) >= 0
    ]
    return min(ends, default=0)


@dataclass
class SectionOutcome:
    """What checking one section leaves for the file's result: its findings and slim Document
    (packed, at the file's offsets and lines; None when it has no finding), its tally and
    word count for the verdict, and the failures of rules it skipped."""

    findings: bytes | None
    count: int
    document: bytes | None
    tally: Tally | None
    words: int
    failures: list[str]


def check_section(
    linter: Linter,
    text: str,
    display: str,
    chars: int,
    lines: int,
    verdict: bool,
    last: bool = True,
) -> SectionOutcome:
    """Check one section that starts `chars` characters and `lines` line breaks into the file
    (`last`: the file ends with it).

    The same function serves a one-process run and a pool worker (`check_in_sections` with
    `jobs`), so both give the same bytes.
    """
    from .regex_guard import collect_failures
    from .verdict import Tally, count_words

    with collect_failures() as failures:
        doc = Document(text, path=display, lines_before=lines, more_follows=not last)
        local = linter.check_document(doc)
    tally = None
    words = 0
    if verdict:
        tally = Tally()
        tally.add(local)
        words = count_words(text)
    if not local:
        return SectionOutcome(None, 0, None, tally, words, failures)
    part = _in_file(slim_document(doc, local), chars, lines, text)
    moved = [f.moved(chars, lines) for f in local]
    return SectionOutcome(pack(moved), len(moved), pack(part), tally, words, failures)


def line_breaks(text: str) -> int:
    """How many line breaks (CRLF, CR or LF, as a Document counts them) `text` holds."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def check_in_sections(
    plan: SectionPlan, linter: Linter, verdict: bool = True, jobs: int = 1
) -> FileResult:
    """The slim result (tqcheck/slim.py) of checking the planned file section by section: its
    findings at their places in the whole file, the lines they sit on (both packed:
    tqcheck/packed.py), and its verdict.

    With `jobs` above 1 the sections are checked by that many worker processes
    (tqcheck/parallel.py) while this process reads the next ones; results are taken in file
    order, and the report is the same bytes as with one process.
    """
    from .api import FileResult
    from .verdict import Tally

    findings = PackedFindings()
    document = PackedSlimDocument(plan.display)
    tally = Tally() if verdict else None
    failures: list[str] = []
    chars = lines = words = count = 0

    def take(outcome: SectionOutcome, start: int, first_line: int) -> None:
        nonlocal words
        if outcome.findings is not None and outcome.document is not None:
            findings.append_packed(outcome.findings, outcome.count)
            document.append_packed(start, first_line, outcome.document)
        if tally is not None and outcome.tally is not None:
            tally.merge(outcome.tally)
            words += outcome.words
        failures.extend(m for m in outcome.failures if m not in failures)

    try:
        if jobs > 1:
            from .parallel import SectionPool

            with SectionPool(linter, jobs) as pool:
                for text, last in _marking_last(read_sections(plan), _tail_lines(linter)):
                    count += 1
                    for outcome, start, first_line in pool.submit(
                        text, plan.display, chars, lines, verdict, last
                    ):
                        take(outcome, start, first_line)
                    chars += len(text)
                    lines += line_breaks(text)
                for outcome, start, first_line in pool.drain():
                    take(outcome, start, first_line)
        else:
            for text, last in _marking_last(read_sections(plan), _tail_lines(linter)):
                count += 1
                outcome = check_section(linter, text, plan.display, chars, lines, verdict, last)
                take(outcome, chars, lines + 1)
                chars += len(text)
                lines += line_breaks(text)
    except (OSError, ValueError) as exc:
        return FileResult(path=plan.display, error=f"cannot read: {exc}")
    document.finish(chars, lines + 1)
    known = None if tally is None else tally.verdict(words)
    result = sections_result(plan, findings, document, known, count > 1)
    if failures:
        result.error = "; ".join(failures)
        result.verdict = None
    return result


def sections_result(
    plan: SectionPlan,
    findings: PackedFindings,
    document: PackedSlimDocument,
    verdict: Verdict | None,
    cut: bool,
) -> FileResult:
    """The slim result of a file checked in sections (or found in the findings cache), with
    its `verdict`; `cut`: it made more than one section (one section is the whole-file check:
    no warning then)."""
    from .api import FileResult

    result = FileResult(path=plan.display, warnings=[sections_warning()] if cut else [])
    result.findings = findings  # type: ignore[assignment] - a read-only sequence
    result.source = Source(path=plan.display, text="", encoding="utf-8", bom=plan.bom, digest="")
    if findings:
        result.document = document  # type: ignore[assignment] - answers as a slim Document
    result.verdict = verdict
    return result


def _in_file(part: SlimDocument, chars: int, lines: int, text: str) -> SlimDocument:
    """A section's slim Document moved to the section's place in the file (`chars` characters
    and `lines` lines in). A kept line keeps the character before it and the one after its
    line break (readers search from there): for the section's first line, the one before is
    the previous section's last "\n", added here."""
    sparse = part.text
    segments = [
        (start + chars, piece) for start, piece in zip(sparse._starts, sparse._pieces, strict=True)
    ]
    if chars:
        segments.append((chars - 1, "\n" + text[:1]))
    positions = {
        offset + chars: (line + lines, col) for offset, (line, col) in part._positions.items()
    }
    spans = {
        number + lines: (start + chars, end + chars, full_end + chars)
        for number, (start, end, full_end) in part._lines.items()
    }
    end = chars + len(text)
    return SlimDocument(
        SparseText(end, segments), part.path, lines + part.line_count, positions, spans
    )
