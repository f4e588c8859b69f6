"""Models behind small interfaces, each loaded once per process."""
