// Platform: live routes.
