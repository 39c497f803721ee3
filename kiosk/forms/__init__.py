"""Guided forms: definitions from the content pack, the answer engine, checks, the printed document."""
