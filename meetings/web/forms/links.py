"""The form that opens a manage or personal link without JavaScript: the link pasted whole (its
key is after ``#``, which the browser never sent), or only its part after ``#``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.web.forms.base import PageForm
from meetings.web.identity import link_key_parse

LINK_MAX_LENGTH = 2000  # a link of ours is about 100 characters


class LinkForm(PageForm):
    link = forms.CharField(
        label=_("Your manage or personal link"),
        max_length=LINK_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Paste the whole link, with the part after #.")},
    )

    def clean_link(self) -> tuple[str, str | None]:
        parsed = link_key_parse(self.cleaned_data["link"])
        if parsed is None:
            raise forms.ValidationError(
                gettext(
                    "That is not a manage or personal link. Paste the whole link, with the "
                    "part after #."
                )
            )
        return parsed
