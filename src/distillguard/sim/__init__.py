"""World simulator: labelled API-log worlds (legitimate personas + distillation operations) as contract tables.

Consumes the shipped sample in sim/data and a SimConfig; produces events, accounts, releases and truth files.
Nothing in the detection product imports this package."""
