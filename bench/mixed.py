"""The mixed workload: visitors over many articles with skewed popularity, editors approving.

Visitors: paths drawn in advance with a Zipf-like popularity (rank k weighs 1/k**s)
over the articles, most popular first; a share of the visits goes to the home page,
and of the visits to an article with a second page of comments, a share to that page.
wrk (lua/mixed.lua) requests them in random order and counts the X-Cache header of
each response (magnesium_site.page_cache): `hit` (the page came from the page cache),
`miss` (it was rendered and stored), `bypass` (rendered for this request only) or
none (a page outside the page cache).

Editors: a thread in this process approves one pending comment a second through
comments.services.moderate(), as the admin does, so the page cache is told as it
would be in production. The article is drawn with the same popularity as the visits:
comments come where the readers are.
"""

import random
import threading
import time
from dataclasses import dataclass

ZIPF_S = 1.1
HOME_SHARE = 0.1  # of all visits
COMMENT_PAGE_SHARE = 0.1  # of the visits to an article that has a second page of comments
DRAWN_PATHS = 20_000
APPROVALS_PER_SECOND = 1


@dataclass
class Workload:
    paths: list  # one visit each, in the drawn proportions
    article_ids: list  # the articles the approver picks from
    home_visits: int
    comment_page_visits: int

    @property
    def pages(self):
        """Distinct paths."""
        return len(set(self.paths))

    def write(self, file):
        file.write_text("".join(f"{path}\n" for path in self.paths))
        return file


def popularity(count):
    """The weight of each of count articles, most popular first."""
    return [1 / rank**ZIPF_S for rank in range(1, count + 1)]


def draw(articles, home, comment_page_paths, seed=1):
    """The visits: articles most popular first; comment_page_paths maps an article's path
    to the path of its second page of comments, for the articles that have one."""
    rng = random.Random(seed)
    paths, home_visits, comment_page_visits = [], 0, 0
    for article in rng.choices(articles, popularity(len(articles)), k=DRAWN_PATHS):
        path = article.get_absolute_url()
        if rng.random() < HOME_SHARE:
            path = home
            home_visits += 1
        elif path in comment_page_paths and rng.random() < COMMENT_PAGE_SHARE:
            path = comment_page_paths[path]
            comment_page_visits += 1
        paths.append(path)
    return Workload(paths, [a.pk for a in articles], home_visits, comment_page_visits)


class Approver:
    """While the `with` block runs, approve one pending comment a second.

    The article is drawn by popularity from article_ids (most popular first).
    self.approved counts the comments approved; an error in the thread is raised again
    on leaving the block.
    """

    def __init__(self, article_ids, editor_username, seed=1):
        self.article_ids = list(article_ids)
        self.weights = popularity(len(self.article_ids))
        self.editor_username = editor_username
        self.rng = random.Random(seed)
        self.approved = 0
        self.error = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-approver", daemon=True)

    def _run(self):
        from django.contrib.auth import get_user_model
        from django.db import connections

        from comments import services
        from comments.models import Comment, Status

        try:
            editor = get_user_model().objects.get(username=self.editor_username)
            interval = 1 / APPROVALS_PER_SECOND
            next_at = time.monotonic() + interval
            while not self._stop.wait(max(0.0, next_at - time.monotonic())):
                next_at += interval
                [article_id] = self.rng.choices(self.article_ids, self.weights)
                pending = Comment.objects.filter(article_id=article_id, status=Status.PENDING)
                pk = pending.values_list("pk", flat=True).first()
                if pk is not None:
                    self.approved += services.moderate(
                        Comment.objects.filter(pk=pk), Status.APPROVED, editor
                    )
        except Exception as error:  # raised again in __exit__
            self.error = error
        finally:
            connections.close_all()  # this thread's connections

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        if self.error is not None and exc[0] is None:
            raise RuntimeError("the approver thread failed") from self.error


@dataclass
class CacheCounts:
    """What the X-Cache header said, over the responses of one run."""

    hits: int
    renders: int  # miss or bypass: the page was rendered for the request
    without_header: int

    @classmethod
    def of(cls, result):
        counts = result.x_cache()
        hits, without = counts.pop("hit", 0), counts.pop("none", 0)
        return cls(hits, sum(counts.values()), without)

    @property
    def responses(self):
        return self.hits + self.renders + self.without_header

    @property
    def hit_ratio(self):
        """The share of responses answered from the page cache."""
        return self.hits / self.responses if self.responses else 0.0

    @property
    def renders_per_1000(self):
        """Pages rendered per 1,000 responses."""
        return self.renders / self.responses * 1000 if self.responses else 0.0
