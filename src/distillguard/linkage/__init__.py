"""Account linkage: shared indicators, the weighted account graph and its communities.

Consumes featurized events and the accounts table; produces edges, hubs and communities."""
