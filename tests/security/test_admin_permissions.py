"""Permission matrix over every admin URL, for the five kinds of visitor of the admin.

Roles: anonymous, staff without a group, "Medewerkers", "Redacteuren" and a superuser.
What each may do on each registered model is written out by hand in :data:`EXPECTED`,
never derived from the role declarations (``articles/roles.py``, ``comments/roles.py``)
it checks: a permission added to or dropped from a role makes cells fail. From it:

* a model's changelist, change page and history need its view or change permission,
  its add page the add permission, its delete page the delete permission;
* comments are never added in the admin (``CommentAdmin.has_add_permission``);
* moderating a comment (row button or action) needs ``comments.change_comment``;
* an app's index page needs some permission on a model of the app (else 404);
* the admin index, password change and JavaScript catalogue need staff status only.

Expected outcomes: allowed GET → 200, allowed POST → 302 (a refused form → 200);
not allowed → 403 (404 for an app index, as Django does), and for anonymous visitors
a redirect to the admin login. Never a 500. POSTs also check the database: a refused
change leaves the row as it was.

The URL list comes from ``admin.site.get_urls()``: a test fails when an admin URL
(a newly registered model, a custom view) has no cell here.

Also: the public comment form gives no privilege to a logged-in role, and a pending
comment's text (and its author's name and address) appear on no public page and on
no admin page for roles without ``comments.view_comment``/``change_comment``.
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from mailer.models import PRIORITY_MEDIUM, RESULT_SUCCESS, Message, MessageLog, make_message

from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    Block,
    Category,
    FaqEntry,
    Reviewer,
    SiteSettings,
    StaffProfile,
    Symptom,
    Synonym,
)
from comments.models import Comment, Status
from search.models import ZeroResultQuery
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BlockFactory,
    CategoryFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
    ReviewerFactory,
    StaffProfileFactory,
    SymptomFactory,
    SynonymFactory,
)
from tests.comments.factories import CommentFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_without_group", "medewerker", "redacteur", "superuser"]
ROLE_GROUP = {"medewerker": "Medewerkers", "redacteur": "Redacteuren"}
LOGIN = "login"  # expected outcome: a redirect to the admin login page
PASSWORD = "lang-genoeg-wachtwoord"

REGISTERED = list(admin.site._registry)

SECRET_TEXT = "GEHEIM-WACHTEND-7Q"
SECRET_NAME = "Naamloos-Geheim-7Q"
SECRET_EMAIL = "geheim-7q@example.com"

# --- Expectations, written out by hand --------------------------------------------------

# What each role may do on each model registered in the admin; a model not listed: nothing.
# Comments and django-axes' login records are never added in the admin, not even by a
# superuser.
EXPECTED = {
    "anonymous": {},
    "staff_without_group": {},
    "medewerker": {
        "articles.article": "add change delete view",
        "articles.author": "add change delete view",
        "articles.block": "add change delete view",
        "articles.category": "add change delete view",
        "articles.faqentry": "add change delete view",
        "articles.reviewer": "add change delete view",
        "articles.staffprofile": "add change delete view",
        "articles.symptom": "add change delete view",
        "articles.synonym": "add change delete view",
        # Old addresses of renamed articles: made by a rename, never typed in.
        "articles.articleredirect": "delete view",
        # Searches that found nothing: read, to add a synonym or write an article.
        "search.zeroresultquery": "view",
        # One row, made on first use: never a second one, never deleted.
        "articles.sitesettings": "change view",
    },
    "redacteur": {
        "articles.article": "view",
        "comments.comment": "change delete view",
    },
    "superuser": {
        "articles.article": "add change delete view",
        "articles.author": "add change delete view",
        "articles.block": "add change delete view",
        "articles.category": "add change delete view",
        "articles.faqentry": "add change delete view",
        "articles.reviewer": "add change delete view",
        "articles.staffprofile": "add change delete view",
        "articles.symptom": "add change delete view",
        "articles.synonym": "add change delete view",
        "articles.sitesettings": "change view",
        "articles.articleredirect": "delete view",
        "auth.group": "add change delete view",
        "auth.user": "add change delete view",
        "axes.accessattempt": "change delete view",
        "axes.accessfailurelog": "change delete view",
        "axes.accesslog": "change delete view",
        "comments.comment": "change delete view",
        "mailer.dontsendentry": "add change delete view",
        "mailer.message": "add change delete view",
        "mailer.messagelog": "add change delete view",
        "search.zeroresultquery": "delete view",
    },
}


def may(role, model, action):
    return action in EXPECTED[role].get(model._meta.label_lower, "").split()


def may_see(role, model):
    return may(role, model, "view") or may(role, model, "change")


def may_use_app(role, app_label):
    return any(
        may(role, model, action)
        for model in REGISTERED
        if model._meta.app_label == app_label
        for action in ("add", "change", "delete", "view")
    )


def staff(role, outcome):
    """What a staff member gets; an anonymous visitor is sent to the login page."""
    return LOGIN if role == "anonymous" else outcome


def allowed(flag, yes=HTTPStatus.OK, no=HTTPStatus.FORBIDDEN):
    return yes if flag else no


# --- The world every cell is tested in ----------------------------------------------------


def make_object(model, label, world):
    """A fresh row of a registered model; a new registered model needs a line here."""
    if model is Group:
        return Group.objects.create(name=f"Groep {label}")
    if model is User:
        return User.objects.create_user(
            username=f"doel-{label}", email=f"doel-{label}@example.com", password=PASSWORD
        )
    if model is Author:
        return AuthorFactory(name=f"Auteur {label}")
    if model is Category:
        return CategoryFactory(name=f"Categorie {label}", slug=f"categorie-{label}")
    if model is Article:
        return ArticleFactory(title=f"Artikel {label}", slug=f"artikel-{label}", draft=True)
    if model is StaffProfile:
        user = make_object(User, f"profiel-{label}", world)
        return StaffProfileFactory(user=user, display_name=f"Medewerker {label}")
    if model is ArticleRedirect:
        return ArticleRedirect.objects.create(old_slug=f"oud-{label}", article=world["article"])
    if model is ZeroResultQuery:
        return ZeroResultQuery.objects.create(query=f"zoek {label}", day=timezone.localdate())
    if model is Synonym:
        return SynonymFactory(article=world["article"], term=f"synoniem {label}")
    if model is Symptom:
        return SymptomFactory(name=f"Symptoom {label}")
    if model is Reviewer:
        return ReviewerFactory(name=f"Controleur {label}", slug=f"controleur-{label}")
    if model is SiteSettings:
        return SiteSettings.load()  # the one row
    if model is Block:
        return BlockFactory(article=world["article"], heading=f"Blok {label}")
    if model is FaqEntry:
        return FaqEntryFactory(block=world["faq_block"], question=f"Vraag {label}?")
    if model is Comment:
        return CommentFactory(article=world["article"], text=f"Reactie {label}")
    if model is Message:
        message = make_message(
            f"Onderwerp {label}", "Tekst", None, [f"{label}@example.com"], priority=PRIORITY_MEDIUM
        )
        message.save()
        return message
    if model is MessageLog:
        return MessageLog.objects.log(
            make_object(Message, label, world), RESULT_SUCCESS, "Verstuurd"
        )
    return make_plain_object(model, label)


def make_plain_object(model, label):
    """A row of a model without foreign keys (e.g. django-axes' logs), filled by field type."""
    values = {}
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.has_default()
            or field.null
            or getattr(field, "auto_now_add", False)
        ):
            continue
        if field.is_relation:
            raise AssertionError(f"No test object for {model.__name__}: add it to make_object().")
        if isinstance(field, models.GenericIPAddressField):
            values[field.name] = "192.0.2.1"
        elif isinstance(field, models.BooleanField):
            values[field.name] = False
        elif isinstance(field, models.IntegerField):
            values[field.name] = 1
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.EmailField):
            values[field.name] = f"{label}@example.com"
        elif isinstance(field, (models.CharField, models.TextField)):
            values[field.name] = f"{label}"[: field.max_length or None]
        else:
            raise AssertionError(f"No test object for {model.__name__}: add it to make_object().")
    return model.objects.create(**values)


@pytest.fixture
def world(roles):
    article = ArticleFactory(slug="openbaar", title="Openbaar artikel")
    ReferenceFactory(article=article, key="bron")
    BlockFactory(article=article, body="Met een bron.[^bron]")
    list_block = BlockFactory(article=article, kind=Block.Kind.LIST, heading="Lijst")
    ListItemFactory(block=list_block, text="Eerste")
    ListItemFactory(block=list_block, text="Tweede", is_subitem=True)
    faq_block = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen")
    FaqEntryFactory(block=faq_block)
    draft = ArticleFactory(slug="concept-artikel", title="Concept", draft=True)
    closed = ArticleFactory(slug="gesloten-artikel", comments_open=False)
    approved = CommentFactory(article=article, status=Status.APPROVED, text="Openbare reactie")
    secret = CommentFactory(article=article, text=SECRET_TEXT, name=SECRET_NAME, email=SECRET_EMAIL)
    # A pending reply under a published comment, and rejected and spam ones.
    CommentFactory(article=article, parent=approved, text=f"{SECRET_TEXT} antwoord")
    CommentFactory(article=article, status=Status.REJECTED, text=f"{SECRET_TEXT} afgewezen")
    CommentFactory(article=article, status=Status.SPAM, text=f"{SECRET_TEXT} spam")
    world = {
        "article": article,
        "list_block": list_block,
        "faq_block": faq_block,
        "draft": draft,
        "closed": closed,
        "approved": approved,
        "secret": secret,
        "superuser": User.objects.create_superuser("beheerder", "b@example.com", PASSWORD),
    }
    world["subject"] = {model: make_object(model, "onderwerp", world) for model in REGISTERED}
    world["subject"][Block] = list_block  # a list block: its item inline is on the page
    return world


def login(client, role):
    if role == "anonymous":
        return None
    user = User.objects.create_user(
        username=f"rol-{role}",
        email=f"rol-{role}@example.com",
        password=PASSWORD,
        is_staff=True,
        is_superuser=role == "superuser",
    )
    if role in ROLE_GROUP:
        user.groups.add(Group.objects.get(name=ROLE_GROUP[role]))
    client.force_login(user)
    return user


def outcome(response):
    if response.status_code == HTTPStatus.FOUND and response["Location"].startswith(
        reverse("admin:login") + "?next="
    ):
        return LOGIN
    return response.status_code


def row(obj):
    return type(obj).objects.filter(pk=obj.pk).values().first()


class Matrix:
    """Collects every cell, so one failing cell does not hide the others."""

    def __init__(self, role):
        self.role = role
        self.cells = 0
        self.failures = []

    def check(self, label, response, expected, extra_ok=True, note=""):
        self.cells += 1
        got = outcome(response)
        if got != expected or not extra_ok:
            self.failures.append(f"{self.role:20} {label:55} expected {expected}, got {got} {note}")

    def assert_ok(self):
        assert not self.failures, "\n" + "\n".join(self.failures)


# --- Submitting a change form as a browser does --------------------------------------------


class FormFields(HTMLParser):
    """The values a browser would submit for the form with the given id."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields = defaultdict(list)
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name].append(attrs.get("value") or "on")
                return
            self.fields[name].append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "first": None}
            self._select["chosen"] = False
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self.fields[self._select["name"]].append(value)
                self._select["chosen"] = True
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            select = self._select
            if not select["multiple"] and not select["chosen"] and select["first"] is not None:
                self.fields[select["name"]].append(select["first"])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.fields[name].append(text[1:] if text.startswith("\n") else text)
            self._textarea = None


def change_form_data(html, model):
    parser = FormFields(f"{model._meta.model_name}_form")
    parser.feed(html)
    assert parser.fields, f"no form {model._meta.model_name}_form on the change page"
    return {**parser.fields, "_save": ["Opslaan"]}


# --- URL helpers ---------------------------------------------------------------------------


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def changelist(model):
    return admin_url(model, "changelist")


AUTOCOMPLETE = [
    # (source model, field with autocomplete, remote model whose view permission counts)
    (Article, "author", Author),
    (Article, "category", Category),
    (Block, "article", Article),
    (FaqEntry, "block", Block),
]


# --- The matrix ----------------------------------------------------------------------------

MODEL_CELLS = [
    "changelist",
    "add",
    "change",
    "history",
    "delete",
    "object-redirect",
    "POST add (empty)",
    "POST change (form as shown)",
    "POST delete",
    "POST action delete_selected",
]
SITE_CELLS = [
    "index",
    "login",
    "password_change",
    "password_change_done",
    "jsi18n",
    *[f"app_list {app}" for app in sorted({m._meta.app_label for m in REGISTERED})],
    *[f"autocomplete {s._meta.model_name}.{f}" for s, f, _ in AUTOCOMPLETE],
    "view_on_site article",
    "view_on_site pending comment",
    "catch-all unknown URL",
    "user password GET",
    "user password POST",
    "moderate GET",
    "moderate POST",
    "editorial reply GET",
    "editorial reply POST",
    "POST action approve_comments",
    "POST action publish",
    "POST action export_as_json",
    "logout POST",
]
PUBLIC_CELLS = [
    "comment on published article",
    "comment with status=approved smuggled in",
    "comment on draft article",
    "comment on closed article",
    "reply to pending comment",
    "article page",
    "draft article page",
]
CELLS_PER_ROLE = len(MODEL_CELLS) * len(REGISTERED) + len(SITE_CELLS) + len(PUBLIC_CELLS)
TOTAL_CELLS = CELLS_PER_ROLE * len(ROLES)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label_lower)
@pytest.mark.parametrize("role", ROLES)
def test_model_admin_matrix(client, world, role, model):
    login(client, role)
    matrix = Matrix(role)
    superuser = Client()
    superuser.force_login(world["superuser"])
    subject = world["subject"][model]
    name = model._meta.label_lower
    can_see = may_see(role, model)

    response = client.get(changelist(model))
    matrix.check(f"{name} changelist", response, staff(role, allowed(can_see)))

    response = client.get(admin_url(model, "add"))
    matrix.check(f"{name} add", response, staff(role, allowed(may(role, model, "add"))))

    response = client.get(admin_url(model, "change", subject.pk))
    matrix.check(f"{name} change", response, staff(role, allowed(can_see)))

    response = client.get(admin_url(model, "history", subject.pk))
    matrix.check(f"{name} history", response, staff(role, allowed(can_see)))

    response = client.get(admin_url(model, "delete", subject.pk))
    matrix.check(f"{name} delete", response, staff(role, allowed(may(role, model, "delete"))))

    # /admin/<app>/<model>/<pk>/ only redirects to the change page, which checks.
    change_url = admin_url(model, "change", subject.pk)
    response = client.get(change_url.removesuffix("change/"))
    matrix.check(
        f"{name} object-redirect",
        response,
        staff(role, HTTPStatus.FOUND),
        extra_ok=role == "anonymous" or response.get("Location") == change_url,
        note=f"(to {response.get('Location')})",
    )

    before = model.objects.count()
    response = client.post(admin_url(model, "add"), {})
    matrix.check(
        f"{name} POST add (empty)",
        response,
        staff(role, allowed(may(role, model, "add"))),
        extra_ok=model.objects.count() == before,
        note="(a row was added)",
    )

    before_row = row(subject)
    may_change = may(role, model, "change")
    form_page = (client if may_change else superuser).get(admin_url(model, "change", subject.pk))
    assert form_page.status_code == HTTPStatus.OK
    data = change_form_data(form_page.content.decode(), model)
    response = client.post(admin_url(model, "change", subject.pk), data)
    errors = ""
    if response.status_code == HTTPStatus.OK and response.context:
        errors = str(response.context.get("errors") or "")
    matrix.check(
        f"{name} POST change (form as shown)",
        response,
        staff(role, allowed(may_change, yes=HTTPStatus.FOUND)),
        extra_ok=may_change or row(subject) == before_row,
        note=f"(row changed) {errors}",
    )

    victim = make_object(model, f"weg-{role}", world)
    response = client.post(admin_url(model, "delete", victim.pk), {"post": "yes"})
    may_delete = may(role, model, "delete")
    gone = not model.objects.filter(pk=victim.pk).exists()
    matrix.check(
        f"{name} POST delete",
        response,
        staff(role, allowed(may_delete, yes=HTTPStatus.FOUND)),
        extra_ok=gone is may_delete,
        note=f"(deleted: {gone})",
    )

    victim = make_object(model, f"bulk-{role}", world)
    response = client.post(
        changelist(model),
        {"action": "delete_selected", "_selected_action": [victim.pk], "post": "yes"},
    )
    gone = not model.objects.filter(pk=victim.pk).exists()
    if may_delete:
        expected = HTTPStatus.FOUND
    elif can_see:
        # Only a view-only role gets here, and it has no action at all: the list is
        # shown again.
        expected = HTTPStatus.OK
    else:
        expected = HTTPStatus.FORBIDDEN
    matrix.check(
        f"{name} POST action delete_selected",
        response,
        staff(role, expected),
        extra_ok=gone is may_delete,
        note=f"(deleted: {gone})",
    )

    assert matrix.cells == len(MODEL_CELLS)
    matrix.assert_ok()


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_matrix(client, world, role):
    user = login(client, role)
    matrix = Matrix(role)
    is_staff = role != "anonymous"

    matrix.check("index", client.get(reverse("admin:index")), staff(role, HTTPStatus.OK))
    matrix.check(
        "login",
        client.get(reverse("admin:login")),
        HTTPStatus.FOUND if is_staff else HTTPStatus.OK,
    )
    for view in ("password_change", "password_change_done", "jsi18n"):
        matrix.check(view, client.get(reverse(f"admin:{view}")), staff(role, HTTPStatus.OK))
    for app in sorted({m._meta.app_label for m in REGISTERED}):
        response = client.get(reverse("admin:app_list", args=[app]))
        expected = staff(role, allowed(may_use_app(role, app), no=HTTPStatus.NOT_FOUND))
        matrix.check(f"app_list {app}", response, expected)
    for source, field, remote in AUTOCOMPLETE:
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": source._meta.app_label,
                "model_name": source._meta.model_name,
                "field_name": field,
                "term": "",
            },
        )
        expected = staff(role, allowed(may_see(role, remote)))
        matrix.check(f"autocomplete {source._meta.model_name}.{field}", response, expected)

    # Django's "view on site" redirects any staff member to the object's public URL.
    for label, obj in (("article", world["draft"]), ("pending comment", world["secret"])):
        content_type = ContentType.objects.get_for_model(obj)
        response = client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))
        matrix.check(f"view_on_site {label}", response, staff(role, HTTPStatus.FOUND))

    response = client.get("/admin/bestaat-niet/")
    matrix.check("catch-all unknown URL", response, staff(role, HTTPStatus.NOT_FOUND))

    target = world["subject"][User]
    password_url = reverse("admin:auth_user_password_change", args=[target.pk])
    may_change_user = may(role, User, "change")
    matrix.check(
        "user password GET", client.get(password_url), staff(role, allowed(may_change_user))
    )
    old_hash = target.password
    response = client.post(
        password_url,
        {"password1": "een-heel-nieuw-wachtwoord", "password2": "een-heel-nieuw-wachtwoord"},
    )
    target.refresh_from_db()
    changed = target.password != old_hash
    matrix.check(
        "user password POST",
        response,
        staff(role, allowed(may_change_user, yes=HTTPStatus.FOUND)),
        extra_ok=changed is may_change_user,
        note=f"(password changed: {changed})",
    )

    may_moderate = may(role, Comment, "change")
    comment = CommentFactory(article=world["article"], text="Te modereren")
    moderate_url = reverse("admin:comments_comment_moderate", args=[comment.pk, Status.APPROVED])
    response = client.get(moderate_url)
    comment.refresh_from_db()
    matrix.check(
        "moderate GET",
        response,
        staff(role, HTTPStatus.FORBIDDEN),  # a GET never moderates, not even a superuser's
        extra_ok=comment.status == Status.PENDING,
    )
    response = client.post(moderate_url)
    comment.refresh_from_db()
    matrix.check(
        "moderate POST",
        response,
        staff(role, allowed(may_moderate, yes=HTTPStatus.FOUND)),
        extra_ok=(comment.status == Status.APPROVED) is may_moderate,
        note=f"(status {comment.status})",
    )

    comment = CommentFactory(article=world["article"], text="Te beantwoorden")
    reply_url = reverse("admin:comments_comment_reply", args=[comment.pk])
    response = client.get(reply_url)
    matrix.check(
        "editorial reply GET",
        response,
        staff(role, HTTPStatus.FORBIDDEN),
        extra_ok=not comment.replies.exists(),
    )
    response = client.post(reply_url, {f"reply-{comment.pk}": "Dank voor je vraag."})
    answered = comment.replies.filter(is_editorial=True).exists()
    matrix.check(
        "editorial reply POST",
        response,
        staff(role, allowed(may_moderate, yes=HTTPStatus.FOUND)),
        extra_ok=answered is may_moderate,
        note=f"(answered: {answered})",
    )

    comment = CommentFactory(article=world["article"], text="Actie")
    response = client.post(
        changelist(Comment), {"action": "approve_comments", "_selected_action": [comment.pk]}
    )
    comment.refresh_from_db()
    matrix.check(
        "POST action approve_comments",
        response,
        staff(role, allowed(may_moderate, yes=HTTPStatus.FOUND)),
        extra_ok=(comment.status == Status.APPROVED) is may_moderate,
        note=f"(status {comment.status})",
    )

    draft = ArticleFactory(draft=True)
    response = client.post(
        changelist(Article), {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    may_publish = may(role, Article, "change")
    if may_publish:
        expected = HTTPStatus.FOUND
    elif may_see(role, Article):
        # A view-only user has no action at all: the list is shown again.
        expected = HTTPStatus.OK
    else:
        expected = HTTPStatus.FORBIDDEN
    matrix.check(
        "POST action publish",
        response,
        staff(role, expected),
        extra_ok=(draft.status == Article.Status.PUBLISHED) is may_publish,
        note=f"(status {draft.status})",
    )

    response = client.post(
        changelist(Comment) + "?status=all",
        {"action": "export_as_json", "_selected_action": [world["secret"].pk]},
    )
    exported = SECRET_EMAIL in response.content.decode()
    may_export = may_see(role, Comment)
    matrix.check(
        "POST action export_as_json",
        response,
        staff(role, allowed(may_export)),
        extra_ok=exported is may_export,
        note=f"(exported: {exported})",
    )

    response = client.post(reverse("admin:logout"))
    # Django sends an anonymous visitor from the logout URL to the admin index (→ login).
    matrix.check("logout POST", response, HTTPStatus.OK if is_staff else HTTPStatus.FOUND)

    # The public side, logged in as the same role (log in again after the logout).
    if user is not None:
        client.force_login(user)
    check_public(client, world, matrix)

    assert matrix.cells == len(SITE_CELLS) + len(PUBLIC_CELLS)
    matrix.assert_ok()


def check_public(client, world, matrix):
    """The public comment form treats every role as a visitor; drafts are a staff preview."""
    article = world["article"]
    before = Comment.objects.count()
    response = client.post(comment_url(article), form_data(article, text="Van een ingelogde rol."))
    new = Comment.objects.order_by("-pk").first()
    matrix.check(
        "comment on published article",
        response,
        HTTPStatus.FOUND,
        extra_ok=Comment.objects.count() == before + 1
        and new.status == Status.PENDING
        and new.moderated_by is None,
        note=f"(stored as {new.status})",
    )

    before = Comment.objects.count()
    response = client.post(
        comment_url(article),
        form_data(article, text="Meteen zichtbaar?", status="approved", moderated_by="1"),
    )
    new = Comment.objects.order_by("-pk").first()
    matrix.check(
        "comment with status=approved smuggled in",
        response,
        HTTPStatus.FOUND,
        extra_ok=Comment.objects.count() == before + 1 and new.status == Status.PENDING,
        note=f"(stored as {new.status})",
    )

    for label, target, expected in (
        ("comment on draft article", world["draft"], HTTPStatus.NOT_FOUND),
        ("comment on closed article", world["closed"], HTTPStatus.FORBIDDEN),
    ):
        before = Comment.objects.count()
        response = client.post(comment_url(target), form_data(target, text=f"Test {label}"))
        matrix.check(label, response, expected, extra_ok=Comment.objects.count() == before)

    before = Comment.objects.count()
    response = client.post(
        comment_url(article), form_data(article, text="Antwoord", parent=str(world["secret"].pk))
    )
    matrix.check(
        "reply to pending comment",
        response,
        HTTPStatus.BAD_REQUEST,
        extra_ok=Comment.objects.count() == before,
    )

    matrix.check("article page", client.get(article.get_absolute_url()), HTTPStatus.OK)
    preview = may(matrix.role, Article, "change")
    matrix.check(
        "draft article page",
        client.get(world["draft"].get_absolute_url()),
        allowed(preview, no=HTTPStatus.NOT_FOUND),
    )


def test_every_admin_url_has_a_cell():
    """A new admin URL (a model registered, a custom view) must get a row in the matrix."""

    def names(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.name, str(pattern.pattern)

    per_model = {"changelist", "add", "change", "history", "delete"}
    covered = {
        "index",
        "login",
        "logout",
        "password_change",
        "password_change_done",
        "jsi18n",
        "app_list",
        "autocomplete",
        "view_on_site",
        "auth_user_password_change",
        "comments_comment_moderate",
        # Revisions: tests/articles/test_revisions.py (anonymous, staff without and with).
        "articles_article_compare",
        "articles_article_revision",
        "articles_article_recover",
        "articles_article_recoverlist",
        # Drag-and-drop reorder: needs the change permission (adminsortable2).
        "articles_faqentry_sortable_update",
        "comments_comment_reply",
        # Medical review and content checks: tests/articles/test_medical_review.py and
        # test_content_checks.py (anonymous, staff without and with the permission).
        "articles_article_review",
        "articles_content_checks",
    }
    covered |= {
        f"{m._meta.app_label}_{m._meta.model_name}_{v}" for m in REGISTERED for v in per_model
    }
    unnamed = set()
    uncovered = []
    for name, pattern in names(admin.site.get_urls()):
        if name is None:
            unnamed.add(pattern)
        elif name not in covered:
            uncovered.append(name)
    assert uncovered == []
    # Every registered model has a row in the hand-written expectations.
    assert set(EXPECTED["superuser"]) == {m._meta.label_lower for m in REGISTERED}
    for role in ROLES:
        assert set(EXPECTED[role]) <= set(EXPECTED["superuser"]), role
    # The unnamed ones: /<pk>/ redirects to the change page, and the catch-all.
    assert unnamed == {"<path:object_id>/", "(?P<url>.*)$"}
    print(f"admin permission matrix: {TOTAL_CELLS} cells ({CELLS_PER_ROLE} per role)")


# --- A pending comment stays hidden -------------------------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/admin/") and "logout" not in href:
            self.hrefs.add(href.split("#")[0])


def admin_pages(client, world):
    """Every admin page a role can reach: the GET cells, and every admin link on them."""
    urls = {reverse("admin:index"), reverse("admin:password_change")}
    for model in REGISTERED:
        subject = world["subject"][model]
        urls |= {changelist(model), changelist(model) + "?status=all", admin_url(model, "add")}
        urls |= {admin_url(model, view, subject.pk) for view in ("change", "history", "delete")}
    urls.add(admin_url(Article, "delete", world["article"].pk))
    urls.add(admin_url(Article, "change", world["article"].pk))
    urls.add(admin_url(Comment, "change", world["secret"].pk))
    urls.add(admin_url(Comment, "history", world["secret"].pk))
    urls.add(reverse("admin:comments_comment_changelist") + f"?q={SECRET_TEXT}&status=all")
    for app in {m._meta.app_label for m in REGISTERED}:
        urls.add(reverse("admin:app_list", args=[app]))
    pages = {}
    # The seed pages, then every admin page they link to (without its query string).
    for depth in range(2):
        found = set()
        for url in sorted(urls - set(pages)):
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code == HTTPStatus.OK:
                html = response.content.decode()
                pages[url] = html
                links = Links()
                links.feed(html)
                found |= {href.split("?")[0] for href in links.hrefs}
        urls = found if depth == 0 else set()
    return pages


def public_pages(client, world):
    article = world["article"]
    urls = [
        "/",
        "/en/",
        article.category.get_absolute_url(),
        article.get_absolute_url(),
        "/en" + article.get_absolute_url(),
        f"{article.get_absolute_url()}?antwoord={world['secret'].pk}",
        f"{article.get_absolute_url()}?reacties=2",
        world["draft"].get_absolute_url(),
        f"{article.get_absolute_url()}?antwoord={world['approved'].pk}",
    ]
    pages = {url: client.get(url) for url in urls}
    refused = client.post(
        comment_url(article), form_data(article, text="", parent=str(world["secret"].pk))
    )
    pages["POST refused reply"] = refused
    for url, response in pages.items():
        assert response.status_code < 500, url
    return {url: response.content.decode() for url, response in pages.items()}


SECRETS = re.compile("|".join(map(re.escape, [SECRET_TEXT, SECRET_NAME, SECRET_EMAIL])))


@pytest.mark.parametrize("role", ROLES)
def test_pending_comment_is_invisible_without_comment_permissions(client, world, role):
    login(client, role)
    public = public_pages(client, world)
    for url, html in public.items():
        assert not SECRETS.search(html), f"{role} sees a pending comment on {url}"

    if role == "anonymous":
        assert client.get(reverse("admin:index")).status_code == HTTPStatus.FOUND
        return
    pages = admin_pages(client, world)
    # Sanity: the crawl reached the pages where comments could show up for this role.
    expected_pages = {reverse("admin:index")}
    if may(role, Article, "delete"):
        expected_pages.add(admin_url(Article, "delete", world["article"].pk))
    if may_see(role, Article):
        expected_pages.add(admin_url(Article, "change", world["article"].pk))
    assert expected_pages <= set(pages)
    print(f"{role}: {len(public)} public and {len(pages)} admin pages searched")
    if may_see(role, Comment):
        # The positive control: moderators do see it, in the moderation queue.
        assert SECRET_TEXT in pages[reverse("admin:comments_comment_changelist")]
        return
    leaks = {url: SECRETS.findall(html) for url, html in pages.items() if SECRETS.search(html)}
    assert leaks == {}, f"{role} sees pending comment data on {sorted(leaks)}: {leaks}"
