"""Corpus stages: compare the articles of a run with one another."""
