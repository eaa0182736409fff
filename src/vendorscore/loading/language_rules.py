"""A languages criterion against the vendors' languages: a demanded tag with a region (``de-DE``)
that no vendor offers while vendors offer its language (``de``), which ``es-MX`` not matching
``es`` (criteria/names.py) turns into every vendor lacking it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from vendorscore.criteria.languages import LanguagesCriterion
from vendorscore.criteria.names import tag_matches

if TYPE_CHECKING:
    from vendorscore.criteria.file import CriteriaFile
    from vendorscore.loading.rules import Finding, Loc, Located, VendorAt

# The languages of customer service, for "demand de to accept any German"; others by their tag.
NAMES = {
    "ar": "Arabic",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


def language_tag_rules(
    crit: CriteriaFile, crit_at: Located, vendors: Sequence[VendorAt]
) -> Iterator[Finding]:
    """A warning at each demanded or required tag that only a broader demand would serve."""
    offers = [{s.code for s in v.vendor.languages or ()} for v in vendors]
    for index, criterion in enumerate(crit.criteria):
        if not isinstance(criterion, LanguagesCriterion):
            continue
        for tag in criterion.demand:
            found = unmatched(tag, offers, "demand", "serve a demand for")
            if found is not None:
                at_key: Loc = ("criteria", index, "demand", tag)
                yield crit_at.issue(at_key, "language-tag-unmatched", found, "warning")
        for place, tag in enumerate(criterion.required):
            found = unmatched(tag, offers, "require", "meet a requirement of")
            if found is not None:
                at_entry: Loc = ("criteria", index, "required", place)
                yield crit_at.issue(at_entry, "language-tag-unmatched", found, "warning")


def unmatched(tag: str, offers: Sequence[set[str]], verb: str, what: str) -> str | None:
    """Why no vendor serves ``tag`` although some offer a broader form of it (None when a
    vendor serves it, or none offers its language at all)."""
    if any(tag_matches(tag, code) for codes in offers for code in codes):
        return None
    parts = tag.split("-")
    for size in range(len(parts) - 1, 0, -1):
        broader = "-".join(parts[:size])
        near = [{c for c in codes if tag_matches(broader, c)} for codes in offers]
        count = sum(1 for codes in near if codes)
        if not count:
            continue
        written = sorted(set().union(*near))
        shown = " or ".join(written[:3]) + (" or others" if len(written) > 3 else "")
        they = "offers" if count == 1 else "offer"
        does = "does" if len(written) == 1 else "do"
        name = NAMES.get(broader.casefold(), broader)
        return (
            f"no vendor offers {tag}; {count} {they} {shown}, which {does} not {what} "
            f"{tag} ({verb} {broader} to accept any {name})"
        )
    return None
