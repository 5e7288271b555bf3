"""The staff who write the content (set up by ``manage.py setup_roles``)."""

from magnesium_site.roles import Role

STAFF = "Medewerkers"

ROLES = [
    # Staff write content; they never see or moderate comments.
    Role(
        STAFF,
        {
            "articles": tuple(
                f"{action}_{model}"
                for model in (
                    "article",
                    "author",
                    "category",
                    "block",
                    "faqentry",
                    "listitem",
                    "reference",
                    "synonym",
                    "sitesettings",
                    "symptom",
                )
                for action in ("add", "change", "delete", "view")
            ),
        },
    ),
]
