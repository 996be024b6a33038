// Patient registry and clinical record routes (filled by the patients work).
