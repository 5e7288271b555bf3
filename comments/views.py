import logging
from http import HTTPStatus

from django.contrib import messages
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.models import Article
from articles.views import ArticleDetailView
from comments import services, spam
from comments.forms import CommentForm
from magnesium_site import page_cache
from magnesium_site.http import client_ip

logger = logging.getLogger(__name__)

# The original render time too: the time trap still counts from the first render.
RESUBMITTED_FIELDS = [
    "parent",
    "name",
    "email",
    "website",
    "notify_on_approval",
    "notify_on_reply",
    "privacy",
    "rendered_at",
]


class CommentCreateView(ArticleDetailView):
    """POST a comment to a published article; on an error, the article page with the form."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        """Relative links on a refused form's page land here: send them to the article."""
        url = reverse("articles:detail", kwargs={"slug": kwargs["slug"]})
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{url}?{query}" if query else url)

    def get_queryset(self):
        # Only published articles take comments, whoever is logged in. The page
        # content is loaded only when the form has to be shown again.
        return Article.objects.published()

    def post(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except DatabaseError:
            return self.unavailable()
        form = CommentForm(request.POST, article=self.object)
        ip_address = client_ip(request)
        if spam.rate_limit_exceeded(ip_address):
            form.add_error(
                None,
                _("Je hebt kort achter elkaar veel reacties gestuurd. Probeer het later opnieuw."),
            )
            return self.form_page(form, HTTPStatus.TOO_MANY_REQUESTS)
        if not form.is_valid():
            status = (
                HTTPStatus.FORBIDDEN if not self.object.comments_open else HTTPStatus.BAD_REQUEST
            )
            return self.form_page(form, status)
        try:
            services.submit_comment(
                form,
                ip_address=ip_address,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except DatabaseError:
            logger.exception("Could not save a comment on %s", self.object.pk)
            return self.unavailable()
        messages.success(
            request,
            _(
                "Bedankt voor je reactie! Een redacteur leest elke reactie voordat die "
                "verschijnt; dat duurt meestal enkele uren."
            ),
        )
        return redirect(self.object.get_absolute_url() + "#reacties")

    def form_page(self, form, status):
        # Read before the content, as in get().
        self.page_versions = page_cache.read_versions(self.cache_scopes())
        self.object = Article.objects.select_related("author", "category").get(pk=self.object.pk)
        context = self.get_context_data(object=self.object, comment_form=form)
        response = self.render_to_response(context, status=status)
        page_cache.mark_private(response)
        return response

    def unavailable(self):
        """The database is away: give the visitor a form with their text to send again."""
        post = self.request.POST
        hidden = [(name, post[name]) for name in RESUBMITTED_FIELDS if post.get(name)]
        response = render(
            self.request,
            "comments/unavailable.html",
            {"text": post.get("text", ""), "hidden": hidden},
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "60"
        page_cache.mark_private(response)
        return response


post_comment = CommentCreateView.as_view()


# RFC 8058: mail clients send the one-click unsubscribe as a POST without a CSRF token
# (and without cookies), so this view must be exempt. The signed token is the proof.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (mail scanners follow links); POST unsubscribes the address."""
    email = services.unsubscribe_address(token)
    if email is None:
        response = render(
            request, "comments/unsubscribe_invalid.html", status=HTTPStatus.BAD_REQUEST
        )
    elif request.method == "POST":
        services.unsubscribe(email)
        response = render(request, "comments/unsubscribe.html", {"done": True})
    else:
        response = render(request, "comments/unsubscribe.html", {"done": False})
    page_cache.mark_private(response)
    return response
