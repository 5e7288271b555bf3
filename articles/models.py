import calendar
import contextlib
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, FilteredRelation, Prefetch, Q
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator, slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.rendering import render_markdown
from articles.validators import (
    markdown_validators,
    validate_image_extension,
    validate_image_file,
)
from magnesium_site.model_state import RemembersLoadedStatus
from magnesium_site.prepared import PreparedQuery

IMAGE_VALIDATORS = [validate_image_extension, validate_image_file]


class SizedImageField(models.ImageField):
    """An ImageField that keeps its width and height in the row (width_field and
    height_field), so a page never opens the file, and for which a missing or unreadable
    file leaves the size unknown instead of failing every load of the row."""

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # The page then shows the image without a size.
        with contextlib.suppress(OSError):
            super().update_dimension_fields(instance, force, *args, **kwargs)


# The id a rendered citation carries (articles.rendering): cite-<key>-<b|i|f><pk>.
CITATION_ANCHOR = re.compile(r'id="(cite-([a-z0-9][a-z0-9-]*)-[bif]\d+)"')

# Sent (sender=Article, article_id=...) at the end of Article.render_content(), which
# follows bulk writes that send no post_save (load_demo, the admin's save): apps that
# derive something from the content (search) make it again, in the same transaction.
content_rendered = Signal()

# Page-cache scopes (magnesium_site.page_cache): what a change retires.
LISTINGS_SCOPE = "listings"  # every page that lists published articles (home, categories)
# What the content of any article says: pages built across articles from their blocks
# (the symptom index) and the sitemap's dates of change.
CONTENT_SCOPE = "content"
# People's names and addresses outside their articles (authors, medical reviewers): their
# pages, the feeds, the sitemap.
AUTHORS_SCOPE = "authors"


def article_scope(article_id):
    """One article's pages in every language, its comment pages, fragments and counts."""
    return f"article:{article_id}"


def nest(rows, is_child):
    """Group a flat ordered sequence into (row, children) pairs, one level deep."""
    tree = []
    for row in rows:
        if is_child(row) and tree:
            tree[-1][1].append(row)
        else:
            tree.append((row, []))
    return tree


class PageContent:
    """What the article page shows below its header, loaded on first use.

    The page shows the stored rendering (ArticleRendering, one query); the blocks are
    loaded only to make a new one after a change.
    """

    def __init__(self, article):
        self.article = article

    @cached_property
    def rendering(self):
        return ArticleRendering.current(self.article)

    @cached_property
    def blocks(self):
        # The page shows the rendered HTML; the Markdown sources stay in the database.
        return list(
            self.article.blocks.defer("body").prefetch_related(
                Prefetch("items", queryset=ListItem.objects.defer("text")),
                Prefetch("faq_entries", queryset=FaqEntry.objects.defer("answer")),
            )
        )

    @cached_property
    def toc(self):
        # A notice (a caution inside a section) never starts an entry of its own.
        return nest(
            [block for block in self.blocks if block.heading and block.kind != Block.Kind.NOTICE],
            lambda block: block.heading_level == 3,
        )

    @cached_property
    def footnotes(self):
        return self.article.footnotes(self.blocks)


def symptom_key(name):
    """What makes two spellings of a symptom the same one: case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


def unique_slug(model, text, exclude_pk=None, fallback="item", max_length=100):
    """A slug of text that no other row of model has (-2, -3, ... where one does)."""
    base = slugify(text)[: max_length - 6].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class Author(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "Het webadres van de auteurspagina; wordt uit de naam gemaakt als je het leeg laat."
        ),
    )
    bio = models.TextField(_("korte biografie"), blank=True)
    photo = models.ImageField(
        _("foto"), upload_to="authors/", blank=True, validators=IMAGE_VALIDATORS
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("auteur")
        verbose_name_plural = _("auteurs")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, self.pk, fallback="auteur", max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class BylinePerson:
    """Who the byline names; author is set when that person has an author page."""

    name: str
    author: "Author | None" = None


class StaffProfile(models.Model):
    """How a staff member is named on the site, e.g. in "Laatst bijgewerkt door"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("gebruiker"),
    )
    display_name = models.CharField(
        _("weergavenaam"),
        max_length=120,
        help_text=_("Zo staat deze persoon op de site, bijv. 'Anna de Vries'; nooit de inlognaam."),
    )
    author = models.ForeignKey(
        "Author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_profiles",
        verbose_name=_("auteur"),
        help_text=_("Schrijft deze medewerker ook als auteur? Dan linkt de naam naar die pagina."),
    )

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("profiel van een medewerker")
        verbose_name_plural = _("profielen van medewerkers")

    def __str__(self):
        return self.display_name


validate_big_number = RegexValidator(
    r"^\d{11}$", _("Een BIG-nummer bestaat uit precies 11 cijfers.")
)


class Reviewer(models.Model):
    """A qualified person who checks articles medically (the "Medisch gecontroleerd" line)."""

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Voor de pagina van deze persoon.")
    )
    qualification = models.CharField(
        _("kwalificatie"), max_length=120, help_text=_("Bijv. huisarts of diëtist.")
    )
    big_number = models.CharField(
        _("BIG-nummer"),
        max_length=11,
        blank=True,
        validators=[validate_big_number],
        help_text=_("11 cijfers, alleen als de persoon BIG-geregistreerd is."),
    )
    bio = models.TextField(_("korte biografie"), blank=True)
    url = models.URLField(_("webadres"), blank=True)
    photo = models.ImageField(
        _("foto"), upload_to="reviewers/", blank=True, validators=IMAGE_VALIDATORS
    )
    email = models.EmailField(
        _("e-mailadres"),
        blank=True,
        help_text=_(
            "Voor herinneringen aan controles; leeg: het adres van de gekoppelde gebruiker."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewer",
        verbose_name=_("gebruiker"),
        help_text=_("Het account waarmee deze persoon controles vastlegt (Medisch redacteuren)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("medisch controleur")
        verbose_name_plural = _("medisch controleurs")

    def __str__(self):
        return f"{self.name}, {self.qualification}"

    def get_absolute_url(self):
        return reverse("articles:reviewer", kwargs={"slug": self.slug})

    @property
    def reminder_email(self):
        """Where review reminders go: the reviewer's own address, else their account's."""
        if self.email:
            return self.email
        return self.user.email if self.user_id and self.user.email else ""


def default_next_review(reviewed_on):
    """The review after this one: MEDICAL_REVIEW_INTERVAL months later (29 Feb: 28 Feb)."""
    months = reviewed_on.month - 1 + settings.MEDICAL_REVIEW_INTERVAL
    year, month = reviewed_on.year + months // 12, months % 12 + 1
    day = min(reviewed_on.day, calendar.monthrange(year, month)[1])
    return reviewed_on.replace(year=year, month=month, day=day)


class Category(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


# The comment section's built-in words, used where neither the article nor the site
# settings have their own (translated, unlike what staff write).
COMMENTS_HEADING = _("Reacties en ervaringen")
COMMENTS_INTRO = _(
    "Deel hieronder je ervaringen of tips. De redactie leest elke reactie voordat die "
    "verschijnt; dat kan enkele uren duren. Zo blijven spam en ongepaste berichten van de site."
)


# What SiteSettings says for articles without words of their own (the one row, if any).
_SITE_DEFAULTS = PreparedQuery(
    lambda: SiteSettings.objects.filter(pk=1).values_list("comments_heading", "comments_intro")
)


class SiteSettings(models.Model):
    """Site-wide defaults staff set in the admin: one row (pk 1)."""

    comments_heading = models.CharField(
        _("kop boven de reacties"),
        max_length=200,
        blank=True,
        help_text=_(
            "Voor elk artikel zonder eigen kop. Leeg: de ingebouwde kop (Reacties en "
            "ervaringen), op de Engelse site vertaald."
        ),
    )
    comments_intro = models.TextField(
        _("inleiding bij de reacties"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Voor elk artikel zonder eigen inleiding; zeg dat de redactie reacties eerst leest "
            "en hoe lang dat duurt. Leeg: de ingebouwde tekst (op de Engelse site vertaald). "
            "Een lege regel begint een nieuwe alinea."
        ),
    )

    class Meta:
        verbose_name = _("site-instellingen")
        verbose_name_plural = _("site-instellingen")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row")]

    def __str__(self):
        return str(_("Site-instellingen"))

    def save(self, *args, **kwargs):
        # The one row is pk 1; a sequence (PostgreSQL's goes on after a deleted row)
        # would hand out 2 and break the constraint.
        if self.pk is None:
            self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]


@dataclass(frozen=True)
class CommentSectionText:
    """The heading and introduction of an article's comment section.

    *_is_content: written by staff (in the site's language, marked as such on pages in
    another), not the built-in words, which are translated."""

    heading: str
    heading_is_content: bool
    intro: str
    intro_is_content: bool


class Symptom(models.Model):
    """A complaint that list items name; one row however many articles list it.

    Two spellings that differ only in case, accents or spacing are one symptom: the key
    column holds the folded name (symptom_key) and is unique.
    """

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "Het webadres in de symptomenindex; wordt uit de naam gemaakt als je het leeg laat."
        ),
    )
    key = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["key"]
        verbose_name = _("symptoom")
        verbose_name_plural = _("symptomen")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                name="unique_symptom_key",
                violation_error_message=_("Er is al een symptoom met deze naam."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = symptom_key(self.name)
        if not self.slug:
            self.slug = unique_slug(Symptom, self.key, self.pk, fallback="symptoom", max_length=200)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:symptom", kwargs={"slug": self.slug})

    def clean(self):
        self.key = symptom_key(self.name)
        if not self.key:
            raise ValidationError({"name": _("Geef het symptoom een naam.")})
        if Symptom.objects.filter(key=self.key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("Er is al een symptoom met deze naam.")})

    @property
    def letter(self):
        """The letter of the A to Z index this symptom is filed under ("#" for a digit or sign)."""
        first = self.key[:1].upper()
        return first if first.isalpha() else "#"

    @classmethod
    def for_name(cls, name):
        """The symptom with this name in any spelling, made if there is none yet."""
        name = " ".join(name.split())
        symptom, _ = cls.objects.get_or_create(key=symptom_key(name), defaults={"name": name})
        return symptom


class ArticleQuerySet(models.QuerySet):
    def with_rendering(self):
        """Each article with its stored rendering in the current language, read in the same
        query (a LEFT JOIN): the page needs no query of its own for it when the rendering
        is current (ArticleRendering.current checks)."""
        return self.annotate(
            loaded_rendering=FilteredRelation(
                "renderings", condition=Q(renderings__language=get_language())
            )
        ).select_related("loaded_rendering")

    def published(self):
        """The articles a visitor may see: published, with a publication time that has passed."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff who may edit articles also see drafts (as a preview)."""
        if user.is_active and user.is_staff and user.has_perm("articles.change_article"):
            return self.all()
        return self.published()

    def review_overdue(self, today=None):
        """Articles whose next medical review date has passed."""
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_within(self, days, today=None):
        """Articles whose next medical review falls in the coming days (not overdue yet)."""
        today = today or timezone.localdate()
        return self.filter(
            next_review_due__gte=today, next_review_due__lte=today + timedelta(days=days)
        )

    def next_publication_time(self):
        """When the next scheduled article goes live (None if none is scheduled)."""
        return (
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .aggregate(next=models.Min("published_at"))
            .get("next")
        )


class Article(RemembersLoadedStatus, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        PUBLISHED = "published", _("gepubliceerd")

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("Het laatste deel van het webadres.")
    )
    lead = models.TextField(
        _("inleiding"), help_text=_("Korte samenvatting bovenaan het artikel en op de homepage.")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("categorie")
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="articles", verbose_name=_("auteur")
    )
    image = SizedImageField(
        _("afbeelding"),
        upload_to="articles/%Y/",
        blank=True,
        validators=IMAGE_VALIDATORS,
        width_field="image_width",
        height_field="image_height",
    )
    # Kept with the image so that a page never opens the file for its width and height.
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("alternatieve tekst"),
        max_length=250,
        blank=True,
        help_text=_("Beschrijf wat er op de afbeelding staat, voor wie haar niet kan zien."),
    )
    image_caption = models.CharField(_("onderschrift"), max_length=300, blank=True)
    image_credit = models.CharField(
        _("bron van de afbeelding"), max_length=200, blank=True, help_text=_("Bijv. Bron: Pixabay")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publicatiedatum"),
        null=True,
        blank=True,
        help_text=_("Een tijdstip in de toekomst plant de publicatie in."),
    )
    comments_open = models.BooleanField(
        _("reacties open"), default=True, help_text=_("Bezoekers kunnen reageren.")
    )
    comments_heading = models.CharField(
        _("kop boven de reacties"),
        max_length=200,
        blank=True,
        help_text=_("Leeg: de kop uit de site-instellingen."),
    )
    comments_intro = models.TextField(
        _("inleiding bij de reacties"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Leeg: de inleiding uit de site-instellingen. Een lege regel begint een nieuwe alinea."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # The byline: the date and person of the last substantive update (staff may set the
    # date themselves); saved_at and saved_by keep the exact time and user of every save.
    updated_at = models.DateTimeField(
        _("laatst bijgewerkt op"),
        default=timezone.now,
        help_text=_(
            "De datum in 'Laatst bijgewerkt op'. Schuift alleen op bij een inhoudelijke "
            "wijziging; je kunt haar ook zelf zetten."
        ),
    )
    # One more with every change to the blocks, items, FAQ entries or references: the
    # stored rendering of an older version is not shown (ArticleRendering).
    content_version = models.PositiveBigIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatst bijgewerkt door"),
    )
    byline_shows_author = models.BooleanField(
        _("auteur in de regel 'Laatst bijgewerkt'"),
        default=False,
        help_text=_("Toon de auteur in plaats van wie de laatste inhoudelijke wijziging maakte."),
    )
    saved_at = models.DateTimeField(_("laatst opgeslagen op"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatst opgeslagen door"),
    )
    # The medical review: recorded only by Medisch redacteuren (articles.services).
    reviewed_by = models.ForeignKey(
        Reviewer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("medisch gecontroleerd door"),
    )
    last_reviewed_on = models.DateField(_("laatst medisch gecontroleerd op"), null=True, blank=True)
    next_review_due = models.DateField(
        _("volgende controle"),
        null=True,
        blank=True,
        help_text=_("Standaard de termijn van de site na de laatste controle; mag korter."),
    )
    # The due date a reminder was mailed for: one reminder per due date.
    review_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")
        permissions = [("record_review", _("Kan een medische controle vastleggen"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_published_idx"),
            models.Index(fields=["next_review_due"], name="article_review_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="article_image_has_alt_text"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_date",
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed_on__isnull=True)
                | Q(next_review_due__gte=F("last_reviewed_on")),
                name="article_next_review_after_last",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | Q(last_reviewed_on__isnull=False),
                name="article_review_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.image and self.image_width is None:
            # FieldFile.save() hands the field a file the storage has read already, whose
            # size then stays unknown: read it from the stored file once, here.
            self._meta.get_field("image").update_dimension_fields(self, force=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Een afbeelding heeft een alternatieve tekst nodig.")}
            )
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @functools.cached_property
    def comment_section_text(self):
        """What the comment section says above the comments: the article's own words, else
        the site's (SiteSettings), else the built-in ones.

        The site's are read with a query of their own (prepared: compiled once per
        process), only when needed: as subqueries of the article's query they cost more
        to compile than this query costs to run. Kept with the instance, so a kept copy
        of the row (articles.views) needs no query; a change to SiteSettings retires
        every article's copies."""
        heading, intro = self.comments_heading, self.comments_intro
        if not (heading and intro):
            defaults = next(iter(_SITE_DEFAULTS()), ("", ""))
            heading, intro = heading or defaults[0], intro or defaults[1]
        return CommentSectionText(
            heading=heading or str(COMMENTS_HEADING),
            heading_is_content=bool(heading),
            intro=intro or str(COMMENTS_INTRO),
            intro_is_content=bool(intro),
        )

    def record_edit(self, user, substantive=True, shown_date=None):
        """Staff saved this article or part of it.

        Every save keeps its time and user (saved_at, saved_by). A substantive one also
        moves the byline to now and to that person; a typo fix leaves the byline. A
        shown_date that staff set themselves wins over now.
        """
        user = user if user and user.is_authenticated else None
        now = timezone.now()
        self.saved_at, self.saved_by = now, user
        changes = {"saved_at": now, "saved_by": user}
        if substantive:
            self.updated_at, self.updated_by = shown_date or now, user
            changes.update(updated_at=self.updated_at, updated_by=user)
        elif shown_date is not None:
            self.updated_at = changes["updated_at"] = shown_date
        Article.objects.filter(pk=self.pk).update(**changes)

    def byline_person(self):
        """The person in "Laatst bijgewerkt op ... door ...": the one rule every surface uses.

        The author where staff chose so, else whoever made the last substantive update,
        by the display name of their staff profile (or the author it names, or their full
        name); None when they have none of these: never a username.
        """
        if self.byline_shows_author or self.updated_by_id is None:
            return BylinePerson(self.author.name, self.author)
        user = self.updated_by
        try:
            profile = user.staff_profile
        except StaffProfile.DoesNotExist:
            profile = None
        if profile is not None:
            if profile.author_id is not None:
                return BylinePerson(profile.display_name or profile.author.name, profile.author)
            if profile.display_name:
                return BylinePerson(profile.display_name)
        full_name = user.get_full_name().strip()
        return BylinePerson(full_name) if full_name else None

    @property
    def has_review(self):
        return self.reviewed_by_id is not None and self.last_reviewed_on is not None

    def review_is_overdue(self, today=None):
        return self.next_review_due is not None and self.next_review_due < (
            today or timezone.localdate()
        )

    def citation_numbers(self):
        return {ref.key: number for number, ref in enumerate(self.references.all(), start=1)}

    def render_content(self):
        """Re-render the cached HTML of every block, list item and FAQ answer.

        Needed after references are added or reordered, because note numbers are
        baked into the cached HTML.
        """
        numbers = self.citation_numbers()
        blocks = list(self.blocks.prefetch_related("items", "faq_entries"))
        items, entries = [], []
        for block in blocks:
            block.render(numbers)
            for item in block.items.all():
                item.render(numbers)
                items.append(item)
            for entry in block.faq_entries.all():
                entry.render(numbers)
                entries.append(entry)
        Block.objects.bulk_update(blocks, ["body_html"])
        ListItem.objects.bulk_update(items, ["text_html"])
        FaqEntry.objects.bulk_update(entries, ["answer_html"])
        content_rendered.send(sender=Article, article_id=self.pk)

    def footnotes(self, blocks=None):
        """References with their number and the id of their first citation on the page.

        Read from the rendered HTML: a marker that did not become a link (inside code, an
        unknown key) has no anchor to return to.
        """
        notes = []
        for number, ref in enumerate(self.references.all(), start=1):
            ref.number = number
            ref.first_citation = None
            notes.append(ref)
        by_key = {ref.key: ref for ref in notes}
        for block in self.blocks.all() if blocks is None else blocks:
            html = [block.body_html]
            html += [item.text_html for item in block.items.all()]
            html += [entry.answer_html for entry in block.faq_entries.all()]
            for anchor, key in CITATION_ANCHOR.findall("".join(html)):
                ref = by_key.get(key)
                if ref is not None and ref.first_citation is None:
                    ref.first_citation = anchor
        return notes


class ArticleRendering(models.Model):
    """The article's content as HTML in one language, made once per content version.

    A derived row, like the *_html columns: never edited, made again when missing. A row
    is shown only for the content_version it was made from and the markup it was made
    with (FORMAT, which changes with the code and the translations that make it): one
    made from an older version (a render that raced a change) or by an older release
    is simply made again.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="renderings", verbose_name=_("artikel")
    )
    language = models.CharField(_("taal"), max_length=10)
    version = models.PositiveBigIntegerField(_("inhoudsversie"))
    format = models.CharField(_("opmaakversie"), max_length=32)
    toc_html = models.TextField(blank=True)
    blocks_html = models.TextField(blank=True)
    notes_html = models.TextField(blank=True)
    # What the content says for search engines (articles.structured_data.content_facts).
    facts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("weergave van een artikel")
        verbose_name_plural = _("weergaven van artikelen")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="unique_article_rendering")
        ]

    def __str__(self):
        return f"{self.article_id} ({self.language}, v{self.version})"

    @classmethod
    def current(cls, article):
        """The rendering of the article's content as loaded, made and stored if missing."""
        from articles.content_html import FORMAT, render_content

        language = get_language()
        found = article.__dict__.get("loaded_rendering")  # Article.objects.with_rendering()
        if found is None or (found.language, found.version, found.format) != (
            language,
            article.content_version,
            FORMAT,
        ):
            found = cls.objects.filter(
                article=article, language=language, version=article.content_version, format=FORMAT
            ).first()
        if found is None:
            found = cls(
                article=article,
                language=language,
                version=article.content_version,
                format=FORMAT,
            )
            for name, html in render_content(article).items():
                setattr(found, name, html)
            # One statement, and last writer wins: a row made from an older version is
            # only ever made again, never shown.
            cls.objects.bulk_create(
                [found],
                update_conflicts=True,
                unique_fields=["article", "language"],
                update_fields=[
                    "version",
                    "format",
                    "toc_html",
                    "blocks_html",
                    "notes_html",
                    "facts",
                ],
            )
        return found


def content_changed(article_id):
    """A block, item, FAQ entry or reference changed: retire the stored renderings."""
    Article.objects.filter(pk=article_id).update(content_version=F("content_version") + 1)


class Synonym(models.Model):
    """Another name for an article's subject: search finds the article by it, as by its title."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="synonyms", verbose_name=_("artikel")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0, db_index=True)
    term = models.CharField(
        _("synoniem"),
        max_length=100,
        help_text=_(
            "Een ander woord voor het onderwerp, bijv. een medische term of een spelling die "
            "lezers gebruiken. De zoekfunctie vindt het artikel ook op dit woord."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        constraints = [
            # Case-insensitive where the database lowercases the letters (SQLite: ASCII only).
            models.UniqueConstraint(
                "article",
                Lower("term"),
                name="unique_synonym_per_article",
                violation_error_message=_("Dit artikel heeft dit synoniem al."),
            ),
            models.CheckConstraint(condition=~Q(term=""), name="synonym_term_not_empty"),
        ]

    def __str__(self):
        return self.term


class Reference(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="references", verbose_name=_("artikel")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0, db_index=True)
    key = models.SlugField(
        _("sleutel"),
        max_length=50,
        help_text=_("Verwijs in de tekst naar deze bron met [^sleutel], bijv. [^ntvg-1993]."),
    )
    citation = models.CharField(_("bronvermelding"), max_length=500)
    url = models.URLField(_("webadres"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("literatuurverwijzing")
        verbose_name_plural = _("literatuurverwijzingen")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="unique_reference_key")
        ]

    def __str__(self):
        return self.citation


class Block(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("tekst")
        FAQ = "faq", _("veelgestelde vragen")
        LIST = "list", _("lijst")
        NOTICE = "notice", _("opmerking in kader")

    class ListStyle(models.TextChoices):
        BULLET = "bullet", _("opsomming")
        DEFINITION = "definition", _("begrip met omschrijving")

    class FaqDisplay(models.TextChoices):
        ACCORDION = "accordion", _("uitklapbaar (alleen de vragen)")
        OPEN = "open", _("open (vragen met hun antwoord)")

    class HeadingLevel(models.IntegerChoices):
        SECTION = 2, _("kop (H2)")
        SUBSECTION = 3, _("tussenkop (H3)")

    class Role(models.TextChoices):
        """What a block is about, for search engines (the structured data of the page)."""

        NONE = "", _("geen")
        SYMPTOMS = "symptoms", _("symptomen")
        CAUSES = "causes", _("oorzaken")
        TREATMENTS = "treatments", _("behandeling")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("artikel")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0, db_index=True)
    kind = models.CharField(
        _("soort"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.TEXT,
        help_text=_(
            "Lijst- en vragenblokken krijgen hun items op de eigen pagina van het blok "
            "(link 'Wijzigen'). Een opmerking in kader staat binnen het hoofdstuk erboven: "
            "ook met een kop komt ze niet in de inhoudsopgave."
        ),
    )
    heading = models.CharField(_("kop"), max_length=200, blank=True)
    heading_level = models.PositiveSmallIntegerField(
        _("kopniveau"), choices=HeadingLevel.choices, default=HeadingLevel.SECTION
    )
    anchor = models.SlugField(
        _("anker"),
        max_length=80,
        blank=True,
        help_text=_("Voor de inhoudsopgave; wordt uit de kop gemaakt als je het leeg laat."),
    )
    body = models.TextField(
        _("tekst"),
        blank=True,
        help_text=_(
            "Markdown: lege regel tussen alinea's, **vet**, *cursief*, [link](https://...). "
            "Bronverwijzing: [^sleutel]."
        ),
        validators=markdown_validators(max_length=8000),
    )
    body_html = models.TextField(editable=False, blank=True)
    list_style = models.CharField(
        _("lijstvorm"), max_length=10, choices=ListStyle.choices, default=ListStyle.BULLET
    )
    faq_display = models.CharField(
        _("weergave van de vragen"),
        max_length=10,
        choices=FaqDisplay.choices,
        default=FaqDisplay.ACCORDION,
        help_text=_("Alleen bij veelgestelde vragen."),
    )
    role = models.CharField(
        _("inhoud voor zoekmachines"),
        max_length=12,
        choices=Role.choices,
        default=Role.NONE,
        blank=True,
        help_text=_(
            "Zeg wat dit blok opsomt: de symptomen, de oorzaken of de behandeling van de "
            "aandoening. Zoekmachines lezen de items van een lijst (of bij een tekstblok de "
            "kop en tekst) dan als zodanig."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("blok")
        verbose_name_plural = _("blokken")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "anchor"],
                condition=~Q(anchor=""),
                name="unique_block_anchor",
            ),
            models.CheckConstraint(
                condition=Q(heading_level__in=[2, 3]), name="block_heading_level_2_or_3"
            ),
        ]

    def __str__(self):
        if self.heading:
            return self.heading
        # A block without a heading is known by its first words.
        words = Truncator(re.sub(r"\[\^[^\]]*\]|[#*_>\[\]()`]", " ", self.body)).words(8)
        return f"{self.get_kind_display()}: {words}" if words.strip() else self.get_kind_display()

    def save(self, *args, **kwargs):
        if self.heading and not self.anchor:
            self.anchor = self._unique_anchor()
        # One transaction: nobody sees the row without its HTML (articles.signals).
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            # Citation ids include the primary key, so rendering follows the first save.
            self.render(self.article.citation_numbers())
            Block.objects.filter(pk=self.pk).update(body_html=self.body_html)

    def render(self, numbers):
        self.body_html = render_markdown(self.body, numbers, scope=f"b{self.pk}")

    def _unique_anchor(self):
        base = slugify(self.heading)[:70] or "blok"
        taken = set(
            Block.objects.filter(article_id=self.article_id)
            .exclude(pk=self.pk)
            .values_list("anchor", flat=True)
        )
        anchor, counter = base, 2
        while anchor in taken:
            anchor, counter = f"{base}-{counter}", counter + 1
        return anchor

    @property
    def heading_tag(self):
        return f"h{self.heading_level}"

    def item_tree(self):
        """List items as (item, sub-items) pairs; a sub-item nests under the item above it."""
        return nest(self.items.all(), lambda item: item.is_subitem)


class ListItem(models.Model):
    block = models.ForeignKey(
        Block, on_delete=models.CASCADE, related_name="items", verbose_name=_("blok")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0, db_index=True)
    term = models.CharField(
        _("begrip"), max_length=200, blank=True, help_text=_("Alleen bij begrip-met-omschrijving.")
    )
    text = models.TextField(
        _("tekst"),
        help_text=_("Markdown; bronverwijzing met [^sleutel]."),
        validators=markdown_validators(max_length=2000),
    )
    text_html = models.TextField(editable=False, blank=True)
    is_subitem = models.BooleanField(
        _("subitem"), default=False, help_text=_("Springt in onder het item erboven.")
    )
    symptom = models.ForeignKey(
        Symptom,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="list_items",
        verbose_name=_("symptoom"),
        help_text=_("Het symptoom dat dit item noemt: het item staat dan in de symptomenindex."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("lijstitem")
        verbose_name_plural = _("lijstitems")

    def __str__(self):
        return self.term or self.text[:60]

    def save(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):  # nobody sees the row without its HTML
            super().save(*args, **kwargs)
            self.render(self.block.article.citation_numbers())
            ListItem.objects.filter(pk=self.pk).update(text_html=self.text_html)

    def render(self, numbers):
        self.text_html = render_markdown(self.text, numbers, scope=f"i{self.pk}", inline=True)


class FaqEntry(models.Model):
    block = models.ForeignKey(
        Block, on_delete=models.CASCADE, related_name="faq_entries", verbose_name=_("blok")
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0, db_index=True)
    question = models.CharField(_("vraag"), max_length=300)
    answer = models.TextField(
        _("antwoord"), help_text=_("Markdown."), validators=markdown_validators(max_length=5000)
    )
    answer_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("veelgestelde vraag")
        verbose_name_plural = _("veelgestelde vragen")

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):  # nobody sees the row without its HTML
            super().save(*args, **kwargs)
            self.render(self.block.article.citation_numbers())
            FaqEntry.objects.filter(pk=self.pk).update(answer_html=self.answer_html)

    def render(self, numbers):
        self.answer_html = render_markdown(self.answer, numbers, scope=f"f{self.pk}")


class ArticleRedirectQuerySet(models.QuerySet):
    def target_for(self, slug):
        """The published article an old slug now leads to (None: no such address)."""
        found = (
            self.filter(old_slug=slug, article__in=Article.objects.published())
            .select_related("article")
            .only("article__slug")
            .first()
        )
        return found.article if found else None


class ArticleRedirect(models.Model):
    """An address a published article had before its slug changed: answered with a 301."""

    old_slug = models.SlugField(_("oude slug"), max_length=200, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="redirects", verbose_name=_("artikel")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = ArticleRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
