"""`untranslated`: a sentence or paragraph left in the source language inside English text.

Machine translation pipelines skip what they fail on (a quote, a caption, a paragraph that came
in a separate HTML block), and the French stays in the English article.

Language identification (langdetect) is slow to load (it reads ~50 profiles) and random unless
seeded, and almost every sentence of an English article is plainly English. So a cheap
pre-filter looks at the words first: a sentence that has English function words, or is mostly
capitalised names, never reaches langdetect; only one that lacks English glue and carries
foreign function words ("le", "der", "los", "della") or no English at all is identified. An
English article therefore never imports langdetect. When it is needed it is loaded once per
process, with a fixed seed and a fixed, sorted set of profiles, so every run gives the same
answer whatever PYTHONHASHSEED is.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..document import Document, Span
from ..findings import Finding
from ..languages import LANGUAGE_NAMES
from ..regex_cache import precompiled
from .base import Rule, RuleSpecError

# Profiles loaded for identification: Latin-script languages, so a stray English fragment is
# not forced into one of the reported languages for lack of a better candidate.
_PROFILES = (
    "af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw tl tr vi"
).split()

# English glue words. A sentence that has a fair share of them is English, whatever names or
# quoted phrases it holds.
_ENGLISH = frozenset(
    "the of and to in is was that for on with as by at it from he she they his her their has "
    "have had will would be been are were an this which who not but said its after over also "
    "than into about could should we you there when what or if our can all these those i my "
    "says while where because between during against before being up out them him me us "
    "more most some any other such only just then now so no new one two three first last "
    "year years week day time people government police president minister told according "
    "do does did made make get got take took way how why very much many since until under "
    "still well back down off may might must shall per each both few own same too here "
    "around through again another however whether whose whom your yes never ever even".split()
)

# Function words of the languages machine translation comes from, minus every word that is
# also English ("die", "an", "in", "con", "plus", "pour", "son", "was", "am", "hat", "so") and
# "a", which is both French and English.
_FOREIGN = (
    frozenset(
        # French
        "le la les des du de une un est sont que qui dans avec sur ne pas au aux ces cette il "
        "elle ils elles nous vous leur leurs été être avoir fait mais où très aussi selon après "
        "depuis entre contre lors dont ont était sa ses se et en ce sera ont été "
        # German
        "der das und ist nicht ein eine einen dem des zu mit auf für von sich auch im wird wurde "
        "werden sind haben nach bei aus wie dass oder aber noch nur sie er es wir ihr ihre sein "
        "seine einem einer eines zum zur vom beim über gegen durch mehr sehr schon kann soll muss "
        "den im um vor seit bis ob wenn als hatte habe ihm ihn uns dieser diese dieses keine kein "
        "bereits sollen wollen dort hier immer wieder sowie laut jedoch denn doch weil damit "
        "worden wurden gibt geht neue neuen zwei drei jetzt "
        # Spanish
        "el los las del por para una con que es su sus está como más pero fue también muy ha han "
        "según sobre desde hasta esta este al lo le "
        # Italian
        "il lo gli della delle degli dello nel nella nei alla alle sul sulla che è di non per una "
        "sono anche più ma stato essere hanno questo questa dei ha"
        # Portuguese
        " os da do dos das em não uma com pelo pela são foi também".split()
    )
    - _ENGLISH
)

# Particles inside names ("Charles de Gaulle", "Ursula von der Leyen", "Bashar al-Assad").
_NAME_PARTICLES = frozenset(
    "de la du des le di da del della von van der den ten ter y e et and und bin ibn al el "
    "dos das do".split()
)

SHORT_QUOTE_WORDS = 8
_QUOTED = precompiled(r'"[^"\n]{1,200}"|“[^”\n]{1,200}”|«[^»\n]{1,200}»|‘[^’\n]{1,200}’(?!\w)')

_ELISION = precompiled(r"^(?:l|d|qu|n|j|c|s|m|t|dell|all|nell|sull|dall)['’]\w", re.IGNORECASE)
_URL = precompiled(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD = precompiled(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NON_ENGLISH_LETTER = precompiled(r"[à-öø-ÿœßąćęłńśźżčřšžığ]")

_factory_lock = threading.Lock()
_factory: Any = None


@dataclass(frozen=True, slots=True)
class _Guess:
    """langdetect's best language for a passage and its probability."""

    lang: str
    confidence: float


@dataclass(eq=False, repr=False)  # Rule's own __eq__ and __repr__
class UntranslatedRule(Rule):
    """Passages left in a source language: screened by words, identified by langdetect."""

    kind_name = "untranslated"
    kind_keys = frozenset({"languages", "min_words", "min_confidence"})
    literal = False

    languages: tuple[str, ...] = ("fr", "de", "es", "it", "pt", "nl")
    min_words: int = 6
    min_confidence: float = 0.8

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], common: dict[str, Any]) -> UntranslatedRule:
        languages = spec.get("languages", list(cls.languages))
        if (
            not isinstance(languages, list)
            or not languages
            or not all(isinstance(code, str) and code in _PROFILES for code in languages)
            or "en" in languages
        ):
            raise RuleSpecError(
                f"'languages' must be a list of codes among {', '.join(_PROFILES)} (not en)",
                "languages",
            )
        min_words = spec.get("min_words", 6)
        if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 3:
            raise RuleSpecError("'min_words' must be a whole number >= 3", "min_words")
        confidence = spec.get("min_confidence", 0.8)
        if not isinstance(confidence, (int, float)) or not 0.5 <= confidence <= 1:
            raise RuleSpecError("'min_confidence' must be a number in [0.5, 1]", "min_confidence")
        if common.get("fix_safety") is not None:
            raise RuleSpecError(
                "an untranslated passage has no automatic fix; use fix: none", "fix"
            )
        return cls(
            **common,
            languages=tuple(languages),
            min_words=min_words,
            min_confidence=float(confidence),
        )

    def find(self, doc: Document) -> Iterator[Finding]:
        prose = doc.prose
        for para in doc.paragraphs:
            if not _may_be_foreign(prose[para.start : para.end]):
                continue
            # Only a paragraph the screen lets through is split into sentences: an English
            # article's sentences are never split for this detector.
            inside = doc.sentences_in(para)
            texts = [prose[s.start : s.end] for s in inside]
            # A sentence the screen rejects cannot pass the pre-filter either (the screen is
            # sound for any passage): one foreign word opens the paragraph, not its sentences.
            screened = [_may_be_foreign(text) for text in texts] if len(texts) > 1 else [True]
            guesses = [
                self._identify(text) if open_ else None
                for text, open_ in zip(texts, screened, strict=True)
            ]
            whole = self._whole_paragraph(prose, para, texts, screened, guesses)
            if whole is not None:
                yield self._finding(doc, para, whole, "paragraph")
                continue
            for sentence, guess in zip(inside, guesses, strict=True):
                if guess is not None:
                    yield self._finding(doc, sentence, guess, "sentence")

    def _whole_paragraph(
        self,
        prose: str,
        para: Span,
        texts: list[str],
        screened: list[bool],
        guesses: list[_Guess | None],
    ) -> _Guess | None:
        """The paragraph's language when all of it is foreign (one finding, not one a sentence).

        Every sentence must be foreign or too short to tell and not English-looking; then the
        paragraph as a whole is identified, which also catches a French paragraph of sentences
        each too short to report alone.
        """
        if len(texts) < 2:
            return None
        for text, open_, guess in zip(texts, screened, guesses, strict=True):
            if guess is None and (not open_ or prefilter(text, 1) is None):
                return None
        return self._identify(prose[para.start : para.end])

    def _identify(self, text: str) -> _Guess | None:
        """The foreign language of `text`, or None when it is English (or cannot be told)."""
        screened = prefilter(text, self.min_words)
        if screened is None:
            return None
        guess = identify(screened.text)
        if guess is None or guess.lang not in self.languages:
            return None
        if guess.confidence < self.min_confidence:
            return None
        # Names pull langdetect their way ("Real Madrid beat Atlético de Madrid in a tense La
        # Liga derby" reads as Spanish); the words that are not names must not read as English.
        if len(screened.unnamed.split()) >= 4:
            second = identify(screened.unnamed)
            if second is not None and second.lang == "en":
                return None
        return guess

    def _finding(self, doc: Document, span: Span, guess: _Guess, unit: str) -> Finding:
        language = LANGUAGE_NAMES.get(guess.lang, guess.lang)
        finding = self.make_finding(
            doc,
            span.start,
            span.end,
            values={
                "language": language,
                "lang": guess.lang,
                "confidence": f"{guess.confidence:.2f}",
                "unit": unit,
            },
            confidence=round(guess.confidence, 3),
        )
        return dataclasses.replace(finding, source_lang=guess.lang)

    def describe_options(self) -> dict[str, Any]:
        return {
            "languages": ", ".join(self.languages),
            "min_words": self.min_words,
            "min_confidence": self.min_confidence,
        }


@dataclass(frozen=True, slots=True)
class Screened:
    """A passage the pre-filter lets through: its text, and its words that are not names."""

    text: str
    unnamed: str


def prefilter(text: str, min_words: int) -> Screened | None:
    """The text to identify, or None when its words already show it is English (or not prose).

    Names carry no language (an English sentence about "Jean-Luc Mélenchon" is English), so
    capitalised words after the first and all-capitals words ("UN", headlines) are left out of
    the counts; what remains must hold enough words that are not name particles ("de", "von",
    "al") for a list of names never to look French. German capitalises its nouns, so the text
    handed to langdetect keeps every word.
    """
    # Each substitution runs only on text holding the characters it needs (same result).
    if "@" in text or "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if '"' in text or "“" in text or "«" in text or "‘" in text:
        text = _QUOTED.sub(_drop_short_quote, text)
    words = _WORD.findall(text)
    if len(words) < min_words:
        return None
    kept: list[str] = []
    for position, word in enumerate(words):
        if (word.isupper() and len(word) > 1) or (word[0].isupper() and position > 0):
            continue
        kept.append(word)
    lowered = [w.lower().replace("’", "'") for w in kept]
    content = [w for w in lowered if w not in _NAME_PARTICLES]
    if len(content) < 3 or len(kept) * 10 < len(words) * 3:
        return None  # a list of names, a headline in capitals or in title case
    english = sum(map(_ENGLISH.__contains__, lowered))
    if english * 5 >= len(kept) and english * 2 >= len(kept):
        # Neither test below can pass: the foreign evidence is at most one point a word
        # that is not English, so it cannot exceed the English count.
        return None
    foreign = 0.0
    for word in lowered:
        if word in _ENGLISH:
            continue
        if word in _FOREIGN or _ELISION.match(word):
            foreign += 1
        elif _NON_ENGLISH_LETTER.search(word):
            foreign += 0.5
    # An English sentence is about a third glue words; a foreign one shares only a stray "in".
    # Headlines have little glue too, so some foreign evidence is always required.
    if (english * 5 < len(kept) and foreign >= 1) or (foreign >= 2 and foreign > english):
        return Screened(" ".join(text.split()), " ".join(kept))
    return None


#: what `_URL` needs to match: it is run only on text holding one of these, because its "\S+@"
#: branch retries every word at every letter (it was most of the paragraph screen's time)
_URL_MARKS = ("@", "://", "www.")  # written out in `_has_url`


class _LettersOnly(dict[int, int]):
    """A `str.translate` table keeping letters and turning anything else into a space; each
    character is looked at once, then answered from the dict (ASCII text takes a fast path)."""

    def __missing__(self, code: int) -> int:
        value = code if chr(code).isalpha() else 32
        self[code] = value
        return value


_LETTERS_ONLY = _LettersOnly()

#: `bytes.translate` table for UTF-8 text: ASCII letters lowercased, every other byte (ASCII
#: punctuation, digits, and each byte of a character outside ASCII) turned into a space
_ASCII_LETTER_RUNS = bytes(
    code | 0x20 if chr(code).isascii() and chr(code).isalpha() else 0x20 for code in range(256)
)
#: the foreign function words written in ASCII only, as bytes
_FOREIGN_ASCII = frozenset(word.encode() for word in _FOREIGN if word.isascii())
#: characters outside ASCII whose lowercase holds an ASCII letter (the Kelvin sign is "k",
#: dotted capital I is "i" + a dot): byte-level splitting would drop them, so a text holding
#: one takes the str-level path (the list is checked against every code point in a test)
_LOWERS_TO_ASCII = "\u0130\u212a"

#: an elision at the start of a word ("l'État", "dell’Italia"), searched in the raw paragraph:
#: `(?<![^\W\d_])(?:l|d|qu|n|j|c|s|m|t|dell|all|nell|sull|dall)['’]\w`, written to start at
#: the apostrophe (one look-behind per length) so the scan jumps from apostrophe to
#: apostrophe instead of trying the alternation at every letter: 6x faster on an article
_AT_WORD_START = r"(?<![^\W\d_])"
_ELISION_IN_TEXT = precompiled(
    r"['’](?:"
    rf"(?<={_AT_WORD_START}[ldnjcsmt]['’])"
    rf"|(?<={_AT_WORD_START}qu['’])"
    rf"|(?<={_AT_WORD_START}all['’])"
    rf"|(?<={_AT_WORD_START}(?:dell|nell|sull|dall)['’])"
    r")\w",
    re.IGNORECASE,
)


def _may_be_foreign(text: str) -> bool:
    """False when no word of `text` is foreign evidence to `prefilter` (a foreign function
    word, an elision, a letter English lacks), so no sentence of it, nor the whole, can pass.

    A screen: it may say True for nothing (the sentences are then screened one by one), but
    never False when a sentence or the whole could pass. A sentence's words are words of its
    paragraph, and dropping quotes only removes words; a URL removed from inside a word could
    leave a new one ("lewww.x.fr"), so a paragraph holding a URL takes the slow path.

    Foreign function words are looked up among the runs of letters of the lowercased text.
    Those written in ASCII are found among the runs of ASCII letters of its UTF-8 bytes (one
    `bytes.translate` and `split`, several times faster than `str.translate` on text holding
    a curly quote): a run of letters that is such a word is also a run of ASCII letters, since
    every byte of another character became a space. Those with an accent ("être", "über")
    hold a letter English lacks and are found by the walk over those letters.
    """
    ascii = text.isascii()
    if not ascii and ("\u0130" in text or "\u212a" in text):  # _LOWERS_TO_ASCII
        return _may_be_foreign_str(text)
    if not _FOREIGN_ASCII.isdisjoint(text.encode().translate(_ASCII_LETTER_RUNS).split()):
        return True
    # Each regex runs only where it can match: the letters are all outside ASCII, and an
    # elision needs an apostrophe; most English paragraphs need no scan at all.
    if not ascii and _has_word_with_foreign_letter(text, text.lower()):
        return True
    if ("'" in text or "’" in text) and _ELISION_IN_TEXT.search(text):
        return True
    return _has_url(text)


def _may_be_foreign_str(text: str) -> bool:
    """`_may_be_foreign` splitting the lowercased str itself (for the rare text whose
    lowercase gains ASCII letters, which the byte-level split would miss)."""
    lowered = text.lower()
    if not _FOREIGN.isdisjoint(lowered.translate(_LETTERS_ONLY).split()):
        return True
    if _has_word_with_foreign_letter(text, lowered):
        return True
    if ("'" in text or "’" in text) and _ELISION_IN_TEXT.search(text):
        return True
    return _has_url(text)


def _has_word_with_foreign_letter(text: str, lowered: str) -> bool:
    """Whether a word holding a letter English lacks is a foreign function word ("être",
    "Über"), or starts with a letter that is not a capital.

    Any other such word is only half a point of foreign evidence to `prefilter`, and a
    capitalised word counts only as the first word of its passage, so a passage whose only
    such words are capitalised holds at most half a point and cannot pass: the names of
    translated news (Sergueï, Élysée, Besançon) no longer send every sentence of their
    paragraph through the pre-filter. For the capital, a word is `_WORD`'s (letter runs
    joined by apostrophes), its start found by walking back from the letter; for the function
    word, it is the run of letters around the letter in the lowercased text.
    """
    if len(lowered) != len(text):  # lowering changed the length: positions do not align
        return _NON_ENGLISH_LETTER.search(lowered) is not None
    for hit in _NON_ENGLISH_LETTER.finditer(lowered):
        start = hit.start()
        while start > 0:
            before = text[start - 1]
            if _is_word_letter(before) or (
                before in "'’" and start > 1 and _is_word_letter(text[start - 2])
            ):
                start -= 1
            else:
                break
        if not text[start].isupper():
            return True
        low, high = hit.start(), hit.end()
        while low > 0 and lowered[low - 1].isalpha():
            low -= 1
        while high < len(lowered) and lowered[high].isalpha():
            high += 1
        if lowered[low:high] in _FOREIGN:
            return True
    return False


def _is_word_letter(char: str) -> bool:
    """A character of `_WORD`'s letter runs: alphanumeric but not a decimal digit (`\\d`)."""
    return char.isalnum() and not char.isdecimal()


def _has_url(text: str) -> bool:
    """`_URL.search(text)`, skipped when a mark every URL or address has is missing."""
    return ("@" in text or "://" in text or "www." in text) and _URL.search(text) is not None


def _drop_short_quote(m: re.Match[str]) -> str:
    """A quoted phrase of a few words ("le président des riches") is a citation, not a lapse."""
    return " " if len(_WORD.findall(m.group(0))) <= SHORT_QUOTE_WORDS else m.group(0)


def identify(text: str) -> _Guess | None:
    """langdetect's best guess for `text` with its probability; None if it gives up."""
    factory = _load_factory()
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    detector.append(text)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    if not ranked:
        return None
    best = ranked[0]
    return _Guess(best.lang, float(best.prob))


def _load_factory() -> Any:
    """Load the profiles once per process, seeded, in a fixed order (thread-safe); from the
    cache folder when an earlier run stored them there (langid_profiles)."""
    global _factory
    if _factory is not None:
        return _factory
    with _factory_lock:
        if _factory is None:
            from ..langid_profiles import load_factory

            _factory = load_factory(sorted(_PROFILES), seed=0)
    return _factory
