"""Validation rules over tables: per-row rules and cross-row rules, as plain registries."""
