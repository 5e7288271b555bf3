"""The staff who write the content (set up by ``manage.py setup_roles``)."""

from magnesium_site.roles import Role

STAFF = "Medewerkers"
MEDICAL_EDITORS = "Medisch redacteuren"

ROLES = [
    # Staff write content; they never see or moderate comments.
    Role(
        STAFF,
        {
            "articles": (
                *(
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
                        "reviewer",
                        "staffprofile",
                    )
                    for action in ("add", "change", "delete", "view")
                ),
                # Old addresses of renamed articles: made by a rename, only ever removed.
                "view_articleredirect",
                "delete_articleredirect",
            ),
            # What visitors searched for and did not find: staff add synonyms for it.
            "search": ("view_zeroresultquery",),
        },
    ),
    # Medical editors read everything and record reviews; their Reviewer row names them.
    Role(
        MEDICAL_EDITORS,
        {
            "articles": (
                "record_review",
                "view_article",
                "view_block",
                "view_faqentry",
                "view_listitem",
                "view_reference",
                "view_synonym",
                "add_reviewer",
                "change_reviewer",
                "view_reviewer",
            ),
        },
    ),
]
