"""Offline search over laws, guides and FAQ: jieba segmentation, SQLite FTS5, synonyms."""
