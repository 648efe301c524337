"""The article in a saved web page (.html, .htm): main text and metadata, boilerplate removed.

Extraction is trafilatura's (an lxml parse of the page, then its main-content heuristics with
jusText as the fallback): navigation, headers, footers, "baca juga" boxes, comments, tables,
scripts and styles never reach the text. The title, the canonical URL and the publication date
come from the page's markup (meta tags, JSON-LD, ``<time>``); the date is never guessed from the
running text.
"""
from __future__ import annotations

from dataclasses import dataclass

from kgraph.errors import InputError

__all__ = ["Page", "extract_page"]

#: htmldate's settings: dates from the markup only, the original (not the updated) one
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    url: str | None
    date: str | None  # YYYY-MM-DD, from the markup


def extract_page(data: bytes, where: str) -> Page:
    """The main text of the page in ``data`` (its encoding is read from the page or detected)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                            include_tables=False, include_images=False,
                                            date_extraction_params=_DATE_PARAMS)
    except RecursionError:
        raise InputError(f"{where}: the HTML is nested too deeply to read") from None
    except Exception as exc:  # lxml and the extractor raise many types on broken markup
        raise InputError(f"{where}: cannot read the HTML ({type(exc).__name__}: "
                         f"{(str(exc).splitlines() or [''])[0][:120]})") from None
    if found is None or not (found.text or "").strip():
        raise InputError(f"{where}: no article text found in the page (only navigation, scripts or "
                         "boilerplate); save the article's own page, or its text as .txt")
    return Page(found.text, found.title or None, found.url or None, found.date or None)
