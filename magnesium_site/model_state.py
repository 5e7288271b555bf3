"""What a row was like when it was loaded, for signals that compare it with the save."""


class RemembersLoadedStatus:
    """Keeps the status a row was loaded with as loaded_status (None for a new row), so
    that a signal can tell what visitors saw before a change from what they see after."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.loaded_status = instance.__dict__.get("status")
        return instance
