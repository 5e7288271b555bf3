import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_comment_texts_faq_display'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlerendering',
            name='facts',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='author',
            name='slug',
            # Unique once every author has one (0008 fills them, 0009 adds the constraint).
            field=models.SlugField(blank=True, db_index=False, max_length=120, verbose_name='slug'),
        ),
        migrations.AddField(
            model_name='block',
            name='role',
            field=models.CharField(blank=True, choices=[('', 'geen'), ('symptoms', 'symptomen'), ('causes', 'oorzaken'), ('treatments', 'behandeling')], default='', help_text='Zeg wat dit blok opsomt: de symptomen, de oorzaken of de behandeling van de aandoening. Zoekmachines lezen de items van een lijst (of bij een tekstblok de kop en tekst) dan als zodanig.', max_length=12, verbose_name='inhoud voor zoekmachines'),
        ),
        migrations.CreateModel(
            name='Symptom',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='naam')),
                ('slug', models.SlugField(blank=True, help_text='Het webadres in de symptomenindex; wordt uit de naam gemaakt als je het leeg laat.', max_length=200, unique=True, verbose_name='slug')),
                ('key', models.CharField(editable=False, max_length=200)),
            ],
            options={
                'verbose_name': 'symptoom',
                'verbose_name_plural': 'symptomen',
                'ordering': ['key'],
                'constraints': [models.UniqueConstraint(fields=('key',), name='unique_symptom_key', violation_error_message='Er is al een symptoom met deze naam.')],
            },
        ),
        migrations.AddField(
            model_name='listitem',
            name='symptom',
            field=models.ForeignKey(blank=True, help_text='Het symptoom dat dit item noemt: het item staat dan in de symptomenindex.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='list_items', to='articles.symptom', verbose_name='symptoom'),
        ),
    ]
