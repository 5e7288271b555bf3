"""The storage of static files in production: whitenoise's, with addresses remembered."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Each file's address is looked up in the manifest once per process.

    The manifest is read when the process starts and a release restarts the process, so
    an address never changes while it runs; looking one up (the hashed name, quoting and
    joining) costs every page a few of the most expensive template tags it has.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
