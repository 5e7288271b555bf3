"""The staff roles: what a member of each group may do, written out by hand.

The expectations are literal on purpose: a permission added to or dropped from a role
in ``articles/roles.py`` or ``comments/roles.py`` must make a test here fail.
"""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from magnesium_site.roles import Role, declared_roles, ensure_roles

pytestmark = pytest.mark.django_db

STAFF_PERMISSIONS = {
    "articles.add_article",
    "articles.change_article",
    "articles.delete_article",
    "articles.view_article",
    "articles.add_author",
    "articles.change_author",
    "articles.delete_author",
    "articles.view_author",
    "articles.add_category",
    "articles.change_category",
    "articles.delete_category",
    "articles.view_category",
    "articles.add_block",
    "articles.change_block",
    "articles.delete_block",
    "articles.view_block",
    "articles.add_faqentry",
    "articles.change_faqentry",
    "articles.delete_faqentry",
    "articles.view_faqentry",
    "articles.add_listitem",
    "articles.change_listitem",
    "articles.delete_listitem",
    "articles.view_listitem",
    "articles.add_reference",
    "articles.change_reference",
    "articles.delete_reference",
    "articles.view_reference",
    "articles.add_synonym",
    "articles.change_synonym",
    "articles.delete_synonym",
    "articles.view_synonym",
    "articles.add_sitesettings",
    "articles.change_sitesettings",
    "articles.delete_sitesettings",
    "articles.view_sitesettings",
    "articles.add_symptom",
    "articles.change_symptom",
    "articles.delete_symptom",
    "articles.view_symptom",
    "articles.add_staffprofile",
    "articles.change_staffprofile",
    "articles.delete_staffprofile",
    "articles.view_staffprofile",
    "articles.add_reviewer",
    "articles.change_reviewer",
    "articles.delete_reviewer",
    "articles.view_reviewer",
    "articles.view_articleredirect",
    "articles.delete_articleredirect",
    "search.view_zeroresultquery",
}
MEDICAL_EDITOR_PERMISSIONS = {
    "articles.record_review",
    "articles.view_article",
    "articles.view_block",
    "articles.view_faqentry",
    "articles.view_listitem",
    "articles.view_reference",
    "articles.view_synonym",
    "articles.add_reviewer",
    "articles.change_reviewer",
    "articles.view_reviewer",
}
EDITOR_PERMISSIONS = {
    "comments.view_comment",
    "comments.change_comment",
    "comments.delete_comment",
    "comments.view_moderationevent",
    "articles.view_article",
}
# Permissions neither role has: comments are never added in the admin, the audit trail
# is never changed, and users, groups, mail and login records are the superuser's.
NOBODY = {
    "comments.add_comment",
    "comments.add_moderationevent",
    "comments.change_moderationevent",
    "comments.delete_moderationevent",
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "auth.change_group",
    "auth.view_group",
    "mailer.view_message",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
}


def group_permissions(name):
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def member(django_user_model, group_name):
    user = django_user_model.objects.create_user(
        username=f"lid-{group_name.lower()}", password="lang-genoeg-wachtwoord", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return django_user_model.objects.get(pk=user.pk)  # no cached permissions


def test_setup_roles_creates_both_groups_with_exactly_their_permissions():
    output = StringIO()
    call_command("setup_roles", stdout=output)

    assert "Groups ready: Medewerkers, Medisch redacteuren, Redacteuren" in output.getvalue()
    assert group_permissions("Medewerkers") == STAFF_PERMISSIONS
    assert group_permissions("Medisch redacteuren") == MEDICAL_EDITOR_PERMISSIONS
    assert group_permissions("Redacteuren") == EDITOR_PERMISSIONS


def test_setup_roles_is_idempotent():
    call_command("setup_roles")
    call_command("setup_roles")

    assert Group.objects.filter(name__in=["Medewerkers", "Redacteuren"]).count() == 2
    assert group_permissions("Medewerkers") == STAFF_PERMISSIONS
    assert group_permissions("Redacteuren") == EDITOR_PERMISSIONS


def test_staff_write_content_and_never_see_comments(roles, django_user_model):
    staff = member(django_user_model, "Medewerkers")

    for permission in sorted(STAFF_PERMISSIONS):
        assert staff.has_perm(permission), permission
    for permission in sorted((EDITOR_PERMISSIONS - STAFF_PERMISSIONS) | NOBODY):
        assert not staff.has_perm(permission), permission
    assert staff.has_module_perms("articles")
    assert not staff.has_module_perms("comments")


def test_editors_moderate_comments_and_only_read_articles(roles, django_user_model):
    editor = member(django_user_model, "Redacteuren")

    for permission in sorted(EDITOR_PERMISSIONS):
        assert editor.has_perm(permission), permission
    for permission in sorted((STAFF_PERMISSIONS - {"articles.view_article"}) | NOBODY):
        assert not editor.has_perm(permission), permission
    assert editor.has_module_perms("comments")


def test_medical_editors_record_reviews_and_never_edit_content(roles, django_user_model):
    medical = member(django_user_model, "Medisch redacteuren")

    for permission in sorted(MEDICAL_EDITOR_PERMISSIONS):
        assert medical.has_perm(permission), permission
    others = (STAFF_PERMISSIONS | EDITOR_PERMISSIONS | NOBODY) - MEDICAL_EDITOR_PERMISSIONS
    for permission in sorted(others):
        assert not medical.has_perm(permission), permission


def test_only_medical_editors_may_record_a_review(roles, django_user_model):
    assert not member(django_user_model, "Medewerkers").has_perm("articles.record_review")
    assert not member(django_user_model, "Redacteuren").has_perm("articles.record_review")


def test_setup_roles_repairs_a_group_changed_by_hand(roles, django_user_model):
    editors = Group.objects.get(name="Redacteuren")
    editors.permissions.remove(Permission.objects.get(codename="change_comment"))
    editors.permissions.add(Permission.objects.get(codename="change_article"))

    call_command("setup_roles")

    editor = member(django_user_model, "Redacteuren")
    assert editor.has_perm("comments.change_comment")
    assert not editor.has_perm("articles.change_article")


def test_an_unknown_permission_stops_setup_and_changes_no_group(roles):
    editors_before = group_permissions("Redacteuren")
    roles = [
        Role("Redacteuren", {"comments": ("view_comment",)}),
        Role("Nieuw", {"articles": ("fly_article",)}),
    ]

    with pytest.raises(LookupError, match=r"articles\.fly_article"):
        ensure_roles(roles)

    assert group_permissions("Redacteuren") == editors_before
    assert not Group.objects.filter(name="Nieuw").exists()


def test_each_app_declares_its_own_role():
    from articles.roles import ROLES as ARTICLE_ROLES
    from comments.roles import ROLES as COMMENT_ROLES

    assert [role.name for role in ARTICLE_ROLES] == ["Medewerkers", "Medisch redacteuren"]
    assert [role.name for role in COMMENT_ROLES] == ["Redacteuren"]
    assert [role.name for role in declared_roles()] == [
        "Medewerkers",
        "Medisch redacteuren",
        "Redacteuren",
    ]


def test_the_articles_roles_know_nothing_of_comments():
    import articles.roles

    tree = ast.parse(Path(articles.roles.__file__).read_text())
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        )
    }
    assert not {name for name in imported if name.split(".")[0] == "comments"}
