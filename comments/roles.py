"""The two staff roles and their permissions, kept in one place."""

from django.contrib.auth.models import Group, Permission

EDITORS = "Redacteuren"
STAFF = "Medewerkers"

ROLE_PERMISSIONS = {
    # Editors moderate comments: see, change (approve, reject, edit) and delete them.
    EDITORS: {
        "comments": ["view_comment", "change_comment", "delete_comment", "view_moderationevent"],
        "articles": ["view_article"],
    },
    # Staff write content; they never see or moderate comments.
    STAFF: {
        "articles": [
            f"{action}_{model}"
            for model in (
                "article",
                "author",
                "category",
                "block",
                "faqentry",
                "listitem",
                "reference",
            )
            for action in ("add", "change", "delete", "view")
        ],
    },
}


def ensure_roles():
    """Create or repair both groups so they hold exactly their permissions."""
    for name, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, codenames in by_app.items():
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - set(found.values_list("codename", flat=True))
            if missing:
                raise LookupError(f"Unknown permissions for {name}: {sorted(missing)}")
            wanted += list(found)
        group.permissions.set(wanted)
