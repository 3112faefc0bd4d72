# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may call what: the WhatsApp roles and the decorator every public method carries.

Every method a browser (or any JSON-RPC client) can call on our models is
decorated with :func:`require_role`, which checks the caller's role *before*
the method body runs, so a method that later uses ``sudo()`` never does so for
a caller without the role. ``tests`` enumerate our models' public methods and
fail on any that lacks it.
"""

import functools

from odoo.exceptions import AccessError

ROLES = ("analyst", "agent", "editor", "admin")


def role_group(role):
    return f"whatsapp_cs.group_{role}"


def has_role(env, *roles):
    """Whether the environment's user has one of ``roles`` (superuser: always)."""
    return env.su or any(env.user.has_group(role_group(role)) for role in roles)


def check_role(env, *roles):
    if not has_role(env, *roles):
        labels = {
            "analyst": env._("Analyst"),
            "agent": env._("Agent"),
            "editor": env._("Editor"),
            "admin": env._("Administrator"),
        }
        raise AccessError(
            env._(
                "This needs one of the WhatsApp roles: %(roles)s.",
                roles=", ".join(labels[role] for role in roles),
            )
        )


def require_role(*roles):
    """Decorate a public model method: only users with one of ``roles`` call it."""
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"unknown WhatsApp roles {unknown or roles}")

    def decorate(method):
        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            check_role(self.env, *roles)
            return method(self, *args, **kwargs)

        checked.whatsapp_roles = roles
        return checked

    return decorate
