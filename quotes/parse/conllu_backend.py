"""CoNLL-U backend (placeholder until the backend lands)."""
