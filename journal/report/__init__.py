"""Reports built from the Journal: the weekly summary and the Markdown export, with their escaping."""
