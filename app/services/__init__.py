"""Use cases over the database: they take a session and flush; callers commit."""
