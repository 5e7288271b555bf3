"""Pages made by code rather than a template (feeds, the sitemap), under the page cache.

CachedPageMixin renders a response and keeps it under the versions of the scopes it
shows; a DocumentView builds an HttpResponse instead of a TemplateResponse and takes
part in the same protocol, so a feed or the sitemap is retired by exactly the changes
that retire the pages listing the same rows.
"""

from django.http import HttpResponse
from django.views.generic import View
from django.views.generic.base import ContextMixin

from magnesium_site import page_cache


class DocumentResponse(HttpResponse):
    """An HttpResponse CachedPageMixin can render() like a TemplateResponse."""

    def render(self):
        return self


class DocumentView(page_cache.CachedPageMixin, ContextMixin, View):
    """A kept page whose body build() makes. Subclasses give load() and their scopes."""

    def build(self):
        raise NotImplementedError

    def render_to_response(self, context):
        built = self.build()
        if hasattr(built, "render") and not isinstance(built, DocumentResponse):
            built.render()  # a TemplateResponse (the sitemap view's)
        response = DocumentResponse(
            built.content, content_type=built["Content-Type"], status=built.status_code
        )
        for name in ("Last-Modified", "X-Robots-Tag"):
            if name in built:
                response[name] = built[name]
        return response


class FeedView(DocumentView):
    """A syndication Feed (django.contrib.syndication) as a kept page.

    feed: the Feed instance; its get_object() runs in load(), so that cache_scopes() can
    name the object's scope.
    """

    feed = None

    def load(self):
        self.object = self.feed.get_object(self.request, **self.kwargs)

    def build(self):
        generator = self.feed.get_feed(self.object, self.request)
        response = DocumentResponse(content_type=generator.content_type)
        generator.write(response, "utf-8")
        return response
