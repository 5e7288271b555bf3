from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_author_slugs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="author",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text=(
                    "Het webadres van de auteurspagina; wordt uit de naam gemaakt als je het "
                    "leeg laat."
                ),
                max_length=120,
                unique=True,
                verbose_name="slug",
            ),
        ),
    ]
