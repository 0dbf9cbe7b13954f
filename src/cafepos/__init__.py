"""cafepos: counter software for multiservice village cafés, on one signed, hash-chained journal."""

__version__ = "0.1.0"
SOFTWARE_NAME = "cafepos"
