"""Small programs and helpers the tests run (kept out of test collection)."""
