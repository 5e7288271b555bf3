from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_markdown_length_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlerendering",
            name="format",
            # Existing rows match no format: they are made again on their next view.
            field=models.CharField(default="", max_length=32, verbose_name="opmaakversie"),
            preserve_default=False,
        ),
    ]
