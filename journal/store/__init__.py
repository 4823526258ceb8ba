"""The storage floor: durable files, the Journal, schema and migrations, backup, doctor, paths, drafts."""
