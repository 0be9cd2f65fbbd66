"""Tests of ``kundenspiel serve``, with a real browser."""
