"""Models coming into the app from elsewhere, turned into specs."""
