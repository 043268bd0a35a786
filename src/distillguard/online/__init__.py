"""Online enforcement: the decision service, its shared state, policy as code and replay.

Consumes single requests and batches of completed exchanges at the gateway; produces actions."""
