from django.db import migrations


def drop_numbers(apps, schema_editor):
    """Numbers ("2024", an article's "(12)") are never a typo or part of a compound, and
    each one made every query word's similarity look-up longer."""
    SearchWord = apps.get_model("search", "SearchWord")
    SearchWord.objects.filter(word__regex=r"^[0-9]+$").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_vector_storage"),
    ]

    operations = [
        migrations.RunPython(drop_numbers, migrations.RunPython.noop),
    ]
