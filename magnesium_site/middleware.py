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


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong HTTP method with an empty page; give people a Dutch one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
