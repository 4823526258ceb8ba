"""The Textual app: the App, its screens and dialogs, and widgets. Stylesheets live in the top-level assets/."""
