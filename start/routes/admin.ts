// Administration routes.
