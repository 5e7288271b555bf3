"""The format of stored HTML (magnesium_site.markup_format) changes with what made it."""

from magnesium_site.markup_format import markup_format


def test_a_changed_translation_changes_the_format(settings, tmp_path):
    catalogue = tmp_path / "en" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    settings.LOCALE_PATHS = [tmp_path]
    catalogue.write_bytes(b"first translation")
    first = markup_format()
    catalogue.write_bytes(b"second translation")

    assert markup_format() != first


def test_a_changed_source_or_extra_value_changes_the_format(tmp_path):
    source = tmp_path / "rendering.py"
    source.write_text("MARKUP = '<p>{}</p>'\n")
    first = markup_format(source, extra=("Europe/Amsterdam",))

    assert markup_format(source, extra=("Europe/Amsterdam",)) == first
    assert markup_format(source, extra=("UTC",)) != first
    source.write_text("MARKUP = '<div>{}</div>'\n")
    assert markup_format(source, extra=("Europe/Amsterdam",)) != first


def test_a_django_upgrade_changes_the_format(monkeypatch):
    # Django's own catalogues (month names) are not in LOCALE_PATHS.
    first = markup_format()
    monkeypatch.setattr("django.get_version", lambda: "9.9")

    assert markup_format() != first
