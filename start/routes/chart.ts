// Clinical record (cartella) routes.
