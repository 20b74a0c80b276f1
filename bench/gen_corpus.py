"""Write the benchmark corpora: news articles with machine-translation errors planted at known
rates, so a timed run can also show how much it found (an engine timed while finding nothing
proves nothing).

    python bench/gen_corpus.py            # bench/out/corpus/{small,many,big} + manifest.json

Deterministic: the same seed gives the same bytes. Sentences come from templates written for
this benchmark; the planted errors are ones the shipped packs catch: French name forms (drawn
from rules/fr/names.yaml), calques ("telephone interview between", "the head of Russian
diplomacy"), French typography ("3,5 %"), stitched sentences (". .") and a "Source link -12"
line at the end of some articles. manifest.json records every planted form per file.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "corpus"

# Clean sentences are put together from parts, so that, as in real news, no two sentences of
# one article say nearly the same thing (the repeat detector would rightly flag that).
SUBJECTS = [
    "{Leader}",
    "The ministry",
    "A spokesman for the government",
    "Officials in {city}",
    "The central bank",
    "The opposition",
    "The company",
    "Police",
    "Rescue teams",
    "The electoral commission",
    "Analysts",
    "Negotiators",
    "Union leaders",
    "The regulator",
    "Local residents",
    "The army",
    "Doctors at the main hospital",
    "Farmers' groups",
    "The city council",
    "Investors",
]
ACTIONS = [
    "said on {day} that",
    "warned in a statement that",
    "told reporters that",
    "insisted late on {day} that",
    "confirmed in a written reply that",
    "argued that",
    "suggested in an interview with a local newspaper that",
    "admitted that",
    "announced after a two-hour meeting that",
    "repeated that",
]
CLAIMS = [
    "the talks had been constructive",
    "{n} people had been evacuated from the area",
    "prices had risen for a third month in a row",
    "the inquiry would report by the summer",
    "the agreement still needed the approval of parliament",
    "the suspect, a {n}-year-old man, had been arrested near the station",
    "the question of borders remained unsettled",
    "inflation was finally slowing",
    "{n} jobs would go over the next two years",
    "survivors might still be found",
    "turnout had been higher than in the previous election",
    "the new rules would apply from {month}",
    "a second round of talks was planned in {city}",
    "the budget gap had narrowed to {n} billion",
    "the road to {city} had reopened",
    "schools would stay closed until {month}",
    "the harvest was the poorest in {n} years",
    "the reform had been delayed once again",
    "the ceasefire was broadly holding",
    "the strike would continue into {month}",
    "exports to {city} had doubled",
    "the plant would be modernised with public money",
    "waiting lists were getting shorter",
    "the drought had cut river levels sharply",
    "the final decision lay with the courts",
]
TAILS = [
    "",
    "",
    "",
    " despite growing pressure from abroad",
    " after weeks of uncertainty",
    ", according to people familiar with the matter",
    " in a vote watched across the region",
    ", a claim the opposition disputes",
    " for the first time since {year}",
    " as markets opened in {city}",
]
# Second shape, for when an article has used every claim once.
THINGS = [
    "homes",
    "flights",
    "schools",
    "shops",
    "hospital beds",
    "farms",
    "trains",
    "factories",
    "bridges",
    "polling stations",
    "ferries",
    "clinics",
    "warehouses",
]
VERBED = [
    "closed",
    "inspected",
    "reopened",
    "evacuated",
    "rebuilt",
    "counted",
    "sold",
    "cancelled",
    "connected",
    "damaged",
    "insured",
    "requisitioned",
]
WHERE = [
    "across the north",
    "in the capital",
    "along the coast",
    "near the border",
    "in the old town",
    "around the port",
    "in three provinces",
    "on the island",
    "in the eastern suburbs",
    "along the river",
]
SOURCES = [
    "officials said",
    "the agency reported",
    "local media said",
    "the mayor's office said",
    "according to the latest count",
    "a police statement said",
    "the operator confirmed",
]
MONTHS = ["January", "March", "April", "June", "September", "October", "November"]
LEADERS = ["The president", "The prime minister", "The chancellor", "The mayor", "The envoy"]
CITIES = ["Brussels", "Geneva", "Nairobi", "Ottawa", "Lisbon", "Warsaw", "Seoul", "Lima"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DEMONYMS = ["Russian", "French", "Chinese", "Iranian", "Turkish", "German"]

# Each planted error: (template, kind). {name} is a French name form from the packs.
PLANTED = [
    ("{name} said on {day} that the talks would continue.", "name"),
    ("A spokesman for {name} confirmed the meeting in {city}.", "name"),
    ("The visit of {name} was postponed after the vote.", "name"),
    ("During a telephone interview between the two leaders, they discussed a truce.", "calque"),
    ("The head of {demonym} diplomacy arrived in {city} on {day}.", "calque"),
    ("Unemployment fell to {a},{b} % in the last quarter.", "typography"),
    ("The talks ended without agreement. . Both sides blamed each other.", "punctuation"),
]
#: Share of sentences that carry a planted error.
ERROR_RATE = 0.08


def name_forms() -> list[str]:
    """French forms from the shipped name pack that need no context to be an error."""
    data = yaml.safe_load((ROOT / "rules" / "fr" / "names.yaml").read_text(encoding="utf-8"))
    forms: list[str] = []
    for rule in data["rules"]:
        if rule["id"] in ("fr-name-person", "fr-name-place") and not rule.get("when"):
            forms += [k for k in rule["swap"] if k[:1].isupper() and "'" not in k]
    forms = sorted(set(forms) - {"Poutine"})  # the guarded dish word has its own conditions
    return forms


class Writer:
    """Builds articles and remembers what was planted in each."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = name_forms()

    def fill(self, template: str) -> str:
        r = self.rng
        return template.format(
            Leader=r.choice(LEADERS),
            city=r.choice(CITIES),
            day=r.choice(DAYS),
            n=r.randint(2, 90),
            month=r.choice(MONTHS),
            year=r.randint(1990, 2019),
            name=r.choice(self.names),
            demonym=r.choice(DEMONYMS),
            a=r.randint(1, 9),
            b=r.randint(1, 9),
        )

    def clean_sentence(self, used: set[object]) -> str:
        """A claim reported by someone (each claim once per article), or else a fact sentence
        whose (things, verbed, where) triple is new to the article."""
        r = self.rng
        fresh = [i for i in range(len(CLAIMS)) if i not in used]
        if fresh:
            claim = r.choice(fresh)
            used.add(claim)
            text = f"{r.choice(SUBJECTS)} {r.choice(ACTIONS)} {CLAIMS[claim]}{r.choice(TAILS)}."
            return self.fill(text)
        # Every claim used: pair two of them, each pair once; two such sentences then share at
        # most one clause, which keeps them well apart for the repeat detector.
        while True:
            first, second = r.sample(range(len(CLAIMS)), 2)
            if ("pair", first, second) not in used:
                break
        used.add(("pair", first, second))
        text = (
            f"{r.choice(SUBJECTS)} {r.choice(ACTIONS)} {CLAIMS[first]}, "
            f"while {r.choice(SOURCES)} that {CLAIMS[second]}."
        )
        return self.fill(text)

    def article(self, target_bytes: int) -> tuple[str, list[dict[str, str]]]:
        r = self.rng
        planted: list[dict[str, str]] = []
        used: set[object] = set()
        planted_here: set[int] = set()
        paragraphs: list[str] = [self.fill("{Leader} meets counterparts in {city}")]
        size = len(paragraphs[0])
        while size < target_bytes:
            sentences = []
            for _ in range(r.randint(3, 6)):
                # Each planted template at most once per article: a copy would be a repeat.
                choice = r.randrange(len(PLANTED))
                if r.random() < ERROR_RATE and choice not in planted_here:
                    planted_here.add(choice)
                    template, kind = PLANTED[choice]
                    sentence = self.fill(template)
                    planted.append({"kind": kind, "sentence": sentence})
                else:
                    sentence = self.clean_sentence(used)
                sentences.append(sentence)
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        if r.random() < 0.3:
            paragraphs.append(f"Source link -{r.randint(1, 999)}")
            planted.append({"kind": "boilerplate", "sentence": paragraphs[-1]})
        return "\n\n".join(paragraphs) + "\n", planted


def write(out: Path, seed: int = 20240611) -> dict[str, object]:
    """Write small/, many/ and big/ under `out`; return the manifest."""
    writer = Writer(seed)
    manifest: dict[str, object] = {"seed": seed, "error_rate": ERROR_RATE, "sets": {}}
    sets: dict[str, dict[str, object]] = {}

    def save(set_name: str, name: str, text: str, planted: list[dict[str, str]]) -> None:
        path = out / set_name / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        entry = sets.setdefault(set_name, {"files": 0, "bytes": 0, "planted": 0, "by_kind": {}})
        entry["files"] += 1  # type: ignore[operator]
        entry["bytes"] += len(text.encode())  # type: ignore[operator]
        entry["planted"] += len(planted)  # type: ignore[operator]
        by_kind: dict[str, int] = entry["by_kind"]  # type: ignore[assignment]
        for item in planted:
            by_kind[item["kind"]] = by_kind.get(item["kind"], 0) + 1

    text, planted = writer.article(5000)
    save("small", "article.txt", text, planted)
    for index in range(2000):
        text, planted = writer.article(writer.rng.randint(3000, 6000))
        save("many", f"{index // 100:02d}/article-{index:04d}.txt", text, planted)
    pieces: list[str] = []
    big_planted: list[dict[str, str]] = []
    size = 0
    while size < 20 * 1024 * 1024:
        text, planted = writer.article(writer.rng.randint(3000, 6000))
        text = text.replace("Source link", "Related coverage")  # residue only ends an article
        planted = [p for p in planted if p["kind"] != "boilerplate"]
        pieces.append(text)
        big_planted += planted
        size += len(text)
    save("big", "big.txt", "\n".join(pieces), big_planted)
    manifest["sets"] = sets
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    manifest = write(args.out, args.seed)
    print(json.dumps(manifest["sets"], indent=2))


if __name__ == "__main__":
    main()
