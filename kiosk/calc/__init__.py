"""Calculators (算一算): litigation, preservation and enforcement fees, and labour severance."""
