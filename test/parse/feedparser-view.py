"""Universal Feed Parser's view of feed files, as JSON, for the differential test.

Usage: /usr/bin/python3 feedparser-view.py [--root DIR] BASE_URL FILE...
Prints one JSON object: {file name: view}. Each file is parsed from its bytes, with
BASE_URL + file name as its location (so relative links resolve the same on both sides).
With --root, files are named by their path relative to DIR (corpora have repeated base names).
Dates are UTC instants (ISO 8601); HTML titles are reduced to their text, as a reader shows them.
"""
import calendar
import html
import html.parser
import json
import os
import sys
import time
import warnings

import feedparser

try:
    import chardet  # noqa: F401  (feedparser sniffs undeclared charsets with it when installed)
    HAS_CHARDET = True
except ImportError:
    HAS_CHARDET = False

warnings.simplefilter("ignore")


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def plain(value, detail):
    if value is None:
        return None
    kind = (detail or {}).get("type", "text/plain")
    if "html" in kind:
        parser = _Text()
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    return " ".join(value.split()) or None


def instant(parsed):
    if not parsed:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(parsed)))


def author_of(node):
    authors = dict.get(node, "authors") or []
    names = []
    for author in authors:
        name = author.get("name") or author.get("email")
        if name and name not in names:
            names.append(name)
    if names:
        return ", ".join(names)
    detail = dict.get(node, "author_detail") or {}
    return detail.get("name") or dict.get(node, "author")


def body_text(entry):
    content = dict.get(entry, "content") or []
    if content and content[0].get("value"):
        return plain(content[0]["value"], content[0])
    return plain(dict.get(entry, "summary"), dict.get(entry, "summary_detail"))


def entry_view(entry):
    enclosures = [e.get("href") for e in dict.get(entry, "enclosures", []) if e.get("href")]
    enclosures += [m.get("url") for m in dict.get(entry, "media_content", []) if m.get("url")]
    return {
        "title": plain(dict.get(entry, "title"), dict.get(entry, "title_detail")),
        "link": dict.get(entry, "link"),
        "id": dict.get(entry, "id"),
        # feedparser leaves published empty when only updated is given; wiredesk's published falls back
        # to updated, so the reference's published does the same here.
        "published": instant(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")),
        "updated": instant(dict.get(entry, "updated_parsed")),
        "author": author_of(entry),
        "categories": [t.get("term") or t.get("label") for t in dict.get(entry, "tags", []) if t.get("term") or t.get("label")],
        "enclosures": enclosures,
        "text": body_text(entry),
    }


def view(path, base):
    with open(path, "rb") as handle:
        data = handle.read()
    result = feedparser.parse(data, response_headers={"content-location": base, "content-type": "application/xml"})
    feed = result.feed
    return {
        "version": result.get("version"),
        "bozo": bool(result.get("bozo")),
        "encoding": result.get("encoding"),
        # Without chardet, feedparser reads undeclared non-UTF-8 bytes as windows-1252 whatever they
        # are: its text is then a guess, not a reference.
        "encodingGuessed": not HAS_CHARDET and isinstance(result.get("bozo_exception"), feedparser.CharacterEncodingOverride),
        "feed": {
            "title": plain(dict.get(feed, "title"), dict.get(feed, "title_detail")),
            "link": dict.get(feed, "link"),
            "language": dict.get(feed, "language"),
        },
        "entries": [entry_view(e) for e in result.entries],
    }


def main():
    args = sys.argv[1:]
    root = None
    if args[0] == "--root":
        root, args = args[1], args[2:]
    base = args[0]
    out = {}
    for path in args[1:]:
        name = os.path.relpath(path, root) if root else os.path.basename(path)
        try:
            out[name] = view(path, base + name)
        except Exception as err:  # the reference crashing is data too
            out[name] = {"error": repr(err)}
    json.dump(out, sys.stdout, ensure_ascii=False)


main()
