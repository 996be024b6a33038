// Platform: mail routes.
