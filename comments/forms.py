import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from comments import spam
from comments.models import TEXT_MAX_LENGTH, Comment
from magnesium_site.sanitizer import strip_control_characters
from magnesium_site.text import (
    has_line_break,
    has_visible_text,
    strip_bidi_controls,
    strip_format_characters,
)

# The id of the error summary on top of a refused form (comments/includes/error_summary.html).
ERROR_SUMMARY_ID = "formulierfouten"


class CommentForm(forms.ModelForm):
    """The visitor's comment form, with a honeypot and a signed render time."""

    text = forms.CharField(
        label=_("Je reactie"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": _(
                "Je reactie is te lang: maximaal %(limit_value)d tekens, nu %(show_value)d. "
                "Maak haar wat korter."
            )
        },
        # Lazy, so that the help text is translated on every request, not once at import.
        help_text=format_lazy(
            _("Platte tekst, maximaal {max} tekens. Webadressen worden links."),
            max=TEXT_MAX_LENGTH,
        ),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    notify_on_approval = forms.BooleanField(
        label=_("Stuur me een e-mail als mijn reactie is geplaatst"), required=False
    )
    notify_on_reply = forms.BooleanField(
        label=_("Stuur me een e-mail als iemand op mijn reactie antwoordt"), required=False
    )
    privacy = forms.BooleanField(
        label=_(
            "Ik ga ermee akkoord dat mijn naam en reactie na goedkeuring openbaar worden getoond. "
            "Mijn e-mailadres blijft privé."
        ),
        error_messages={"required": _("Geef toestemming om je reactie te kunnen plaatsen.")},
    )
    # A field people never see; software that fills in every field does.
    homepage = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    rendered_at = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "text", "notify_on_approval", "notify_on_reply"]
        labels = {"name": _("Naam"), "email": _("E-mailadres"), "website": _("Website (optioneel)")}
        help_texts = {"email": _("Wordt nooit getoond.")}
        error_messages = {
            "name": {
                "max_length": _("Je naam mag maximaal %(limit_value)d tekens lang zijn."),
            }
        }

    def __init__(self, *args, article, now=None, render_token=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.now = now or time.time()
        self.is_honeypot_hit = False
        self.parent_comment = None
        self.fields["website"].assume_scheme = "https"
        # Browsers cut pasted text at maxlength without a word; the server refuses instead.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
        # A fresh render time on every render, so a refused form can be sent again.
        self.data = self.data.copy() if self.is_bound else self.data
        if self.is_bound:
            self.submitted_render_time = self.data.get("rendered_at", "")
            self.data["rendered_at"] = spam.sign_render_time(self.now, article.pk)
        else:
            # A cached page gets a placeholder here, filled in per request.
            self.initial["rendered_at"] = render_token or spam.sign_render_time(
                self.now, article.pk
            )
        self.helper = self._build_helper()

    def _build_helper(self):
        helper = FormHelper()
        # A refused post answers with this page: the browser opens it at the error summary.
        helper.form_action = (
            reverse("comments:post", kwargs={"slug": self.article.slug}) + f"#{ERROR_SUMMARY_ID}"
        )
        helper.form_id = "reactieformulier"
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            "parent",
            "rendered_at",
            Field("name", autocomplete="name"),
            Field("email", autocomplete="email"),
            Field("website", autocomplete="url"),
            "text",
            Div("homepage", css_class="hp-field", aria_hidden="true"),
            "notify_on_approval",
            "notify_on_reply",
            "privacy",
            Submit("submit", _("Reactie versturen")),
        )
        return helper

    def clean_name(self):
        # A name is one line in the editors' and the commenter's mail, shown as it is
        # typed: no line breaks, nothing invisible, nothing that reverses the text.
        name = strip_control_characters(self.cleaned_data["name"])
        if has_line_break(name):
            raise forms.ValidationError(_("Je naam moet op één regel staan, zonder regeleinden."))
        name = strip_format_characters(name).strip()
        if not has_visible_text(name):
            raise forms.ValidationError(_("Vul je naam in."))
        return name

    def clean_text(self):
        # Direction controls go; other format characters stay (ZWJ holds emoji together).
        text = strip_bidi_controls(strip_control_characters(self.cleaned_data["text"])).strip()
        if not has_visible_text(text):
            raise forms.ValidationError(_("Je reactie is leeg."))
        return text

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.public_threads().filter(pk=parent_id, article=self.article).first()
        if parent is None:
            raise forms.ValidationError(_("Je kunt alleen op een geplaatste reactie antwoorden."))
        self.parent_comment = parent
        return parent_id

    def clean(self):
        cleaned = super().clean()
        if not self.article.comments_open:
            raise forms.ValidationError(_("Reacties bij dit artikel zijn gesloten."))
        error = spam.check_render_time(self.submitted_render_time, self.now, self.article.pk)
        if error:
            raise forms.ValidationError(error)
        self.is_honeypot_hit = bool(cleaned.get("homepage"))
        return cleaned
