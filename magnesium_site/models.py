"""No models. The module makes migrate send post_migrate for this app (see apps.py)."""
