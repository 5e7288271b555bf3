from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
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
