"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a syndication feed type.

Plugs into django.contrib.syndication like Atom1Feed and Rss201rev2Feed, so one Feed
class gives all three formats of the same items.
"""

import html
import json

from django.utils.feedgenerator import SyndicationFeed
from django.utils.html import strip_tags

VERSION = "https://jsonfeed.org/version/1.1"


def _date(value):
    return value.isoformat() if value else None


class JSONFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False, indent=2).encode(encoding))

    def document(self):
        feed = self.feed
        document = {
            "version": VERSION,
            "title": str(feed["title"]),
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": str(feed["description"] or ""),
            "language": feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        if feed.get("author_name"):
            document["authors"] = [_author(feed["author_name"], feed.get("author_link"))]
        return {key: value for key, value in document.items() if value not in (None, "")}

    @staticmethod
    def _item(item):
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": str(item["title"]),
            # The description is HTML, as in Atom and RSS; the summary its plain text.
            "summary": html.unescape(strip_tags(str(item["description"] or ""))),
            "content_html": str(item["description"] or ""),
            "date_published": _date(item["pubdate"]),
            "date_modified": _date(item["updateddate"]),
            "tags": [str(tag) for tag in item["categories"] or ()],
        }
        if item.get("author_name"):
            entry["authors"] = [_author(item["author_name"], item.get("author_link"))]
        if item.get("image"):
            entry["image"] = item["image"]
        return {key: value for key, value in entry.items() if value not in (None, "", [])}


def _author(name, url):
    author = {"name": str(name)}
    if url:
        author["url"] = url
    return author
