import logging

from django.db import DatabaseError
from django.shortcuts import render

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 instead of a 500 while the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        logger.exception("Database error on %s", request.path)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "private, no-store"
        return response
