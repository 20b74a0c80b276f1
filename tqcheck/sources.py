"""Files in, files out: find the files to check, decode them, and write fixes back safely.

Articles arrive in whatever encoding a scraper saved them in. A file is decoded exactly (BOM,
UTF-8, UTF-16, legacy cp1252 with a warning) and remembered with its encoding, BOM and bytes, so
`--fix` writes it back the same way, atomically, and refuses if it changed in between.
"""

from __future__ import annotations

import codecs
import contextlib
import fnmatch
import hashlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

DEFAULT_INCLUDE = ("*.txt", "*.md")
MAX_BYTES = 512 * 1024 * 1024
#: plain-text files larger than this are checked in sections (tqcheck/sections.py)
LARGE_FILE_BYTES = 4 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class SourceError(Exception):
    """A file that cannot be checked. str() is `path: reason`, one line, for the user."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


@dataclass
class Source:
    """A decoded text and everything needed to write it back as it came."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    digest: str = ""
    real_path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)

    @property
    def cache_key(self) -> str:
        """The findings cache's key for this file: the digest of its bytes, and the markup
        its name selects, because the same bytes read as Markdown or HTML and as plain text
        give different findings ("" when there is no digest: not cached)."""
        if not self.digest:
            return ""
        from .markup import READERS

        kind = READERS.get(PurePath(self.path).suffix.lower())
        return self.digest if kind is None else f"{self.digest}:{kind}"


def decode_bytes(data: bytes, path: str) -> tuple[str, str, bytes, list[str]]:
    """Decode file bytes: (text, encoding, bom, warnings). Binary data raises SourceError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, bom, []
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"invalid {encoding} after its BOM: {exc.reason}") from None
    if b"\x00" in data:
        raise SourceError(path, "binary file (contains NUL bytes); skipped")
    try:
        return data.decode("utf-8"), "utf-8", b"", []
    except UnicodeDecodeError as exc:
        position = exc.start
    if _looks_binary(data):
        raise SourceError(path, "binary file (not text in any known encoding); skipped")
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    warning = f"not valid UTF-8 (byte {position}); decoded as {encoding}"
    return text, encoding, b"", [warning]


def _looks_binary(data: bytes) -> bool:
    """Many control bytes other than tab/newline/form feed mean this is not an article."""
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 100)


def is_large(path: Path) -> bool:
    """Whether the file is over LARGE_FILE_BYTES (and not over MAX_BYTES): then a check that
    keeps slim results reads it in sections. False when it cannot be read: `read_source`
    then says why."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return False
    return LARGE_FILE_BYTES < size <= MAX_BYTES


def read_source(path: Path, display: str | None = None) -> Source:
    """Read and decode one file; every failure becomes a one-line SourceError."""
    name = display or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(name, "not a regular file (FIFO, device or socket); skipped")
        if info.st_size > MAX_BYTES:
            raise SourceError(name, f"file too large ({info.st_size} bytes); skipped")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(name, "no such file") from None
    except PermissionError:
        raise SourceError(name, "permission denied") from None
    except IsADirectoryError:
        raise SourceError(name, "is a directory") from None
    except OSError as exc:
        raise SourceError(name, f"cannot read: {exc.strerror or exc}") from None
    text, encoding, bom, warnings = decode_bytes(data, name)
    return Source(
        path=name,
        text=text,
        encoding=encoding,
        bom=bom,
        digest=hashlib.sha256(data).hexdigest(),
        real_path=path,
        warnings=warnings,
    )


def source_from_text(text: str, path: str = "<stdin>") -> Source:
    return Source(path=path, text=text)


# ---- discovery ---------------------------------------------------------------------------


def discover(
    paths: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    prune: Callable[[Path, bool], bool] | None = None,
) -> Iterator[tuple[Path, str] | SourceError]:
    """Files to check, in a stable order: (path, display name), or a SourceError.

    A file named on the command line is always checked; files found inside folders must match
    `include` and not `exclude` (globs on the file name or the path relative to the folder).
    `prune(path, is_dir)` may skip more of a folder walk (.gitignore, configured excludes).
    """
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            yield SourceError(raw, "no such file or folder")
            continue
        if path.is_dir():
            for found, key in _walk(path, include, exclude, prune):
                if key not in seen:
                    seen.add(key)
                    yield found, str(found)
        elif not _excluded(path.as_posix(), path.name, exclude):
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                yield path, raw


def _walk(
    root: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    prune: Callable[[Path, bool], bool] | None = None,
) -> Iterator[tuple[Path, str]]:
    """Files under `root` and each one's real path (the key that finds a file seen twice).

    The real path is resolved once per folder, not once per file: only a file that is itself
    a symlink needs its own (a walk of thousands of files spent more time in realpath's lstat
    of every path component than in anything else of discovery).
    """
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        rel_folder = base.relative_to(root).as_posix()
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and not _excluded(_join(rel_folder, d), d, exclude)
            and not (prune and prune(base / d, True))
        )
        real_folder = os.path.realpath(folder)
        for name in sorted(files):
            if not any(fnmatch.fnmatchcase(name, g) for g in include):
                continue
            if exclude and _excluded(_join(rel_folder, name), name, exclude):
                continue
            path = base / name
            if prune and prune(path, False):
                continue
            full = os.path.join(folder, name)
            yield (
                path,
                (
                    os.path.realpath(full)
                    if os.path.islink(full)
                    else os.path.join(real_folder, name)
                ),
            )


def _join(folder: str, name: str) -> str:
    return name if folder in ("", ".") else f"{folder}/{name}"


def _excluded(rel: str, name: str, exclude: Sequence[str]) -> bool:
    for glob in exclude:
        if fnmatch.fnmatchcase(name, glob) or fnmatch.fnmatchcase(rel, glob):
            return True
        if glob.endswith("/**") and (rel == glob[:-3] or rel.startswith(glob[:-2])):
            return True
        if glob.startswith("**/") and fnmatch.fnmatchcase(rel, glob[3:]):
            return True
    return False


# ---- writing back ------------------------------------------------------------------------


def write_back(source: Source, new_text: str) -> None:
    """Write a fixed text over its file: same encoding, BOM and mode; atomic; never stale.

    The file is re-read first: if it changed since it was checked, nothing is written. The new
    bytes go to a temporary file in the same folder, are flushed to disk, then renamed over
    the original, so a crash leaves either the old file or the new one, never half of one.
    A symlink is followed: its target is rewritten and the link stays a link.
    """
    if source.real_path is None:
        raise SourceError(source.path, "has no file to write to")
    target = Path(os.path.realpath(source.real_path))
    try:
        data = source.encode(new_text)
    except UnicodeEncodeError as exc:
        raise SourceError(
            source.path,
            f"fix not written: the result cannot be encoded as {source.encoding} ({exc.reason})",
        ) from None
    try:
        current = target.read_bytes()
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError as exc:
        raise SourceError(source.path, f"fix not written: {exc.strerror or exc}") from None
    if hashlib.sha256(current).hexdigest() != source.digest:
        raise SourceError(source.path, "fix not written: the file changed while it was checked")
    import tempfile  # only writing needs it: a check imports none of it (~4 ms)

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tqcheck", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise SourceError(source.path, f"fix not written: {exc.strerror or exc}") from None
    source.digest = hashlib.sha256(data).hexdigest()
    source.text = new_text
