// Platform: backups routes.
