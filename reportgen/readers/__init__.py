"""Readers: turn a finished report (its text or PDF) back into an evaluation document."""
