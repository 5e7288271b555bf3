from django.conf import settings
from django.views.generic import TemplateView

from articles.models import CONTENT_SCOPE, LISTINGS_SCOPE
from articles.views import until_next_publication
from magnesium_site import page_cache
from magnesium_site.params import positive_int
from search.models import MAX_QUERY_LENGTH
from search.query import search
from search.services import record_zero_result
from search.text import clean_query


def query_parameter(value, view):
    """?q= as the page shows it: cleaned and cut, so that spellings of one query share a page."""
    return clean_query(value, MAX_QUERY_LENGTH)[0]


def page_parameter(value, view):
    number = positive_int(value)
    return str(number) if number and number > 1 else ""


class SearchView(page_cache.CachedPageMixin, TemplateView):
    """/zoeken/?q=: the published articles that match, each linking to the part that matched.

    Results are the same for every visitor, so pages are kept per (cleaned) query and
    page number, until a published article changes (LISTINGS_SCOPE), any article's content
    changes (CONTENT_SCOPE: blocks, items, FAQ entries, synonyms) or a scheduled article
    goes live. Pages without results are not kept: every such search is counted.
    """

    template_name = "search/search_results.html"
    cache_parameters = page_cache.Parameters(
        variants={"q": query_parameter, "page": page_parameter}
    )

    def known_scopes(self):
        return (LISTINGS_SCOPE, CONTENT_SCOPE)

    def load(self):
        self.query, self.query_was_cut = clean_query(self.request.GET.get("q"), MAX_QUERY_LENGTH)
        number = positive_int(self.request.GET.get("page")) or 1
        self.results = search(self.query, number) if self.query else None

    @property
    def found_nothing(self):
        return self.results is not None and self.results.paginator.count == 0

    def cache_timeout(self):
        if self.found_nothing:
            return 0
        return until_next_publication(settings.PAGE_CACHE_SECONDS)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.found_nothing:
            record_zero_result(self.query)
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            query_was_cut=self.query_was_cut,
            max_query_length=MAX_QUERY_LENGTH,
            page_obj=self.results,
            results=self.results.object_list if self.results else [],
            **kwargs,
        )
