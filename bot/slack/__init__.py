"""The Slack adapter: Bolt listeners, Block Kit rendering, file handling, the HTTP server."""
