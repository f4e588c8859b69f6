"""Article stages: turn one article into the material comparison needs."""
