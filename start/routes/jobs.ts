// Platform: jobs routes.
