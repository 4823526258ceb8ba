"""The pure domain: records, validation, depth, drift, pond rules, weeks, text safety. No files, no Textual."""
