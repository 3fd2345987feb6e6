"""One resource per institution however rows write its name: a normalised key, an alias list."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ogpld.config import read_toml
from ogpld.errors import ConfigError


def name_key(name: str) -> str:
    """Names that differ only in case, spacing, punctuation, '&' or a leading 'the' are one name."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    return text.removeprefix("the ")


def slug(name: str) -> str:
    """A URI path segment from a name: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")[:80] or "institution"


def load_aliases(path: Path | None) -> dict[str, list[str]]:
    """An aliases file: each key a name as it should be published, its value the other spellings."""
    if path is None:
        return {}
    document = read_toml(path, "aliases file")
    for name, others in document.items():
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise ConfigError(f"{name!r} must list its other spellings as strings", str(path))
    return document


@dataclass
class Institution:
    """An institution of one member and every spelling the sheet used for it."""

    member: str
    key: str
    canonical: str | None = None
    spellings: Counter[str] = field(default_factory=Counter)
    seen_at: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The alias file's name, else the spelling used most (the first seen on a tie)."""
        if self.canonical:
            return self.canonical
        return max(self.spellings, key=lambda s: (self.spellings[s], -list(self.seen_at).index(s)))

    def other_names(self) -> list[str]:
        return sorted(s for s in self.spellings if s != self.name)


class Institutions:
    """The institutions met so far, reconciled per member."""

    def __init__(self, aliases: dict[str, list[str]]) -> None:
        self._key_of = {
            name_key(other): name_key(name)
            for name, others in aliases.items()
            for other in (name, *others)
        }
        self._canonical = {name_key(name): name for name in aliases}
        self.protected = [name for name, others in aliases.items() for name in (name, *others)]
        self.known: dict[tuple[str, str], Institution] = {}

    def add(self, member: str, spelling: str, location: str) -> Institution:
        """The institution this spelling names, created on first sight."""
        key = name_key(spelling)
        key = self._key_of.get(key, key)
        institution = self.known.setdefault(
            (member, key), Institution(member, key, self._canonical.get(key))
        )
        institution.spellings[spelling] += 1
        institution.seen_at.setdefault(spelling, location)
        return institution

    def merges(self) -> list[str]:
        """One line for each institution written more than one way."""
        lines = []
        for institution in self.known.values():
            if len(institution.spellings) > 1 or (
                institution.canonical and institution.canonical not in institution.spellings
            ):
                variants = ", ".join(
                    f"{s!r} ({institution.seen_at[s]})" for s in institution.spellings
                )
                lines.append(f"institution {institution.name!r} ({institution.member}): {variants}")
        return lines
