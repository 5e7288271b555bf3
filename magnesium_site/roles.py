"""Staff roles: groups that hold exactly the permissions they need.

Each app declares its own roles in a ``roles`` module with a ``ROLES`` sequence of
:class:`Role`; :func:`ensure_roles` finds them through the app registry, so no app
has to know another app's roles.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class Role:
    """A group name and its permissions, as codenames by app label."""

    name: str
    permissions: dict[str, tuple[str, ...]]


def declared_roles():
    """The roles of every installed app, in the order of INSTALLED_APPS."""
    roles = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "roles"):
            module = import_module(f"{config.name}.roles")
            roles += [role for role in getattr(module, "ROLES", ()) if isinstance(role, Role)]
    names = [role.name for role in roles]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"Roles declared twice: {duplicates}")
    return roles


def ensure_roles(roles=None):
    """Create or repair each role's group so it holds exactly its permissions.

    Without arguments, the roles every installed app declares. Returns the roles.
    """
    roles = declared_roles() if roles is None else list(roles)
    wanted = {}
    # Every permission is looked up before any group changes: a typo changes nothing.
    for role in roles:
        wanted[role.name] = []
        for app_label, codenames in role.permissions.items():
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - {permission.codename for permission in found}
            if missing:
                raise LookupError(
                    f"Unknown permissions for {role.name}: "
                    f"{sorted(f'{app_label}.{code}' for code in missing)}"
                )
            wanted[role.name] += found
    with transaction.atomic():
        for name, permissions in wanted.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
    return roles
