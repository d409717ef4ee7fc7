"""Learning groups, local practices, meetings, invitations, lessons and knowledge products.

The models arrive with the meetings work; the app exists now so that the layout and the dependency
order (bijeenkomsten → intake → trajecten → portal) are fixed from the start."""
