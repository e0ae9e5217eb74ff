"""Realistic demo data: a distributor's team of three reps over twelve months."""
