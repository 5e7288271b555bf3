from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles import demo_content
from articles.demo_image import draw_demo_image
from articles.models import (
    Article,
    Author,
    Block,
    Category,
    FaqEntry,
    ListItem,
    Reference,
    Reviewer,
    StaffProfile,
    Synonym,
    default_next_review,
)
from articles.redirects import slug_changed
from articles.revisions import keep_revision
from articles.symptoms import link_list_items


class Command(BaseCommand):
    help = "Load the demo article about magnesium deficiency. Safe to run more than once."

    @transaction.atomic
    def handle(self, *args, **options):
        author, _ = Author.objects.update_or_create(
            name=demo_content.AUTHOR["name"], defaults={"bio": demo_content.AUTHOR["bio"]}
        )
        category, _ = Category.objects.update_or_create(
            slug=demo_content.CATEGORY["slug"],
            defaults={k: v for k, v in demo_content.CATEGORY.items() if k != "slug"},
        )
        fields = {k: v for k, v in demo_content.ARTICLE.items() if k != "slug"}
        article, created = Article.objects.get_or_create(
            slug=demo_content.ARTICLE["slug"],
            defaults={
                **fields,
                "author": author,
                "category": category,
                "status": Article.Status.PUBLISHED,
                "published_at": timezone.now(),
            },
        )
        if not created:
            self.stdout.write(f"Demo article already present: {article.get_absolute_url()}")
            return
        article.image.save("magnesium-illustratie.png", ContentFile(draw_demo_image()), save=True)
        Reference.objects.bulk_create(
            Reference(article=article, position=i, **ref)
            for i, ref in enumerate(demo_content.REFERENCES)
        )
        Synonym.objects.bulk_create(
            Synonym(article=article, position=i, term=term)
            for i, term in enumerate(demo_content.SYNONYMS)
        )
        for position, spec in enumerate(demo_content.BLOCKS):
            self._create_block(article, position, spec)
        article.render_content()
        self._byline_and_review(article)
        # The history starts here; the address the article had on the old site leads to it.
        keep_revision(article, gettext("Voorbeeldartikel geladen."))
        slug_changed(article, demo_content.OLD_SLUG)
        self.stdout.write(self.style.SUCCESS(f"Demo article loaded: {article.get_absolute_url()}"))

    def _byline_and_review(self, article):
        """A byline with a display name and a medical review, as staff would record them."""
        editor, created = get_user_model().objects.get_or_create(
            username=demo_content.EDITOR["username"]
        )
        if created:
            editor.set_unusable_password()
            editor.save()
        StaffProfile.objects.update_or_create(
            user=editor, defaults={"display_name": demo_content.EDITOR["display_name"]}
        )
        spec = demo_content.REVIEWER
        reviewer, _ = Reviewer.objects.update_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        today = timezone.localdate()
        article.record_edit(editor)
        Article.objects.filter(pk=article.pk).update(
            reviewed_by=reviewer, last_reviewed_on=today, next_review_due=default_next_review(today)
        )

    def _create_block(self, article, position, spec):
        block = Block.objects.create(
            article=article,
            position=position,
            kind=spec["kind"],
            heading=spec["heading"],
            heading_level=spec["level"],
            body=spec["body"],
            list_style=spec.get("style", Block.ListStyle.BULLET),
            faq_display=spec.get("faq_display", Block.FaqDisplay.ACCORDION),
            role=spec.get("role", Block.Role.NONE),
        )
        items = []
        for item in spec.get("items", []):
            items.append(ListItem(block=block, term=item.get("term", ""), text=item["text"]))
            items += [
                ListItem(block=block, text=child, is_subitem=True)
                for child in item.get("children", [])
            ]
        for index, item in enumerate(items):
            item.position = index
        ListItem.objects.bulk_create(items)
        if block.role == Block.Role.SYMPTOMS:
            link_list_items(block)  # the symptom index (/symptomen/)
        FaqEntry.objects.bulk_create(
            FaqEntry(block=block, position=i, question=q, answer=a)
            for i, (q, a) in enumerate(spec.get("entries", []))
        )
