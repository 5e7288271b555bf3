from django.db import migrations
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    """Every author a slug of their name, unique (-2, -3, ... for names that slug alike)."""
    Author = apps.get_model("articles", "Author")
    taken = set()
    for author in Author.objects.order_by("pk"):
        base = slugify(author.name)[:110].strip("-") or "auteur"
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        Author.objects.filter(pk=author.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_discovery"),
    ]

    operations = [
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
