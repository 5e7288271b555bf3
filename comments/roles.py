"""The editors who moderate comments (set up by ``manage.py setup_roles``)."""

from magnesium_site.roles import Role

EDITORS = "Redacteuren"

ROLES = [
    # Editors moderate comments: see, change (approve, reject, edit) and delete them,
    # and see the articles the comments are on.
    Role(
        EDITORS,
        {
            "comments": (
                "view_comment",
                "change_comment",
                "delete_comment",
                "view_moderationevent",
            ),
            "articles": ("view_article",),
        },
    ),
]
