"""backpop."""
