from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator, FileExtensionValidator, MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
validate_image_extension = FileExtensionValidator(["jpg", "jpeg", "png", "webp", "gif"])


def validate_image_file(upload):
    """Accept only real raster images of a sane size (no SVG, no renamed files)."""
    if upload.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("De afbeelding is te groot (maximaal %(mb)s MB)."),
            params={"mb": settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except Exception as error:
        raise ValidationError(_("Dit bestand is geen geldige afbeelding.")) from error
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Alleen JPEG-, PNG-, WebP- en GIF-afbeeldingen zijn toegestaan."))


# Staff Markdown is rendered on save. Python-Markdown, and html.parser under it, rescan the
# rest of the text for every unclosed "[" and "<", so their number is bounded along with
# the length: the slowest text that passes stays well under a second to render.
MARKDOWN_MAX_OCCURRENCES = {"[": 200, "<": 200}


class MarkdownLengthValidator(MaxLengthValidator):
    message = _("Deze tekst is te lang: maximaal %(limit_value)d tekens, nu %(show_value)d.")


class MaxOccurrencesValidator(BaseValidator):
    message = _(
        "Deze tekst bevat het teken '%(character)s' te vaak: maximaal %(limit_value)d keer, "
        "nu %(show_value)d."
    )
    code = "max_occurrences"

    def __init__(self, character, limit_value, message=None):
        self.character = character
        super().__init__(limit_value, message)

    def __call__(self, value):
        count = value.count(self.character)
        if count > self.limit_value:
            params = {"character": self.character, "limit_value": self.limit_value}
            params |= {"show_value": count, "value": value}
            raise ValidationError(self.message, code=self.code, params=params)

    def __eq__(self, other):
        return (
            isinstance(other, MaxOccurrencesValidator)
            and super().__eq__(other)
            and self.character == other.character
        )


def markdown_validators(max_length):
    """The bounds of one Markdown field: its length and its number of "[" and "<"."""
    return [MarkdownLengthValidator(max_length)] + [
        MaxOccurrencesValidator(character, limit)
        for character, limit in MARKDOWN_MAX_OCCURRENCES.items()
    ]
