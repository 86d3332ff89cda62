"""Stage 3: what the site shows of a plan: task views, portal, routes, page budget."""
