"""The REST API (``/v1/<store>/...``): thin views over ``meetings.services``."""
