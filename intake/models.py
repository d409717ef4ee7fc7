"""Enrolments (aanmeldingen), intake conversations and the collected issues (vraagstukken).

The models arrive with the enrolment-and-intake work; the app exists now so that the layout and the
dependency order (bijeenkomsten → intake → trajecten → portal) are fixed from the start."""
